"""Write the man pages of the two installed commands from the CLI's own argument parser.

    python packaging/linux/make_manpages.py OUT_DIR VERSION DATE

Generated, not hand-written, so a new sub-command or option can never be missing from them: every
sub-command, argument and option of ``inspector.cli.build_parser()`` is listed with its help text.
``inspector`` is the command line; ``email-header-inspector`` is the same program plus the desktop
launcher's rules (no arguments: the window; a file: the window on that file), as installed by the .deb.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inspector.cli import build_parser

LAUNCHER_NOTE = """\
.SH LAUNCHER
Started with no arguments, \\fBemail-header-inspector\\fR opens the desktop application; started with
a message file as its only argument (what a double-click or \\fIOpen with\\fR passes) it opens the
application on that file.
Anything else is the command line, exactly as \\fBinspector\\fR(1).
"""


def esc(text: str) -> str:
    """Text safe for roff: backslashes doubled, a leading dot or quote neutralised."""
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def option_lines(parser: argparse.ArgumentParser) -> list[str]:
    """.TP entries for every positional argument and option of one parser (help and SUPPRESSed left out)."""
    out: list[str] = []
    for action in parser._actions:  # argparse has no public iterator over its actions
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings:
            names = ", ".join(f"\\fB{esc(o)}\\fR" for o in action.option_strings)
            if action.nargs != 0:
                names += f" \\fI{esc(action.metavar or action.dest.upper())}\\fR"
        else:
            names = f"\\fI{esc(str(action.metavar or action.dest))}\\fR"
        out += [".TP", names, esc(action.help or "")]
    return out


def page(name: str, version: str, date: str) -> str:
    """The whole man page of `name` (inspector or email-header-inspector)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    lines = [
        f'.TH {esc(name.upper())} 1 "{date}" "Email Header Inspector {version}" "User Commands"',
        ".SH NAME",
        f"{esc(name)} \\- who really sent this e\\-mail? (SPF, DKIM, ARC, DMARC, lookalikes)",
        ".SH SYNOPSIS",
    ]
    if name != "inspector":
        lines += [f".B {esc(name)}", "[\\fIFILE\\fR]", ".br"]
    lines += [f".B {esc(name)}", "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]", ".br", f".B {esc(name)}", "\\fB\\-\\-version\\fR"]
    lines += [
        ".SH DESCRIPTION",
        "Email Header Inspector re\\-verifies SPF, DKIM, ARC and DMARC itself, walks the Received chain hop by",
        "hop, detects lookalike domains and display\\-name impersonation, and gives a plain\\-language verdict",
        "(ok, suspicious, dangerous) with its reasons. It reads .eml files, Outlook .msg files and pasted",
        "headers, never loads remote content and never changes the evidence file.",
    ]
    if name != "inspector":
        lines.append(LAUNCHER_NOTE.rstrip("\n"))
    lines.append(".SH COMMANDS")
    for cmd, sp in sub.choices.items():
        lines += [".SS " + f"{esc(name)} {esc(cmd)}", esc(helps.get(cmd) or sp.description or ""), *option_lines(sp)]
    lines += [
        ".SH EXIT STATUS",
        ".TP",
        "0",
        "a report was produced (failing checks are findings, not errors)",
        ".TP",
        "2",
        "usage error",
        ".TP",
        "3",
        "the input cannot be read as a message",
        ".SH FILES",
        ".TP",
        "/etc/email\\-header\\-inspector/defaults.json",
        'the desktop application\'s DNS default for every user: {"dns_mode": "offline"}, "snapshot" or "live"',
        ".SH SEE ALSO",
        "\\fBinspector\\fR(1)" if name != "inspector" else "\\fBemail\\-header\\-inspector\\fR(1)",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    """Write inspector.1 and email-header-inspector.1 into OUT_DIR."""
    out, version, date = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    out.mkdir(parents=True, exist_ok=True)
    for name in ("inspector", "email-header-inspector"):
        (out / f"{name}.1").write_text(page(name, version, date), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
