"""Machine-wide defaults chosen at install time: which DNS the GUI uses until the user picks one.

Live DNS is a read receipt: opening a message makes the workstation ask name servers that the sender may
run (their domain's SPF, DKIM and DMARC records) — the attacker learns that, and when, the message was
opened. An organisation can therefore choose at install time whether new users start offline, from a
snapshot, or live. The installers write the file; the user's own choice in Settings always wins.

The file is JSON, at most 64 KB, read from the first of these that exists:

1. ``$INSPECTOR_DEFAULTS`` (a path; for administrators and tests),
2. ``defaults.json`` beside the program (the frozen app's folder; on macOS ``Contents/Resources``),
3. the system location: Linux ``/etc/email-header-inspector/defaults.json``; Windows
   ``%ProgramData%\\Email Header Inspector\\defaults.json``; macOS
   ``/Library/Application Support/Email Header Inspector/defaults.json``.

Keys (all optional; unknown keys are ignored so later versions can add some)::

    {"dns_mode": "offline" | "snapshot" | "live",
     "snapshot_file": "/path/to/snapshot.json",   # with "snapshot"
     "nameserver": "HOST[:PORT]"}                  # with "live": ask this server instead of the system's

A file that cannot be read or parsed is ignored (the built-in default applies) and the reason is kept in
:attr:`MachineDefaults.problem`, which the Settings dialog shows.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 64 * 1024
DNS_MODES = ("offline", "snapshot", "live")
#: What the GUI uses when no defaults file names a mode and the user has not chosen yet: offline. An analyst
#: on an air-gapped or monitored machine must never send DNS without having said so (live DNS is a read
#: receipt), and ``inspector gui FILE --screenshot`` shows no first-run dialog to ask.
BUILT_IN_DNS_MODE = "offline"


@dataclass(frozen=True, slots=True)
class MachineDefaults:
    """The install-time defaults (or the built-in ones), with where they came from."""

    dns_mode: str = BUILT_IN_DNS_MODE
    snapshot_file: str = ""
    nameserver: str = ""
    source: str = ""  # the file read, "" for the built-in defaults
    problem: str = ""  # why a file found was ignored
    #: The file names a ``dns_mode``: an administrator chose it at install time, so users are not asked.
    dns_mode_chosen: bool = False


def candidate_paths() -> list[Path]:
    """Where the defaults file is looked for, in order."""
    paths: list[Path] = []
    env = os.environ.get("INSPECTOR_DEFAULTS")
    if env:
        paths.append(Path(env))
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        paths.append(exe_dir / "defaults.json")
        if sys.platform == "darwin":
            paths.append(exe_dir.parent / "Resources" / "defaults.json")
    if sys.platform.startswith("win"):
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        paths.append(Path(program_data) / "Email Header Inspector" / "defaults.json")
    elif sys.platform == "darwin":
        paths.append(Path("/Library/Application Support/Email Header Inspector/defaults.json"))
    else:
        paths.append(Path("/etc/email-header-inspector/defaults.json"))
    return paths


def parse_defaults(text: str, source: str) -> MachineDefaults:
    """The defaults in `text` (the file's content); a bad file gives the built-in defaults and a problem."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return MachineDefaults(source=source, problem=f"{source}: not JSON ({exc})")
    if not isinstance(data, dict):
        return MachineDefaults(source=source, problem=f"{source}: not a JSON object")
    mode = data.get("dns_mode", BUILT_IN_DNS_MODE)
    if mode not in DNS_MODES:
        return MachineDefaults(source=source, problem=f"{source}: dns_mode must be one of {', '.join(DNS_MODES)}")
    snapshot = data.get("snapshot_file", "")
    nameserver = data.get("nameserver", "")
    if not isinstance(snapshot, str) or not isinstance(nameserver, str):
        return MachineDefaults(source=source, problem=f"{source}: snapshot_file and nameserver must be strings")
    if mode == "snapshot" and not snapshot:
        return MachineDefaults(source=source, problem=f"{source}: dns_mode 'snapshot' needs snapshot_file")
    return MachineDefaults(mode, snapshot, nameserver, source=source, dns_mode_chosen="dns_mode" in data)


def load_defaults(paths: list[Path] | None = None) -> MachineDefaults:
    """The machine's defaults: the first defaults file that exists, else the built-in ones."""
    for path in candidate_paths() if paths is None else paths:
        try:
            if not path.is_file():
                continue
            with path.open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            return MachineDefaults(source=str(path), problem=f"{path}: cannot be read ({exc.strerror or exc})")
        if len(raw) > MAX_BYTES:
            return MachineDefaults(source=str(path), problem=f"{path}: larger than {MAX_BYTES // 1024} KB")
        return parse_defaults(raw.decode("utf-8", errors="replace"), str(path))
    return MachineDefaults()
