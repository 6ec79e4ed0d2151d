"""Batch analysis figures (issue 16 item 3): messages per second and peak memory. Printed, never asserted.

    .venv/bin/python benchmarks/bench_batch.py [--skip-rate] [--skip-memory] [--mbox-mb 1024] [--runs 1]
                                               [--start fork|forkserver|spawn]

- rate: ``inspector analyze ../shared/corpora/phishing_pot_sample/email --offline --jsonl --jobs N`` as a
  child process, for N = 1 and N = the number of cores, after one warm-up run that writes the bytecode
  caches (PYTHONDONTWRITEBYTECODE is removed: an installed package has its .pyc files) and the disk cache
  (in a private folder, as a user's first run writes it; the data folder is private and empty, so no
  sender-history store is read); then --runs rounds, alternating the job counts so that a change in the
  machine's load hits both alike: wall time (process start to exit, start-up of the workers included),
  messages per second, the CPU seconds of the whole process tree (per message too), the speed-up of the
  best and of the median runs, and the CPU ratio of the two (the overhead of the pool, which the wall clock
  of a shared machine hides). --start picks the pool's start method (default: the CLI's own choice,
  printed). Targets on the 2-core machine: ≥ 150 messages/s with two jobs, ≥ 1.7× the one-job rate.
- memory: a generated mbox of --mbox-mb MB in /tmp (corpus messages, mboxrd-escaped, with every 20th
  message carrying a 2 MB attachment so the file reaches its size with a few thousand messages), read
  (1) by the standard library's ``mailbox.mbox`` (keys, then every message's bytes), (2) by our streaming
  reader alone, and (3) analysed end to end with ``--jsonl --jobs N`` to /dev/null; the peak resident
  memory of each, summed over the whole process tree (parent, workers), sampled every 50 ms from /proc.
  Target: ≤ 500 MB. The file is deleted afterwards.

The load average is printed beside every figure: the machine is shared, and the wall clock is only as
good as the CPU time left to this run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpora import PHISHING, phishing_messages  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo += _children(p)
    return total


#: Private cache and data folders for every measured run (set by `main`): the disk cache (Public Suffix List,
#: look-alike reference) is written by the warm-up run, as a user's first run writes it, and never rewritten
#: in between by another checkout's runs on a shared machine; the data folder has no sender-history store, so
#: the figures do not depend on what this machine's history holds.
PRIVATE_ENV: dict[str, str] = {}


def measure(
    cmd: list[str], *, stdout: int | None = subprocess.DEVNULL, env_extra: dict[str, str] | None = None
) -> tuple[float, int, int, float]:
    """(wall seconds, exit code, peak tree RSS bytes, CPU seconds) of one child process."""
    # Without bytecode caches every spawned worker would compile the engine from source: an installed package
    # has its .pyc files, so the caches are allowed (and written by the first run, a warm-up).
    env = {k: v for k, v in os.environ.items() if k not in ("INSPECTOR_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(PRIVATE_ENV)
    env.update(env_extra or {})
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu = float("nan")
    while True:
        # wait4 reports the child's CPU together with every descendant it waited for (the pool's workers): read
        # at exit, not sampled before it (a sample could come before the workers were reaped).
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            cpu = usage.ru_utime + usage.ru_stime
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 3):
        print(f"  warning: exit {proc.returncode}: {err[:300]}")
    return wall, proc.returncode, peak, cpu


def pool_start_method(env_extra: dict[str, str]) -> str:
    """The start method the CLI's pool takes here (the same choice, made in a fresh single-threaded process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    code = "from inspector.batch.startmethod import start_method; print(start_method())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    return done.stdout.strip() or "unknown"


def rate(runs: int, start: str | None) -> None:
    n = len(phishing_messages())
    jobs_all = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    extra = {"INSPECTOR_POOL_START": start} if start else {}
    print(f"pool start method: {pool_start_method(extra)}")
    walls: dict[int, list[float]] = {}
    cpus: dict[int, list[float]] = {}
    measure(
        [sys.executable, "-m", "inspector", "analyze", str(PHISHING), "--offline", "--csv", "--jobs", "2"],
        env_extra=extra,
    )  # warm-up: bytecode and disk caches, as a user's first run leaves them
    # Interleaved (1, N, 1, N …): a change in the machine's load hits both figures alike.
    for _ in range(runs):
        for jobs in sorted({1, jobs_all}):
            before = load()
            cmd = [
                sys.executable,
                "-m",
                "inspector",
                "analyze",
                str(PHISHING),
                "--offline",
                "--jsonl",
                "--jobs",
                str(jobs),
            ]
            wall, rc, peak, cpu = measure(cmd, env_extra=extra)
            print(
                f"rate --jobs {jobs}: {n} messages in {wall:.2f} s = {n / wall:.1f} messages/s "
                f"(CPU {cpu:.2f} s = {cpu / n * 1000:.1f} ms/message, peak RSS {peak / 1e6:.0f} MB, exit {rc}; "
                f"{before} before, {load()} after)"
            )
            walls.setdefault(jobs, []).append(wall)
            cpus.setdefault(jobs, []).append(cpu)
    if jobs_all > 1:
        best = {j: n / min(w) for j, w in walls.items()}
        median = {j: n / statistics.median(w) for j, w in walls.items()}
        cpu_ratio = min(cpus[jobs_all]) / min(cpus[1])
        print(
            f"speed-up --jobs {jobs_all} over --jobs 1: {best[jobs_all] / best[1]:.2f}x best runs "
            f"({best[jobs_all]:.1f} vs {best[1]:.1f} messages/s), {median[jobs_all] / median[1]:.2f}x medians; "
            f"CPU of the process tree {cpu_ratio:.2f}x the one-job run's (least of each)"
        )


def _escape_mboxrd(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(b">" + ln if ln.lstrip(b">").startswith(b"From ") else ln for ln in lines)


def _big_message(i: int) -> bytes:
    blob = (os.urandom(1_536_000).hex().encode())[:2_000_000]  # ~2 MB of base64-like text
    body = b"\n".join(blob[j : j + 76] for j in range(0, len(blob), 76))
    return (
        (
            b"From: Accounts <billing@example.invalid>\nTo: someone@example.org\nSubject: Invoice %d\n"
            b"Date: Mon, 30 Nov 2026 08:00:00 +0000\nMessage-ID: <big%d@example.invalid>\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\nSee attached.\n'
            b'--B\nContent-Type: application/octet-stream; name="a.bin"\nContent-Transfer-Encoding: base64\n\n' % (i, i)
        )
        + body
        + b"\n--B--\n"
    )


def make_mbox(path: str, target_mb: int) -> int:
    corpus = [p.read_bytes() for p in phishing_messages()]
    written, count, i = 0, 0, 0
    with open(path, "wb") as fh:
        while written < target_mb * 1024 * 1024:
            data = _big_message(i) if i % 20 == 19 else corpus[i % len(corpus)].replace(b"\r\n", b"\n")
            chunk = (
                b"From bench@example.invalid Mon Nov 30 08:00:00 2026\n" + _escape_mboxrd(data).rstrip(b"\n") + b"\n\n"
            )
            fh.write(chunk)
            written += len(chunk)
            count += 1
            i += 1
    return count


STDLIB_READ = (
    "import mailbox, sys\n"
    "box = mailbox.mbox(sys.argv[1], factory=None, create=False)\n"
    "n = 0\n"
    "for key in box.iterkeys():\n"
    "    n += len(box.get_bytes(key))\n"
    "print(n)\n"
)
OUR_READ = (
    "import sys\n"
    "from inspector.batch.readers import iter_inputs\n"
    "print(sum(len(i.data or b'') for i in iter_inputs([sys.argv[1]])))\n"
)


def memory(target_mb: int) -> None:
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    fd, path = tempfile.mkstemp(prefix="bench-batch-", suffix=".mbox", dir="/tmp")
    os.close(fd)
    try:
        t = time.perf_counter()
        count = make_mbox(path, target_mb)
        size = os.path.getsize(path)
        print(f"generated {path}: {size / 2**20:.0f} MB, {count} messages in {time.perf_counter() - t:.0f} s")
        for label, code in (("stdlib mailbox.mbox read", STDLIB_READ), ("our streaming reader", OUR_READ)):
            wall, _, peak, _ = measure([sys.executable, "-c", code, path])
            print(f"{label}: peak RSS {peak / 1e6:.0f} MB, {wall:.1f} s ({load()})")
        before = load()
        cmd = [sys.executable, "-m", "inspector", "analyze", path, "--offline", "--jsonl", "--jobs", str(jobs)]
        wall, rc, peak, cpu = measure(cmd)
        print(
            f"analyze --jsonl --jobs {jobs} of the {size / 2**20:.0f} MB mbox: peak RSS (whole process tree) "
            f"{peak / 1e6:.0f} MB, {wall:.0f} s, CPU {cpu:.0f} s, {count / wall:.1f} messages/s, exit {rc} "
            f"({before} before, {load()} after)"
        )
    finally:
        os.unlink(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-rate", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--mbox-mb", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument(
        "--start",
        choices=("fork", "forkserver", "spawn"),
        help="the pool's start method (INSPECTOR_POOL_START; default: the one the CLI chooses here)",
    )
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-home-") as home:
        PRIVATE_ENV.update(
            INSPECTOR_CACHE_DIR=os.path.join(home, "cache"), INSPECTOR_DATA_DIR=os.path.join(home, "data")
        )
        if not args.skip_rate:
            rate(args.runs, args.start)
        if not args.skip_memory:
            memory(args.mbox_mb)


if __name__ == "__main__":
    main()
