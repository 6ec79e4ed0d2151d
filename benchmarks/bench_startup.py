"""Start-up figures of the command line and the desktop app, from source and frozen (issue 18, item 7).

    .venv/bin/python benchmarks/bench_startup.py [--exe DIST/email-header-inspector/email-header-inspector]
                                                 [--runs 10] [--sample FILE]

Whole-process timings (exec → exit, or exec → window mapped), the median and range of --runs runs after one
warm-up, each with the CPU time the process used (this machine is shared: CPU time is the steadier figure
when the wall clock is noisy). The commands of a group (the CLI lines; the window lines) run interleaved, one
run of each per round, so a change of load hits source and frozen alike; ``frozen − source`` lines give the
median of the per-round differences (≤ 0: the frozen app is no slower). Printed, never asserted (house rule:
no timed tests). Lines:

- ``source --version`` / ``source analyze``: ``python -m inspector`` from this checkout, with bytecode caches
  (the warm-up writes them; PYTHONDONTWRITEBYTECODE is removed, as an installed package has its .pyc files),
  on the bundled sample with ``--json --offline``. Target: analyze ≤ 0.25 s wall. The derived-data cache
  (`inspector/disk_cache.py`: Public Suffix List rules, look-alike reference) lives in a throw-away folder
  that the warm-up fills, as a user's second run finds it (one for source, one for the frozen app).
- ``source analyze, no cache``: the same with ``INSPECTOR_NO_DISK_CACHE=1``, i.e. a first run (or a checkout
  from before the cache existed: comparable with older figures of ``source analyze``).
- ``frozen --version`` / ``frozen analyze``: the same through the PyInstaller bundle (--exe). Target: no
  slower than from source, and no Qt library loaded (checked with the loader's own trace, LD_DEBUG=files).
- ``source window`` / ``frozen window``: exec until the main window is mapped on an X server (a private Xvfb;
  the MapNotify event is waited for, packaging/xwait.py, so the measurement takes no CPU from the app).
  Target: ≤ 0.3 s warm.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from smoke import clean_env, start_xvfb, stop  # noqa: E402
from xwait import MapWaiter  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
TITLE = "Email Header Inspector"


def child_cpu() -> float:
    """CPU seconds (user + system) used so far by waited-for child processes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run to its exit."""
    c0 = child_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=120)
    return time.perf_counter() - t0, child_cpu() - c0


def window_once(cmd: list[str], env: dict[str, str], display: str) -> tuple[float, float]:
    """(wall to the window mapped, nan): the app is terminated once its window shows."""
    waiter = MapWaiter(display)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        shown = waiter.wait(TITLE, 60)
    finally:
        waiter.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return (float("nan") if shown is None else shown - t0), float("nan")


Run = Callable[[], tuple[float, float]]


def _line(name: str, walls: list[float], cpus: list[float], target: str, runs: int) -> str:
    line = f"{name:<26} wall {statistics.median(walls):6.0f} ms ({min(walls):.0f}–{max(walls):.0f})"
    if not any(c != c for c in cpus):  # no NaN: CPU time is known
        line += f"   cpu {statistics.median(cpus):6.0f} ms ({min(cpus):.0f}–{max(cpus):.0f})"
    return line + (f"   target {target}" if target else "") + f"   n={runs}"


def interleaved(lines: list[tuple[str, Run, str]], runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """Warm each command up once, then run them in turn, `runs` rounds: each round runs every command once, so
    a change of load on this shared machine hits all of them alike. Prints median (min–max) of wall and CPU
    in ms per line; returns the ms figures (walls, cpus) of each line, by round."""
    for _name, fn, _target in lines:
        fn()
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _fn, _target in lines}
    for _ in range(runs):
        for name, fn, _target in lines:
            wall, cpu = fn()
            out[name][0].append(wall * 1000)
            out[name][1].append(cpu * 1000)
    for name, _fn, target in lines:
        print(_line(name, *out[name], target, runs), flush=True)
    return out


def paired(label: str, figures: dict[str, tuple[list[float], list[float]]], frozen: str, source: str) -> None:
    """Print the median of the per-round differences frozen − source (negative: the frozen app is faster)."""
    parts = []
    for what, i in (("wall", 0), ("cpu", 1)):
        diffs = [f - s for f, s in zip(figures[frozen][i], figures[source][i], strict=True)]
        if diffs and not any(d != d for d in diffs):
            parts.append(f"{what} {statistics.median(diffs):+6.1f} ms")
    print(f"{label:<26} {'   '.join(parts)}   (median of paired rounds; target ≤ 0)", flush=True)


def open_xvfb() -> tuple[subprocess.Popen[str], str, MapWaiter]:
    """A private Xvfb, and a connection to it kept open for the whole series: an X server resets when its last
    client leaves, and a run that connects meanwhile fails ("cannot open X display"), as seen under load."""
    for _ in range(3):
        xvfb, display = start_xvfb()
        try:
            return xvfb, display, MapWaiter(display)
        except OSError:
            stop(xvfb)
    raise OSError("no private Xvfb display could be opened")


def loads_qt(cmd: list[str], env: dict[str, str]) -> bool:
    """Whether the process opens a Qt library (the dynamic loader's trace; Linux)."""
    p = subprocess.run(cmd, env={**env, "LD_DEBUG": "files"}, capture_output=True, text=True, check=False)
    return re.search(r"\bfile=(?:\S*/)?libQt6", p.stderr) is not None


def main() -> int:
    """Print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--exe", help="the frozen bundle's executable (DIST/email-header-inspector/email-header-inspector)")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--sample", default=str(SAMPLE))
    ns = p.parse_args()
    cache = tempfile.mkdtemp(prefix="bench-startup-cache-")
    # Also drops PYTHONDONTWRITEBYTECODE: .pyc caches as installed.
    env = clean_env(PYTHONPATH=str(ROOT), INSPECTOR_CACHE_DIR=os.path.join(cache, "source"))
    # Its own cache folder: an entry's key covers the deriving code (source files from source; the executable
    # when frozen), so with one folder the interleaved runs would replace each other's entries every round.
    fenv = {**env, "INSPECTOR_CACHE_DIR": os.path.join(cache, "frozen")}
    src = [sys.executable, "-m", "inspector"]
    analyze = ["analyze", ns.sample, "--json", "--offline"]
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} CPUs; sample {Path(ns.sample).name}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    exe = Path(ns.exe).resolve() if ns.exe else None
    cli: list[tuple[str, Run, str]] = [
        ("source --version", lambda: run_once([*src, "--version"], env), ""),
        ("source analyze", lambda: run_once([*src, *analyze], env), "≤ 250 ms"),
    ]
    if exe is not None:
        cli += [
            ("frozen --version", lambda: run_once([str(exe), "--version"], fenv), "≤ source --version"),
            ("frozen analyze", lambda: run_once([str(exe), *analyze], fenv), "≤ source analyze"),
        ]
    figures = interleaved(cli, ns.runs)
    if exe is not None:
        paired("frozen − source --version", figures, "frozen --version", "source --version")
        paired("frozen − source analyze", figures, "frozen analyze", "source analyze")
    cold = {**env, "INSPECTOR_NO_DISK_CACHE": "1"}
    interleaved([("source analyze, no cache", lambda: run_once([*src, *analyze], cold), "")], ns.runs)
    if exe is not None and sys.platform.startswith("linux"):
        print(
            f"frozen CLI loads Qt:   {loads_qt([str(exe), *analyze], fenv)} (--version: "
            f"{loads_qt([str(exe), '--version'], fenv)})",
            flush=True,
        )
    if not shutil.which("Xvfb"):
        print("window: n/a (needs Xvfb)")
        shutil.rmtree(cache, ignore_errors=True)
        return 0
    xvfb, display, keeper = open_xvfb()
    # The app saves its window state on exit: into a throw-away settings folder, never the user's.
    with tempfile.TemporaryDirectory() as config:
        genv = {**env, "XDG_CONFIG_HOME": config}
        fgenv = {**fenv, "XDG_CONFIG_HOME": config}
        try:
            windows: list[tuple[str, Run, str]] = [
                ("source window", lambda: window_once(src, genv, display), "≤ 300 ms")
            ]
            if exe is not None:
                windows.append(("frozen window", lambda: window_once([str(exe)], fgenv, display), "≤ 300 ms"))
            interleaved(windows, ns.runs)
        finally:
            keeper.close()
            stop(xvfb)
            shutil.rmtree(cache, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
