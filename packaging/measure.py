"""Print the packaging figures: bundle and .deb sizes, and start-up times of the frozen app.

    python packaging/measure.py --exe DIST/email-header-inspector/email-header-inspector [--deb X.deb] [--runs 5]

Times (median and range of --runs runs; "cold" drops the page cache before every run when that is allowed,
i.e. as root on Linux):
- ``--version``: the frozen CLI starting and exiting;
- ``window (xcb)``: exec until the main window is mapped on an X server (Xvfb; the MapNotify event, waited
  for without polling, packaging/xwait.py): the user-visible "cold start to a shown window". Needs Xvfb;
- ``gui --screenshot``: the whole offscreen run (start, show, analyse the bundled sample, save, exit), an
  upper bound of the above.
A script, not a test: timings depend on the machine and are only printed (house rule: no timed asserts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

# The smoke test's X server and clean environment: one launch and one rule for both scripts (the folder is put
# on sys.path so `smoke` imports however this script is started).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from smoke import clean_env, start_xvfb, stop
from xwait import MapWaiter

TITLE = "Email Header Inspector"


def du_bytes(path: Path) -> int:
    """Apparent size of a file or a directory tree, in bytes."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def drop_caches() -> bool:
    """Empty the page cache (Linux, root); False when not allowed."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from exec to exit."""
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=120)
    return time.perf_counter() - t0


def time_to_window(exe: Path, display: str, env: dict[str, str]) -> float:
    """Seconds from exec until the main window is mapped on the X display (the app is then terminated).

    Waits for the X server's MapNotify event (packaging/xwait.py) instead of polling: the measuring side
    sleeps in select() and takes no CPU from the app being measured.
    """
    waiter = MapWaiter(display)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe)],
        env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        shown = waiter.wait(TITLE, 30)
        return float("nan") if shown is None else shown - t0
    finally:
        waiter.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def series(fn: Callable[[], float], runs: int, cold: bool) -> str:
    """'median (min–max) ms' over runs."""
    values = []
    for _ in range(runs):
        if cold and not drop_caches():
            return "n/a (cannot drop caches)"
        values.append(fn() * 1000)
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}–{max(values):.0f}, n={runs})"


def main() -> int:
    """Print sizes and start-up times."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--exe", required=True)
    p.add_argument("--deb")
    p.add_argument("--runs", type=int, default=5)
    ns = p.parse_args()
    exe = Path(ns.exe).resolve()
    bundle = exe.parent
    size = du_bytes(bundle)
    print(f"bundle on disk: {size} bytes = {size / 1e6:.1f} MB = {size / 2**20:.1f} MiB ({bundle})")
    if ns.deb:
        d = Path(ns.deb).stat().st_size
        print(f".deb: {d} bytes = {d / 1e6:.1f} MB = {d / 2**20:.1f} MiB")
    env = clean_env()
    off = {**env, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        shot = str(Path(tmp) / "shot.png")
        xvfb = None
        display = ""
        if shutil.which("Xvfb"):
            xvfb, display = start_xvfb()
        try:
            for cold in (False, True):
                kind = "cold" if cold else "warm"
                if not cold:
                    timed([str(exe), "--version"], env)  # one warm-up
                version = partial(timed, [str(exe), "--version"], env)
                print(f"{kind} --version:          {series(version, ns.runs, cold)}")
                if xvfb is not None:
                    window = partial(time_to_window, exe, display, env)
                    print(f"{kind} window (xcb):       {series(window, ns.runs, cold)}")
                else:
                    print(f"{kind} window (xcb):       n/a (needs Xvfb)")
                gui = partial(timed, [str(exe), "gui", "--screenshot", shot], off)
                print(f"{kind} gui --screenshot:   {series(gui, ns.runs, cold)}")
        finally:
            if xvfb is not None:
                stop(xvfb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
