"""Settings for one run: the profile, thresholds and switches every stage reads. Plain data, so it pickles into
worker processes unchanged.

Where settings come from, most specific first: command-line options, then the project's configuration file, then
the profile's defaults. The configuration file is the first of these that exists:

1. `--config FILE` (any name; a `pyproject.toml` is read from its `[tool.sdcscan]` table);
2. else, looking upward from each scanned path (its folder, then each parent, as ruff does): the first folder that
   holds `sdcscan.toml`, or a `pyproject.toml` with a `[tool.sdcscan]` table (`sdcscan.toml` wins in one folder).
   The search stops after the repository root (a folder holding `.git`) or at the filesystem root. That folder is
   the configuration root: its `.sdcscanignore` applies, and exclude patterns are relative to it. Paths under
   different configurations cannot be scanned in one run (each would be judged by the other's rules).

Unknown keys and bad values are errors that name the file, the key and a likely fix; they are never ignored, because
a silently ignored `disable = [...]` typo would change what a reviewer is told.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .model import CATEGORIES, SEVERITIES
from .registry import catalogue
from .resources import load_toml
from .vocab import Severity

DEFAULT_PROFILE = "dhda"
CONFIG_FILE = "sdcscan.toml"
PYPROJECT = "pyproject.toml"
# A CPR number is never acceptable in an export: no setting may silence or downgrade it.
LOCKED_CATEGORY = "cpr"


class ConfigError(ValueError):
    """A setting the user gave is wrong; the message names it and says what would be right (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    min_cell: int
    mask: str
    source: str
    # Counts must be multiples of this base (0: no rounding required).
    round_to: int = 0
    # Model output must have at least this many residual degrees of freedom.
    min_residual_df: int = 10


def profiles() -> dict[str, Profile]:
    return {
        name: Profile(
            name,
            int(p["min_cell"]),
            p["mask"],
            p["source"],
            int(p.get("round_to", 0)),
            int(p.get("min_residual_df", 10)),
        )
        for name, p in load_toml("patterns", "profiles.toml").items()
    }


def profile(name: str) -> Profile:
    known = profiles()
    if name not in known:
        raise ConfigError(f"unknown profile {name!r}; choose one of: {', '.join(known)}{suggest(name, known)}")
    return known[name]


@dataclass(frozen=True, slots=True)
class Settings:
    profile: str = DEFAULT_PROFILE
    min_cell: int = 5
    fail_on: str = "low"
    unmask: bool = False
    zero_is_small: bool = False
    round_to: int = 0
    min_residual_df: int = 10
    max_file_size: int = 2 * 1024**3
    # Seconds one file may take before its worker is stopped and the file reported unscanned.
    timeout: float = 600.0
    # Files above this size are streamed line by line instead of read whole, so memory stays bounded.
    stream_above: int = 64 * 1024 * 1024
    # Logs and listings are parsed in one forward pass over their lines anyway: streamed above this size, a worker
    # holds a few MB instead of ~5x the file (its bytes, its text and its list of lines), findings unchanged.
    stream_outputs_above: int = 8 * 1024 * 1024
    # Findings of one rule in one file beyond this many are folded into one finding that counts them and names their
    # lines: a log of 400,000 `put pnr=` lines needs reading once, not 400,000 entries, and memory stays bounded.
    max_findings_per_rule: int = 200
    # Symbolic links are listed, not followed, unless asked: a link can lead out of the project or into a loop.
    follow_symlinks: bool = False
    extra_identifiers: tuple[str, ...] = field(default_factory=tuple)
    extra_names: tuple[str, ...] = field(default_factory=tuple)
    include: tuple[str, ...] = field(default_factory=tuple)
    exclude: tuple[str, ...] = field(default_factory=tuple)
    # Rule ids or categories; a rule id outranks its category, so `disable = ["extreme-value"]` with
    # `enable = ["extreme-value.min-max"]` keeps that one rule. An empty `enable` means every rule.
    enable: tuple[str, ...] = field(default_factory=tuple)
    # Rule ids or categories added to what runs without narrowing it; the way to switch on an opt-in rule.
    extend_enable: tuple[str, ...] = field(default_factory=tuple)
    disable: tuple[str, ...] = field(default_factory=tuple)
    # (rule id or category, severity) pairs: a tuple, not a dict, so Settings stays hashable.
    severity: tuple[tuple[str, Severity], ...] = field(default_factory=tuple)
    config_file: str | None = None
    # The folder of a configuration file found upward: where `.sdcscanignore` is read and patterns anchor (None: the
    # scanned folder, also for --config).
    config_root: str | None = None

    def __post_init__(self) -> None:
        if self.fail_on not in (*SEVERITIES, "never"):
            raise ConfigError(f"--fail-on must be one of {', '.join((*SEVERITIES, 'never'))}, not {self.fail_on!r}")
        if self.min_cell < 1:
            raise ConfigError(f"min_cell must be a positive whole number, not {self.min_cell}")

    @property
    def cell_mask(self) -> str:
        """How a small cell is shown: the profile's mask (`<5`), or `<N` when the file sets its own threshold."""
        chosen = profile(self.profile)
        return chosen.mask if chosen.min_cell == self.min_cell else f"<{self.min_cell}"

    def rule_enabled(self, rule: str, category: str) -> bool:
        known = catalogue().get(rule)
        if category == LOCKED_CATEGORY or (known is not None and known.locked):
            return True
        if known is not None and known.opt_in:
            # Only its own id switches an opt-in rule on: `enable = ["listing"]` does not bring in the noisy one.
            return rule not in self.disable and (rule in self.enable or rule in self.extend_enable)
        for name in (rule, category):
            if name in self.disable:
                return False
            if name in self.enable or name in self.extend_enable:
                return True
        # `enable` narrows the checks; it never hides that a file could not be checked at all.
        return not self.enable or category == "unscanned"

    def severity_of(self, rule: str, category: str, default: Severity) -> Severity:
        chosen = dict(self.severity)
        return chosen.get(rule) or chosen.get(category) or default


def settings_for(profile_name: str = DEFAULT_PROFILE, **overrides: object) -> Settings:
    chosen = profile(profile_name)
    values: dict[str, object] = {"profile": chosen.name, **_thresholds(chosen)}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]


def _thresholds(chosen: Profile) -> dict[str, int]:
    """The settings a profile brings: a profile named on the command line brings all of them."""
    return {"min_cell": chosen.min_cell, "round_to": chosen.round_to, "min_residual_df": chosen.min_residual_df}


# --- configuration files --------------------------------------------------------------------------------------


def suggest(given: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(given, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def locked(name: str) -> bool:
    """Whether a rule id or category belongs to the category no setting or directive may silence."""
    rules = catalogue()
    return name == LOCKED_CATEGORY or (name in rules and rules[name].category == LOCKED_CATEGORY)


def _string_list(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f'{where}: {key} must be a list of non-empty strings, e.g. {key} = ["..."]')
    return tuple(value)


def _rule_names(where: str, key: str, value: object) -> tuple[str, ...]:
    names = _string_list(where, key, value)
    rules = catalogue()
    known = {*rules, *CATEGORIES}
    for name in names:
        if name not in known:
            raise ConfigError(f"{where}: {key}: no rule or category {name!r}{suggest(name, known)}")
        if locked(name) and key not in ("enable", "extend_enable"):
            raise ConfigError(f"{where}: {key}: {name!r} cannot be configured; a CPR number is never acceptable")
    return names


def _severities(where: str, key: str, value: object) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: {key} must be a table, e.g. [{key}] "r.head" = "medium"')
    names = _rule_names(where, key, list(value))
    for name in names:
        if value[name] not in SEVERITIES:
            wanted = ", ".join(SEVERITIES)
            raise ConfigError(f"{where}: {key}.{name} must be one of {wanted}, not {value[name]!r}")
    return tuple(sorted((name, cast(Severity, value[name])) for name in names))  # each checked above


def _boolean(where: str, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
    return value


def _profile_name(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or value not in profiles():
        raise ConfigError(
            f"{where}: {key}: unknown profile {value!r}; choose one of: {', '.join(profiles())}"
            f"{suggest(str(value), profiles())}"
        )
    return value


def _min_cell(where: str, key: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where}: {key} must be a positive whole number of persons, not {value!r}")
    return value


def _whole(where: str, key: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where}: {key} must be a whole number (0 to switch it off), not {value!r}")
    return value


def _positive(where: str, key: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where}: {key} must be a positive whole number, not {value!r}")
    return value


def _fail_on(where: str, key: str, value: object) -> str:
    levels = (*SEVERITIES, "never")
    if value not in levels:
        raise ConfigError(
            f"{where}: {key} must be one of {', '.join(levels)}, not {value!r}{suggest(str(value), levels)}"
        )
    return str(value)


# key in the file -> (Settings field, reader). Every key a file may hold is here and nowhere else.
_KEYS: dict[str, tuple[str, Callable[[str, str, object], Any]]] = {
    "profile": ("profile", _profile_name),
    "min_cell": ("min_cell", _min_cell),
    "fail_on": ("fail_on", _fail_on),
    "include": ("include", _string_list),
    "exclude": ("exclude", _string_list),
    "enable": ("enable", _rule_names),
    "extend_enable": ("extend_enable", _rule_names),
    "disable": ("disable", _rule_names),
    "severity": ("severity", _severities),
    "extra_identifiers": ("extra_identifiers", _string_list),
    "extra_names": ("extra_names", _string_list),
    "zero_is_small": ("zero_is_small", _boolean),
    "round_to": ("round_to", _whole),
    "min_residual_df": ("min_residual_df", _whole),
    "max_findings_per_rule": ("max_findings_per_rule", _positive),
}


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A configuration file that was found and read: where it is and the settings it holds (already checked)."""

    path: Path
    label: str
    values: dict[str, Any]


def _shown(path: Path) -> str:
    """The path as the user knows it: relative to the working folder when below it (reports then carry no home
    folder names), else as it is."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path, table: bool) -> ConfigFile | None:
    label = _shown(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{label}: not valid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{label}: cannot be read: {getattr(err, 'strerror', None) or err}") from None
    if table:
        tool = data.get("tool", {})
        if "sdcscan" not in tool:
            return None
        data, label = tool["sdcscan"], f"{path} [tool.sdcscan]"
        if not isinstance(data, dict):
            raise ConfigError(f"{label} must be a table")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{label}: unknown key {key!r}{suggest(key, _KEYS)}; known keys: {', '.join(_KEYS)}")
        name, reader = _KEYS[key]
        values[name] = reader(label, key, value)
    return ConfigFile(path, label, values)


def _upward(start: Path) -> ConfigFile | None:
    """The first configuration from `start` upward, stopping after a repository root or at the filesystem root."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return _read(own, table=False)
        pyproject = folder / PYPROJECT
        found = _read(pyproject, table=True) if pyproject.is_file() else None
        if found is not None:
            return found
        if (folder / ".git").exists():
            return None
    return None


def find_config(root: Path | Sequence[Path], explicit: Path | None = None) -> ConfigFile | None:
    """The configuration that applies to a scan of `root` (one path or several; see the module doc), or None."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"--config: no such file: {explicit}")
        found = _read(explicit, table=explicit.name == PYPROJECT)
        if found is None:
            raise ConfigError(f"--config: {explicit} has no [tool.sdcscan] table")
        return found
    starts = [p.resolve() for p in ([root] if isinstance(root, Path) else root)]
    configs = [(start, _upward(start if start.is_dir() else start.parent)) for start in starts]

    def key(config: ConfigFile | None) -> Path | None:
        return None if config is None else config.path.resolve()

    first, config = configs[0] if configs else (None, None)
    for other, its in configs[1:]:
        if key(its) != key(config):
            raise ConfigError(
                f"{first} and {other} are under different configurations ({config.label if config else 'none'}, "
                f"{its.label if its else 'none'}); scan them separately"
            )
    return config


def resolve(
    root: Path | Sequence[Path], explicit: Path | None = None, profile_name: str | None = None, **overrides: object
) -> Settings:
    """Settings for a scan of `root`: command-line values (`None` = not given) over the file over the profile.

    A profile named on the command line brings its own thresholds, so `--profile strict` is never weakened by a
    `min_cell` (or `round_to`, `min_residual_df`) in the file.
    """
    found = find_config(root, explicit)
    values = dict(found.values) if found else {}
    if profile_name is not None:
        values["profile"] = profile_name
        for key in _thresholds(profile(profile_name)):
            values.pop(key, None)
    chosen = profile(values.pop("profile", DEFAULT_PROFILE))
    for key, value in _thresholds(chosen).items():
        values.setdefault(key, value)
    values.update({k: v for k, v in overrides.items() if v is not None})
    if found:
        values["config_file"] = found.label
    if found and explicit is None:
        # A file given with --config may live anywhere: its patterns keep meaning the scanned folder, as before.
        values["config_root"] = str(found.path.resolve().parent)
    return Settings(profile=chosen.name, **values)
