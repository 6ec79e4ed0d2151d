"""Print the engine's CPU time per message, in one process, as a batch worker spends it (issue 16 item 3).

    .venv/bin/python benchmarks/bench_engine_cpu.py [--runs 3] [--corpus phishing_pot legit-dev] [--profile N]

Every message of the corpus is read into memory first, then analysed exactly as a `--jobs N` worker of
``inspector analyze PATH… --offline --jsonl`` does it: the settings from the command-line parser (with no
history store), the offline DNS source, ``inspector.batch.run.analyse_item`` (unwrap a report forward, load,
analyse, serialise the report to its JSON line, the summary and the campaign indicators). A warm-up pass
fills the caches a worker fills with its first messages (imports, reference tables); then each run is timed
with ``time.process_time`` (CPU of this process, not the wall clock: the machine is shared), and the best
and median run are printed in milliseconds per message, with the load average beside them.

``--profile N`` instead runs the corpus once under cProfile and prints the N costliest functions by own
time and by cumulative time (cProfile inflates functions with many small calls); ``--sample N`` samples the
Python stack every millisecond of CPU (``ITIMER_PROF``) and prints the N functions seen most, inside a
function of their own (self) and anywhere on the stack (total), in per cent of the samples.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.batch.readers import iter_inputs  # noqa: E402
from inspector.batch.run import BatchJob, DnsChoice, Item, analyse_item  # noqa: E402
from inspector.cli import build_parser, settings_from_args  # noqa: E402
from tests.support.corpora import LEGIT, PHISHING  # noqa: E402

CORPORA = {"phishing_pot": PHISHING, "legit-dev": LEGIT}


def batch_job() -> BatchJob:
    """The job a worker of ``inspector analyze … --offline --jsonl`` gets (no history store is read)."""
    args = build_parser().parse_args(["analyze", str(PHISHING), "--offline", "--jsonl", "--no-history"])
    return BatchJob(settings=settings_from_args(args), dns=DnsChoice(offline=True), report_json=True)


def _load(name: str) -> list[Item]:
    return list(iter_inputs([str(CORPORA[name])]))


def _pass(items: list[Item], job: BatchJob, source: object) -> float:
    start = time.process_time()
    for item in items:
        analyse_item(item, job, source)  # type: ignore[arg-type]
    return time.process_time() - start


def _where(frame: FrameType) -> str:
    code = frame.f_code
    return f"{Path(code.co_filename).parent.name}/{Path(code.co_filename).name}:{code.co_name}"


def _sample(items: list[Item], job: BatchJob, source: object, top: int) -> None:
    """Sample the stack every millisecond of this process's CPU while the corpus is analysed once."""
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()

    def tick(_signum: int, frame: FrameType | None) -> None:
        if frame is None:
            return
        own[_where(frame)] += 1
        seen: set[str] = set()
        while frame is not None:
            seen.add(_where(frame))
            frame = frame.f_back
        anywhere.update(seen)

    signal.signal(signal.SIGPROF, tick)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    try:
        _pass(items, job, source)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    total = sum(own.values()) or 1
    for title, counts in (("self", own), ("total", anywhere)):
        print(f"-- {title}, {total} samples")
        for where, n in counts.most_common(top):
            print(f"{100 * n / total:6.1f}%  {where}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=["phishing_pot", "legit-dev"])
    ap.add_argument("--profile", type=int, metavar="N", help="profile one run and print the N costliest functions")
    ap.add_argument("--sample", type=int, metavar="N", help="sample one run and print the N most seen functions")
    args = ap.parse_args()
    job = batch_job()
    source = job.dns.build(None)
    for name in args.corpus:
        items = _load(name)
        _pass(items, job, source)  # warm-up: imports, reference tables, compiled dataclass code
        if args.sample:
            print(f"== {name}: {len(items)} messages")
            _sample(items, job, source, args.sample)
            continue
        if args.profile:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            _pass(items, job, source)
            profile.disable()
            stats = pstats.Stats(profile).strip_dirs()
            print(f"== {name}: {len(items)} messages, by own time")
            stats.sort_stats("tottime").print_stats(args.profile)
            print(f"== {name}: by cumulative time")
            stats.sort_stats("cumulative").print_stats(args.profile)
            continue
        runs = [_pass(items, job, source) * 1000 / len(items) for _ in range(args.runs)]
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{name}: {len(items)} messages, CPU per message best {min(runs):.2f} ms, median "
            f"{statistics.median(runs):.2f} ms over {args.runs} runs (process_time; load average {load})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
