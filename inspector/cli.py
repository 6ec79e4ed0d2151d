"""The command line: ``inspector analyze | lookalike | dns-capture | gui``.

Exit codes (docs/architecture.md §4): 0 a report was produced (failing checks are findings, not errors);
2 usage error; 3 the input cannot be read as a message (one clear line on stderr). Never a traceback.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from inspector import __version__
from inspector.batch.options import add_batch_options, wants_batch
from inspector.errors import InputError, UsageError
from inspector.history_cli import add_history_option, add_history_parser, history_path_for_analysis
from inspector.report.safe_text import visible, visible_line
from inspector.settings import DEFAULT_DNS_BUDGET

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from inspector.dns.source import DnsSource
    from inspector.ingest.message import Message
    from inspector.settings import AnalysisSettings

#: The sub-commands (a launcher uses this to tell "app FILE" from a command).
COMMANDS = ("analyze", "lookalike", "dns-capture", "gui", "history")

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3


def _add_dns_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("DNS")
    g.add_argument("--nameserver", metavar="HOST[:PORT]", help="ask this DNS server instead of the system resolver")
    g.add_argument("--offline", action="store_true", help="send no DNS query at all (air-gapped)")
    g.add_argument(
        "--dns-snapshot", metavar="FILE", help="answer DNS from this snapshot file (dns-snapshot/1 or mailauth cache)"
    )
    g.add_argument("--record-dns", metavar="FILE", help="write every DNS answer used to this snapshot file")


def _add_settings_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--client-ip", metavar="IP", help="SPF: the connecting IP (overrides the trust boundary)")
    p.add_argument("--mail-from", metavar="ADDR", help="SPF: the envelope sender (MAIL FROM)")
    p.add_argument("--helo", metavar="NAME", help="SPF: the HELO/EHLO name")
    p.add_argument(
        "--trusted-authserv-id",
        metavar="ID",
        action="append",
        default=[],
        help="an authserv-id of your own receivers (repeatable)",
    )
    p.add_argument(
        "--trusted-network",
        metavar="CIDR",
        action="append",
        default=[],
        help="a network of your own relays (repeatable)",
    )
    p.add_argument(
        "--own-domain", metavar="DOMAIN", action="append", default=[], help="a domain of your organisation (repeatable)"
    )
    p.add_argument(
        "--protected-domain",
        metavar="DOMAIN",
        action="append",
        default=[],
        help="a domain to protect against lookalikes (repeatable)",
    )
    p.add_argument(
        "--dns-budget",
        metavar="SECONDS",
        help=f"live DNS: the whole analysis' time budget (default {DEFAULT_DNS_BUDGET:g}); "
        "questions run concurrently and none outlives it",
    )
    p.add_argument("--now", metavar="ISO8601", help=argparse.SUPPRESS)


class _Parser(argparse.ArgumentParser):
    """argparse whose messages show control and bidi characters visibly.

    Its errors echo what was typed ("unrecognized arguments: …", "invalid choice: …"), and a file name an
    attacker chose (an attachment saved under its own name) reaches it unchanged.
    """

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(visible(message) if message else message, file)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the GUI's `inspector gui` entry)."""
    parser = _Parser(prog="inspector", description="Email Header Inspector: who really sent this e-mail?")
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser(
        "analyze", help="analyse a message file (.eml, .msg or saved headers), or many: folders, mbox, Maildir"
    )
    a.add_argument("file", metavar="FILE", help="the message; '-' reads pasted headers or a message from stdin")
    a.add_argument("--json", action="store_true", help="print exactly one JSON object")
    add_batch_options(a)
    _add_dns_options(a)
    _add_settings_options(a)
    add_history_option(a)

    lk = sub.add_parser("lookalike", help="run the lookalike checks on pairs from a JSON-lines file")
    lk.add_argument("--pairs", metavar="FILE.jsonl", required=True)
    lk.add_argument("--protected-domain", metavar="DOMAIN", action="append", default=[])

    c = sub.add_parser("dns-capture", help="record every DNS answer a message's checks need into a snapshot")
    c.add_argument("file", metavar="MESSAGE")
    c.add_argument("-o", "--output", metavar="SNAPSHOT", required=True)
    c.add_argument("--nameserver", metavar="HOST[:PORT]")
    _add_settings_options(c)

    add_history_parser(sub)

    g = sub.add_parser("gui", help="open the desktop application")
    g.add_argument("file", metavar="PATH", nargs="?")
    g.add_argument(
        "more",
        metavar="PATH",
        nargs="*",
        help="more messages; a folder, an mbox, a Maildir or many files open the triage table",
    )
    g.add_argument("--offline", action="store_true")
    g.add_argument("--dns-snapshot", metavar="FILE")
    g.add_argument("--nameserver", metavar="HOST[:PORT]")
    g.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="render the window with FILE analysed, save it and exit (writes no settings and no recent files)",
    )
    g.add_argument(
        "--tab",
        metavar="NAME",
        help="the view to show (and capture with --screenshot): auth, chain, hops-table, lookalikes, filters, headers, "
        "body-text, body-source, body-html, links, attachments, details, history",
    )
    g.add_argument(
        "--window-size",
        metavar="WxH",
        help="the window size for --screenshot, e.g. 1024x600 (default 1360x860): how a small screen sees it",
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> AnalysisSettings:
    """AnalysisSettings from the command-line options (validating IPs and networks)."""
    from inspector.settings import AnalysisSettings

    if args.client_ip:
        try:
            ipaddress.ip_address(args.client_ip)
        except ValueError:
            raise UsageError(f"--client-ip: {args.client_ip!r} is not an IP address") from None
    for net in args.trusted_network:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            raise UsageError(f"--trusted-network: {net!r} is not a network") from None
    return AnalysisSettings(
        trusted_authserv_ids=tuple(args.trusted_authserv_id),
        trusted_networks=tuple(args.trusted_network),
        own_domains=tuple(d.lower().rstrip(".") for d in args.own_domain),
        protected_domains=tuple(d.lower().rstrip(".") for d in args.protected_domain),
        client_ip=args.client_ip,
        mail_from=args.mail_from,
        helo=args.helo,
        now=args.now,
        dns_budget=_dns_budget(args.dns_budget),
        history=history_path_for_analysis(args) if hasattr(args, "no_history") else None,
    )


#: A budget above this is a typo, not a wish (the longest a GUI user would wait for a report).
MAX_DNS_BUDGET = 600.0


def _dns_budget(text: str | None) -> float:
    """`--dns-budget SECONDS`: a positive number of seconds, at most MAX_DNS_BUDGET."""
    if text is None:
        return DEFAULT_DNS_BUDGET
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"--dns-budget: {text!r} is not a number of seconds") from None
    if not (0 < value <= MAX_DNS_BUDGET):  # also refuses nan and inf
        raise UsageError(f"--dns-budget: {text!r} must be more than 0 and at most {MAX_DNS_BUDGET:g} seconds")
    return value


def dns_source_from_args(args: argparse.Namespace) -> DnsSource:
    """The DnsSource the options ask for: offline, snapshot, live (system or a given server)."""
    from inspector.dns.factory import make_source

    return make_source(
        offline=bool(getattr(args, "offline", False)),
        snapshot=getattr(args, "dns_snapshot", None),
        nameserver=getattr(args, "nameserver", None),
    )


def _read_message(path: str) -> Message:
    from inspector.ingest import load_bytes, load_file, read_pasted_headers
    from inspector.ingest.detect import Detected, detect

    if path == "-":
        data = sys.stdin.buffer.read()
        if detect(data) is Detected.HEADERS:
            # Header lines without a body separator on stdin are pasted headers: checked as headers only. A
            # file with the same content is a message with an empty body (issue 10 item 4).
            return read_pasted_headers(data.decode("utf-8", errors="surrogateescape"))
        return load_bytes(data, path=None)
    return load_file(path)


def _check_writable(path: str, option: str, *, evidence: str | None = None) -> None:
    """Fail before the work, not after it, when an output file cannot be written or would destroy evidence.

    `evidence` is the message file: an output naming it, a hard link or a symlink to it is refused (the
    snapshot would replace the message). A FIFO or a device as output is refused too (writing would block
    or vanish).
    """
    from inspector.fileio import same_file

    if evidence and evidence != "-" and same_file(path, evidence):
        raise UsageError(f"{option}: {path} is the message file being analysed; the evidence is never overwritten")
    if os.path.exists(path) and not os.path.isdir(path) and not os.path.isfile(path):
        raise UsageError(f"{option}: {path} is not a regular file")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{option}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option}: the folder {folder} is not writable")
    if os.path.isdir(path):
        raise UsageError(f"{option}: {path} is a folder")


def cmd_analyze(args: argparse.Namespace) -> int:
    """`inspector analyze`."""
    if wants_batch(args):
        return _analyze_batch(args)
    from inspector.analyze import analyze
    from inspector.report.to_json import report_to_json
    from inspector.report.to_text import report_to_text

    settings = settings_from_args(args)
    source = dns_source_from_args(args)
    recorder = None
    if args.record_dns:
        _check_writable(args.record_dns, "--record-dns", evidence=args.file)
        from inspector.dns.recording import RecordingSource

        recorder = RecordingSource(source)
        source = recorder
    message = _read_message(args.file)
    report = analyze(message, settings, source)
    if recorder is not None:
        try:
            recorder.save(args.record_dns, messages=[message])
        except OSError as exc:
            raise UsageError(f"--record-dns: cannot write {args.record_dns} ({exc.strerror or exc})") from None
    sys.stdout.write(report_to_json(report) + "\n" if args.json else report_to_text(report))
    return EXIT_OK


def _analyze_batch(args: argparse.Namespace) -> int:
    """`inspector analyze PATH… --jsonl | --csv | --jobs N | --campaigns` (inspector/batch/command.py)."""
    from inspector.batch.command import run_batch
    from inspector.batch.run import DnsChoice

    settings = settings_from_args(args)
    dns_source_from_args(args)  # refuses a bad choice (an unreadable snapshot …) before any work
    dns = DnsChoice(offline=bool(args.offline), snapshot=args.dns_snapshot, nameserver=args.nameserver)
    return run_batch(args, settings, dns)


def cmd_lookalike(args: argparse.Namespace) -> int:
    """`inspector lookalike --pairs FILE`."""
    from inspector.lookalike.pairs import run_pairs

    return run_pairs(args.pairs, sys.stdout, protected=tuple(args.protected_domain))


def cmd_dns_capture(args: argparse.Namespace) -> int:
    """`inspector dns-capture MESSAGE -o SNAPSHOT`."""
    from inspector.capture import capture

    settings = settings_from_args(args)
    _check_writable(args.output, "-o", evidence=args.file)
    message = _read_message(args.file)
    summary = capture(message, settings, args.output, nameserver=args.nameserver)
    sys.stderr.write(visible_line(summary) + "\n")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    """`inspector history learn | show | forget | wipe | stats`."""
    from inspector.history_cli import cmd_history as run

    return run(args)


def cmd_gui(args: argparse.Namespace) -> int:
    """`inspector gui`."""
    from inspector.gui.app import run_gui

    return run_gui(args)


def _safe_streams() -> None:
    """Output that never dies on a character the console cannot show.

    Redirected output (a file, a pipe into a SOAR script) is written as UTF-8 whatever the platform's
    code page is, so the JSON stays exact; a console keeps its encoding and shows what it cannot encode
    as "?" instead of raising UnicodeEncodeError (Windows code pages lack "→").
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            pass


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, letting `analyze`'s PATHs and options come in any order (`analyze a --offline b`).

    argparse gives a `nargs="*"` positional only the paths before the first option; the paths after one
    come back as unknown arguments and are added here. Anything else unknown is still a usage error.
    """
    args, extra = parser.parse_known_args(argv)
    if extra:
        if getattr(args, "command", None) != "analyze" or any(e.startswith("-") and e != "-" for e in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.more = [*args.more, *extra]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `inspector` console script."""
    _safe_streams()
    parser = build_parser()
    args = _parse(parser, argv)
    handlers = {
        "analyze": cmd_analyze,
        "lookalike": cmd_lookalike,
        "dns-capture": cmd_dns_capture,
        "gui": cmd_gui,
        "history": cmd_history,
    }
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handlers[args.command](args)
    except InputError as exc:
        sys.stderr.write(f"inspector: {visible_line(exc)}\n")
        return EXIT_INPUT
    except UsageError as exc:
        sys.stderr.write(f"inspector: {visible_line(exc)}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the contract: never a traceback (BLE001 allows it: re-raised in debug mode)
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        sys.stderr.write(f"inspector: internal error: {type(exc).__name__}: {visible_line(exc)}\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
