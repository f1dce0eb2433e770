"""Outputs read by their layout, wherever they appear: readers per medium turn bytes into tables with the
original position of every cell (`readers/`)."""
