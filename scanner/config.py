"""Settings for one run: the profile, thresholds and switches every stage reads. Plain data, so it pickles into
worker processes unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import SEVERITIES
from .resources import load_toml

DEFAULT_PROFILE = "dhda"


class ConfigError(ValueError):
    """A setting the user gave is wrong; the message names it and says what would be right (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    min_cell: int
    mask: str
    source: str


def profiles() -> dict[str, Profile]:
    return {
        name: Profile(name, int(p["min_cell"]), p["mask"], p["source"])
        for name, p in load_toml("patterns", "profiles.toml").items()
    }


def profile(name: str) -> Profile:
    known = profiles()
    if name not in known:
        raise ConfigError(f"unknown profile {name!r}; choose one of: {', '.join(known)}")
    return known[name]


@dataclass(frozen=True, slots=True)
class Settings:
    profile: str = DEFAULT_PROFILE
    min_cell: int = 5
    fail_on: str = "low"
    unmask: bool = False
    zero_is_small: bool = False
    max_file_size: int = 2 * 1024**3
    context_lines: int = 2
    extra_identifiers: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.fail_on not in (*SEVERITIES, "never"):
            raise ConfigError(f"--fail-on must be one of {', '.join((*SEVERITIES, 'never'))}, not {self.fail_on!r}")
        if self.min_cell < 1:
            raise ConfigError(f"min_cell must be a positive whole number, not {self.min_cell}")


def settings_for(profile_name: str = DEFAULT_PROFILE, **overrides: object) -> Settings:
    chosen = profile(profile_name)
    values: dict[str, object] = {"profile": chosen.name, "min_cell": chosen.min_cell}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
