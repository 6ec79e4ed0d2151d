"""The small exception tree of the engine.

Only :class:`InputError` reaches the user, as one clear line (CLI exit code 3 or a message in the
window). Everything else that goes wrong inside a check becomes a finding in the report.
"""


class InspectorError(Exception):
    """Base class of the engine's own exceptions."""


class InputError(InspectorError):
    """The input cannot be read as a message (wrong format, empty, corrupt container)."""


class UsageError(InspectorError):
    """A caller passed an invalid option (a bad IP, an unreadable snapshot file, …)."""
