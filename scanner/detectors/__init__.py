"""Text detectors: pure functions from a string to hits, shared by every rule that reads free text."""
