"""The user's settings, kept in QSettings: organisation context, DNS mode, recent files, window state.

Lists are stored as newline-joined strings because QSettings returns a one-element list as a plain
string on some back-ends (INI, registry); one encoding avoids that trap everywhere.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from inspector.dns.source import DnsSource
from inspector.gui.defaults import MachineDefaults, load_defaults
from inspector.paths import history_for_analysis
from inspector.settings import DEFAULT_DNS_BUDGET, AnalysisSettings

ORGANISATION = "EmailHeaderInspector"
APPLICATION = "Email Header Inspector"
#: Not in a group named "general": QSettings' INI files (Linux, macOS) write that group as [%General] and
#: read it back as "General/...", so a "general/..." key was lost at every restart and the first-run dialog
#: came back each time.
FIRST_RUN_KEY = "firstrun/done"
MAX_RECENT = 10


class DnsMode(enum.Enum):
    """How the analysis asks DNS."""

    SYSTEM = "system"
    NAMESERVER = "nameserver"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class OrgSettings:
    """What the Settings dialog edits (a value object, so the dialog can validate before saving)."""

    protected_domains: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = ()
    trusted_authserv_ids: tuple[str, ...] = ()
    trusted_networks: tuple[str, ...] = ()
    #: Offline until someone chooses live DNS (the user, or an administrator's defaults.json).
    dns_mode: DnsMode = DnsMode.OFFLINE
    nameserver: str = ""
    snapshot_file: str = ""
    #: Live DNS: the whole analysis' time budget in seconds (the engine's AnalysisSettings.dns_budget).
    dns_budget: float = DEFAULT_DNS_BUDGET
    #: The sender-history store; empty: the one in the user's data folder (`inspector.paths`).
    history_file: str = ""


def validate(org: OrgSettings) -> list[str]:
    """Human-readable problems with the settings (empty when they can be saved)."""
    problems: list[str] = []
    for net in org.trusted_networks:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            problems.append(f"“{net}” is not a network (write e.g. 192.0.2.0/24)")
    if org.dns_mode is DnsMode.NAMESERVER:
        from inspector.dns.live import parse_nameserver
        from inspector.errors import UsageError

        try:
            parse_nameserver(org.nameserver)
        except UsageError as exc:
            problems.append(f"DNS server: {exc}")
        except Exception:  # noqa: BLE001 - any parse problem is a user-facing message
            problems.append(f"DNS server: “{org.nameserver}” is not HOST[:PORT]")
    return problems


#: The budget the Settings dialog offers (seconds); a stored value outside it falls back to the default.
DNS_BUDGET_RANGE = (1.0, 120.0)


def _budget(value: object) -> float:
    try:
        seconds = float(str(value))
    except ValueError:
        return DEFAULT_DNS_BUDGET
    low, high = DNS_BUDGET_RANGE
    return seconds if low <= seconds <= high else DEFAULT_DNS_BUDGET


def _split(text: object) -> tuple[str, ...]:
    items = [str(x) for x in text] if isinstance(text, (list, tuple)) else str(text or "").splitlines()
    return tuple(x.strip() for x in items if x.strip())


def _domains(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(d.lower().rstrip(".") for d in items)


class GuiSettings:
    """Typed access to QSettings (tests pass an INI-file QSettings of their own)."""

    def __init__(self, store: QSettings | None = None, defaults: MachineDefaults | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANISATION, APPLICATION)
        self._defaults = defaults

    @property
    def defaults(self) -> MachineDefaults:
        """The install-time defaults (read once, on first use)."""
        if self._defaults is None:
            self._defaults = load_defaults()
        return self._defaults

    def default_dns(self) -> tuple[DnsMode, str, str]:
        """(mode, nameserver, snapshot file) when the user has not chosen: the install-time choice, else
        offline. Only an explicit "live" (the administrator's) sends DNS before the user said so."""
        d = self.defaults
        if d.dns_mode == "live":
            return (DnsMode.NAMESERVER, d.nameserver, "") if d.nameserver else (DnsMode.SYSTEM, "", "")
        if d.dns_mode == "snapshot":
            return DnsMode.OFFLINE, "", d.snapshot_file
        return DnsMode.OFFLINE, "", ""

    def dns_chosen(self) -> bool:
        """True once the user saved a DNS mode (Settings or the first-run dialog)."""
        return self.store.contains("dns/mode")

    def first_run_done(self) -> bool:
        """True once the first-run dialog was answered."""
        return str(self.store.value(FIRST_RUN_KEY, "")) == "1"

    def needs_first_run(self) -> bool:
        """Whether the first-run DNS question is still to be asked: not when it was answered, nor when an
        administrator chose the DNS mode at install time (defaults.json with ``dns_mode``)."""
        return not self.first_run_done() and not self.defaults.dns_mode_chosen

    def first_run_proposal(self) -> DnsMode:
        """What the first-run dialog preselects: offline (the product's users include air-gapped analysts,
        and live DNS is a read receipt), unless the user already chose a live mode in Settings."""
        if self.dns_chosen() and self.load().dns_mode is not DnsMode.OFFLINE:
            return DnsMode.SYSTEM
        return DnsMode.OFFLINE

    def mark_first_run_done(self) -> None:
        """Remember that the first-run dialog was answered."""
        self.store.setValue(FIRST_RUN_KEY, "1")
        self.store.sync()

    # -- organisation and DNS -------------------------------------------------------------------------
    def load(self) -> OrgSettings:
        """The saved settings (defaults where nothing is saved yet)."""
        s = self.store
        default_mode, default_server, default_snapshot = self.default_dns()
        if not self.dns_chosen():
            mode, nameserver, snapshot = default_mode, default_server, default_snapshot
        else:
            try:
                mode = DnsMode(str(s.value("dns/mode")))
            except ValueError:
                mode = default_mode
            nameserver = str(s.value("dns/nameserver", "") or "")
            snapshot = str(s.value("dns/snapshot_file", "") or "")
        return OrgSettings(
            protected_domains=_domains(_split(s.value("analysis/protected_domains", ""))),
            own_domains=_domains(_split(s.value("analysis/own_domains", ""))),
            trusted_authserv_ids=_split(s.value("analysis/trusted_authserv_ids", "")),
            trusted_networks=_split(s.value("analysis/trusted_networks", "")),
            dns_mode=mode,
            nameserver=nameserver,
            snapshot_file=snapshot,
            dns_budget=_budget(s.value("dns/budget", DEFAULT_DNS_BUDGET)),
            history_file=str(s.value("history/file", "") or ""),
        )

    def save(self, org: OrgSettings) -> None:
        """Persist `org` (call `validate` first)."""
        s = self.store
        s.setValue("analysis/protected_domains", "\n".join(org.protected_domains))
        s.setValue("analysis/own_domains", "\n".join(org.own_domains))
        s.setValue("analysis/trusted_authserv_ids", "\n".join(org.trusted_authserv_ids))
        s.setValue("analysis/trusted_networks", "\n".join(org.trusted_networks))
        s.setValue("dns/mode", org.dns_mode.value)
        s.setValue("dns/nameserver", org.nameserver)
        s.setValue("dns/snapshot_file", org.snapshot_file)
        s.setValue("dns/budget", org.dns_budget)
        s.setValue("history/file", org.history_file)
        s.sync()

    def analysis_settings(self) -> AnalysisSettings:
        """The engine's settings built from what the user saved."""
        org = self.load()
        return AnalysisSettings(
            trusted_authserv_ids=org.trusted_authserv_ids,
            trusted_networks=tuple(n for n in org.trusted_networks if _is_network(n)),
            own_domains=org.own_domains,
            protected_domains=org.protected_domains,
            dns_budget=org.dns_budget,
            history=history_for_analysis(org.history_file),
        )

    def dns_factory(self) -> Callable[[], DnsSource]:
        """A function that builds the DNS source the settings ask for (called in the worker thread)."""
        return dns_factory_for(self.load())

    # -- recent files and window state ---------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Most recent first (exactly as opened, also names that are not valid UTF-8)."""
        return [_decode_path(p) for p in _split(self.store.value("recent/files", ""))]

    def add_recent(self, path: str) -> None:
        """Put `path` at the top of the recent-files list."""
        items = [p for p in self.recent_files() if p != path]
        items.insert(0, path)
        self.store.setValue("recent/files", "\n".join(_encode_path(p) for p in items[:MAX_RECENT]))

    def clear_recent(self) -> None:
        """Forget every recent file."""
        self.store.setValue("recent/files", "")

    def window_state(self, key: str) -> QByteArray | None:
        """A saved geometry/state blob, or None."""
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        """Save a geometry/state blob."""
        self.store.setValue(f"window/{key}", value)

    def sync(self) -> None:
        """Write to disk now."""
        self.store.sync()


#: Marks a stored path that is not valid Unicode (its bytes follow, base64-encoded).
_FS_BYTES = "fsbytes:"


def _encode_path(path: str) -> str:
    """`path` as QSettings can store it: as is, or its bytes in base64 when it holds lone surrogates (a file
    name that is not valid UTF-8, PEP 383), which QSettings would silently drop."""
    import base64

    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return _FS_BYTES + base64.b64encode(os.fsencode(path)).decode("ascii")
    return path


def _decode_path(stored: str) -> str:
    import base64
    import binascii

    if stored.startswith(_FS_BYTES):
        try:
            return os.fsdecode(base64.b64decode(stored[len(_FS_BYTES) :], validate=True))
        except (binascii.Error, ValueError):
            return stored
    return stored


def history_path(org: OrgSettings) -> str:
    """The sender-history store the History tab writes (remember, forget, wipe): the chosen file, else the
    default, created on the first "remember". The analyses read `inspector.paths.history_for_analysis`'s
    choice (the default only once it exists), the same rule as the command line's."""
    if org.history_file.strip():
        return org.history_file.strip()
    from inspector.paths import default_history_path

    return str(default_history_path())


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def build_source(mode: DnsMode, nameserver: str, snapshot: str) -> DnsSource:
    """The DNS source for a mode (runs where the analysis runs: the analysis child process)."""
    from inspector.dns.factory import make_source

    if mode is DnsMode.OFFLINE:
        return make_source(offline=True, snapshot=snapshot or None)
    if mode is DnsMode.NAMESERVER and nameserver:
        return make_source(nameserver=nameserver)
    return make_source()


def dns_factory_for(org: OrgSettings) -> Callable[[], DnsSource]:
    """DNS source for the mode: system resolver, a given server, offline (with a snapshot when one is set).

    A `functools.partial` of a module function, not a closure: it is sent to the analysis child process.
    """
    return functools.partial(build_source, org.dns_mode, org.nameserver, org.snapshot_file)


def describe_mode(org: OrgSettings) -> str:
    """The DNS mode in a few words, for the status bar."""
    if org.dns_mode is DnsMode.OFFLINE:
        return f"DNS: offline, snapshot {org.snapshot_file}" if org.snapshot_file else "DNS: offline (no queries)"
    if org.dns_mode is DnsMode.NAMESERVER and org.nameserver:
        return f"DNS: live via {org.nameserver}"
    return "DNS: live (system resolver)"


def analysis_inputs_changed(before: OrgSettings, after: OrgSettings) -> bool:
    """Whether a settings change can change a report: trusted ids or networks, own or protected domains, or
    how DNS is asked (the window then analyses the open messages again)."""
    keys = (
        "protected_domains",
        "own_domains",
        "trusted_authserv_ids",
        "trusted_networks",
        "dns_mode",
        "nameserver",
        "snapshot_file",
        "dns_budget",
    )
    return any(getattr(before, k) != getattr(after, k) for k in keys)
