"""Smoke tests of the frozen app and of the installed .deb (run by packaging/ci.sh and the release workflow).

    python packaging/smoke.py bundle --exe DIST/email-header-inspector/email-header-inspector [--gui-exe EXE]
    python packaging/smoke.py deb --deb X.deb --workdir DIR [--mode auto|chroot|host]
    (both: [--reference FILE] reuses the unfrozen reference reports between the two runs)

Run it with the build venv's Python: the unfrozen reference run is ``python -m inspector`` from this source
tree with that interpreter, so frozen and unfrozen see the same dependency versions.

``bundle``: for every bundled sample (resources/samples/*.eml|*.msg, with NAME.dns.json as its DNS snapshot)
the frozen CLI analyses the copy *inside the bundle* offline (snapshot, and --offline) and its JSON must equal
the unfrozen run's, ignoring ``generated_at`` and ``source.path``; then the frozen GUI renders the window
offscreen with ``--screenshot`` and must quit by itself.

``deb``: installs the package with ``apt-get install -y --no-install-recommends ./X.deb`` into a fresh
``debootstrap --variant=minbase`` chroot (so Depends are proven sufficient on a minimal system; fonts
included), runs the installed ``/usr/bin/email-header-inspector`` the same way, then removes the package.
``--mode host`` (or auto, when a chroot cannot be made) installs on this machine instead.

Prints one line per check and ends with ``smoke: N passed, M failed``; exits 1 if anything failed.
Written as a plain script, not pytest tests: it needs root, a minute of apt, and artefacts the test suite
does not build.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
PKG_NAME = "email-header-inspector"
IGNORED = (("generated_at",), ("source", "path"))
TIMEOUT = 180


class Results:
    """Counts checks and prints one line each."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """Record one check; print PASS/FAIL with a short detail."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'PASS' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def summary(self) -> int:
        """Print the closing line; the exit code."""
        print(f"smoke: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


def samples() -> list[tuple[Path, Path | None]]:
    """The bundled sample messages and their DNS snapshots (None when a sample has none)."""
    found = []
    for p in sorted(SAMPLES.glob("*")):
        if p.suffix.lower() in (".eml", ".msg"):
            snap = p.with_name(p.stem + ".dns.json")
            found.append((p, snap if snap.is_file() else None))
    return found


def run(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: int = TIMEOUT) -> tuple[int, str, str, float]:
    """Run a command; (exit code, stdout, stderr, seconds). A timeout is exit code -9."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return -9, out, f"timed out after {timeout} s", time.perf_counter() - t0
    return p.returncode, p.stdout, p.stderr, time.perf_counter() - t0


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without Python/Qt overrides that would make the frozen run use the host's files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "LD_LIBRARY_PATH"))}
    env.update(extra)
    return env


def start_xvfb() -> tuple[subprocess.Popen[str], str]:
    """A private X server (Xvfb picks a free display and tells us which); (process, ":N", or "" if it failed)."""
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1400x1000x24"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    number = (proc.stdout.readline() if proc.stdout else "").strip()
    return proc, (f":{number}" if number else "")


def stop(proc: subprocess.Popen[str]) -> None:
    """Terminate a helper process we started (killed if it does not go within 10 s)."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def normalise(report_json: str) -> dict:
    """The report with the fields that legitimately differ between two runs removed."""
    data = json.loads(report_json)
    for path in IGNORED:
        node = data
        for key in path[:-1]:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return data


def first_difference(a: object, b: object, where: str = "") -> str:
    """Where two JSON values first differ (for a readable failure message)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k, "<missing>") != b.get(k, "<missing>"):
                return first_difference(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{where}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where or '<root>'}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"


def analyze_args(sample: Path, snapshot: Path | None) -> list[list[str]]:
    """The offline CLI variants to compare: with the DNS snapshot (if any) and fully --offline."""
    variants = [["analyze", str(sample), "--json", "--offline"]]
    if snapshot is not None:
        variants.insert(0, ["analyze", str(sample), "--json", "--dns-snapshot", str(snapshot)])
    return variants


def unfrozen_reports(pairs: list[tuple[Path, Path | None]], cache: Path | None = None) -> dict[tuple[str, int], dict]:
    """Reference reports from the source tree, keyed by (sample name, variant index).

    With `cache` (``--reference FILE``), a file that holds every wanted report is read instead of running the
    source tree again, and a freshly computed set is written there: packaging/ci.sh computes the reference once
    for the bundle and the .deb checks (it deletes the file first, so a reference never outlives its build).
    """
    wanted = [(sample.name, i) for sample, snap in pairs for i in range(len(analyze_args(sample, snap)))]
    if cache is not None and cache.is_file():
        try:
            stored = {(e["sample"], e["variant"]): e["report"] for e in json.loads(cache.read_text(encoding="utf-8"))}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"... ignoring the reference cache {cache} ({exc})", flush=True)
        else:
            if all(key in stored for key in wanted):
                print(f"... unfrozen reference reports read from {cache}", flush=True)
                return {key: stored[key] for key in wanted}
    env = clean_env(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out: dict[tuple[str, int], dict] = {}
    for sample, snap in pairs:
        for i, args in enumerate(analyze_args(sample, snap)):
            rc, stdout, stderr, _ = run([sys.executable, "-m", "inspector", *args], env=env)
            if rc != 0:
                raise SystemExit(f"unfrozen reference run failed ({rc}): {' '.join(args)}\n{stderr}")
            out[(sample.name, i)] = normalise(stdout)
    if cache is not None:
        entries = [{"sample": name, "variant": i, "report": report} for (name, i), report in out.items()]
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(entries), encoding="utf-8")
    return out


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG file, or None if it is not one."""
    try:
        head = path.read_bytes()[:24]
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    w, h = struct.unpack(">II", head[16:24])
    return w, h


BAD_STDERR = ("Traceback", "Could not load the Qt platform plugin", "Fontconfig error", "internal error")


def check_cli(
    res: Results,
    label: str,
    runner: Callable[[list[str]], tuple[int, str, str, float]],
    to_frozen_path: Callable[[Path], Path],
    reference: dict[tuple[str, int], dict],
    pairs: list[tuple[Path, Path | None]],
) -> None:
    """The frozen CLI's JSON equals the unfrozen run's for every sample and offline variant."""
    rc, out, err, _ = runner(["--version"])
    res.check(rc == 0 and "inspector" in out, f"{label}: --version", (out or err).strip()[:120])
    for sample, snap in pairs:
        fsample = to_frozen_path(sample)
        fsnap = to_frozen_path(snap) if snap else None
        for i, args in enumerate(analyze_args(fsample, fsnap)):
            what = f"{label}: analyze {sample.name} {'--dns-snapshot' if snap and i == 0 else '--offline'}"
            rc, out, err, secs = runner(args)
            if not res.check(rc == 0, what + " exits 0", "" if rc == 0 else f"rc={rc} {err.strip()[-300:]}"):
                continue
            try:
                got = normalise(out)
            except (json.JSONDecodeError, ValueError) as exc:
                res.check(False, what + " prints JSON", str(exc))
                continue
            want = reference[(sample.name, i)]
            res.check(
                got == want,
                what + " JSON equals the unfrozen run's",
                f"{secs:.2f} s" if got == want else first_difference(got, want),
            )


def check_gui(
    res: Results,
    label: str,
    runner: Callable[[list[str]], tuple[int, str, str, float]],
    to_frozen_path: Callable[[Path], Path],
    shot: Path,
    host_shot: Path,
    pairs: list[tuple[Path, Path | None]],
) -> None:
    """The frozen GUI renders a sample offscreen, saves a screenshot and quits by itself."""
    if not pairs:
        return
    sample, snap = pairs[0]
    variants = [["gui", str(to_frozen_path(sample))], [str(to_frozen_path(sample))]]  # explicit, double-click
    for args in variants:
        args = args + (["--dns-snapshot", str(to_frozen_path(snap))] if snap else ["--offline"])
        args += ["--screenshot", str(shot)]
        host_shot.unlink(missing_ok=True)
        rc, _out, err, secs = runner(args)
        bad = [line for line in err.splitlines() if any(b in line for b in BAD_STDERR)]
        size = png_size(host_shot)
        form = "gui FILE" if args[0] == "gui" else "FILE (double-click form)"
        ok = rc == 0 and not bad and size is not None and size[0] >= 200 and size[1] >= 150
        detail = (
            f"{secs:.2f} s, {size[0]}x{size[1]} PNG"
            if ok and size
            else (f"rc={rc} {secs:.2f} s png={size} {' | '.join(bad)[:300] or err.strip()[-300:]}")
        )
        res.check(ok, f"{label}: GUI {form} offscreen renders and quits by itself", detail)


def write_ed25519_sample(folder: Path) -> tuple[Path, Path]:
    """An ed25519-signed message and its DNS snapshot, made now with dkimpy and PyNaCl (fixed key, example.org).

    The bundled samples are RSA-signed; this one exercises PyNaCl's cffi extension, which a frozen build loses
    without _cffi_backend (every ed25519 key then reads as unusable).
    """
    import base64

    import dkim  # the build venv has the runtime dependencies (the rest of this script is stdlib only)
    import nacl.signing

    seed = bytes(range(32))
    public = base64.b64encode(bytes(nacl.signing.SigningKey(seed).verify_key)).decode()
    body = (
        b"From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: ed25519 smoke\r\n"
        b"Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nMessage-ID: <smoke-ed25519@example.org>\r\n\r\n"
        b"Signed with ed25519.\r\n"
    )
    sig = dkim.sign(
        body,
        b"smoke",
        b"example.org",
        base64.b64encode(seed),
        signature_algorithm=b"ed25519-sha256",
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    msg = folder / "smoke-ed25519.eml"
    msg.write_bytes(sig + body)
    snap = folder / "smoke-ed25519.dns.json"
    record = {
        "name": "smoke._domainkey.example.org.",
        "type": "TXT",
        "status": "NOERROR",
        "ttl": 3600,
        "ad": False,
        "captured_at": "2026-11-30T09:00:00Z",
        "rdata": [[f"v=DKIM1; k=ed25519; p={public}"]],
    }
    capture = {"mode": "sample", "resolver": "made by packaging/smoke.py", "tool": "packaging/smoke.py"}
    snap.write_text(
        json.dumps(
            {"format": "dns-snapshot/1", "created_at": "2026-11-30T09:00:00Z", "capture": capture, "records": [record]}
        )
    )
    return msg, snap


def check_ed25519(res: Results, label: str, exe: Path, env: dict[str, str]) -> None:
    """The frozen CLI verifies an ed25519 DKIM signature (pass) exactly as the unfrozen run does."""
    with tempfile.TemporaryDirectory() as tmp:
        msg, snap = write_ed25519_sample(Path(tmp))
        args = ["analyze", str(msg), "--json", "--dns-snapshot", str(snap)]
        ref_env = clean_env(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        rc0, out0, err0, _ = run([sys.executable, "-m", "inspector", *args], env=ref_env)
        rc, out, err, _ = run([str(exe), *args], env=env)
        try:
            want, got = normalise(out0), normalise(out)
        except (json.JSONDecodeError, ValueError) as exc:
            res.check(
                False, f"{label}: ed25519 DKIM signature verifies", f"rc={rc0}/{rc} {exc} {err0[-200:]} {err[-200:]}"
            )
            return
        results = [d.get("result") for d in got.get("dkim", [])]
        ok = rc == 0 and results == ["pass"] and got == want
        detail = "dkim=pass, JSON equals the unfrozen run's" if ok else f"dkim={got.get('dkim')}"[:400]
        if results == ["pass"] and got != want:
            detail = first_difference(got, want)
        res.check(ok, f"{label}: ed25519 DKIM signature verifies (PyNaCl/cffi are bundled)", detail)


# --- licences --------------------------------------------------------------------------------------------

LICENCE_INDEX = ROOT / "packaging" / "licenses" / "components.json"


def frozen_dir(exe: Path, leaf: str) -> Path | None:
    """The folder `leaf` (resources, licenses) inside a one-folder bundle (Linux/Windows `_internal/`, macOS
    `.app/Contents/Resources` or `Frameworks`), or None when the bundle lacks it."""
    for cand in (
        exe.parent / "_internal" / leaf,
        exe.parent.parent / "Resources" / leaf,
        exe.parent.parent / "Frameworks" / leaf,
    ):
        if cand.is_dir():
            return cand
    return None


def is_elf(path: Path) -> bool:
    """A regular (not symlinked) ELF file: a shared library, an extension module or an executable."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def check_licences(res: Results, label: str, exe: Path) -> None:
    """Each licence text packaging/licenses/components.json lists ships; on Linux, each native file has one.

    The second half makes a library that slips into the bundle (a new Qt dependency, a host library PyInstaller
    picks up) fail here until its licence text and an entry for it are added.
    """
    index = json.loads(LICENCE_INDEX.read_text(encoding="utf-8"))["components"]
    ldir = frozen_dir(exe, "licenses")
    if not res.check(ldir is not None, f"{label}: licenses/ is inside the bundle", str(ldir)):
        return
    assert ldir is not None
    texts = sorted({t for c in index for t in c["texts"]})
    missing = [t for t in texts if not (ldir / t).is_file() or (ldir / t).stat().st_size == 0]
    res.check(
        not missing,
        f"{label}: every licence text of components.json is in the bundle",
        f"{len(texts)} texts" if not missing else "missing: " + ", ".join(missing),
    )
    if not sys.platform.startswith("linux"):
        return
    internal = ldir.parent
    patterns = [(c["name"], p) for c in index for p in c.get("linux_files", [])]
    natives = sorted(p.relative_to(internal).as_posix() for p in internal.rglob("*") if is_elf(p))
    orphans = [n for n in natives if not any(fnmatch.fnmatch(n, pat) for _name, pat in patterns)]
    res.check(
        bool(natives) and not orphans,
        f"{label}: every native file in _internal/ has a licence entry",
        f"{len(natives)} ELF files" if not orphans else "no entry in components.json for: " + ", ".join(orphans),
    )


# --- bundle ----------------------------------------------------------------------------------------------


def cmd_bundle(ns: argparse.Namespace) -> int:
    """Smoke-test a PyInstaller bundle in place."""
    res = Results()
    exe = Path(ns.exe).resolve()
    gui_exe = Path(ns.gui_exe).resolve() if ns.gui_exe else exe
    pairs = samples()
    if not res.check(bool(pairs), "bundled samples exist", f"{len(pairs)} in {SAMPLES}"):
        return res.summary()
    reference = unfrozen_reports(pairs, Path(ns.reference) if ns.reference else None)
    rdir = frozen_dir(exe, "resources")
    res.check(rdir is not None, "resources/ is inside the bundle", str(rdir))
    rdir = rdir or SAMPLES.parent
    for sample, snap in pairs:
        for f in filter(None, (sample, snap)):
            res.check((rdir / "samples" / f.name).is_file(), f"bundle holds samples/{f.name}")

    check_licences(res, "frozen", exe)

    def in_bundle(p: Path) -> Path:
        return rdir / "samples" / p.name

    env = clean_env(QT_QPA_PLATFORM="offscreen")
    check_cli(res, "frozen", lambda a: run([str(exe), *a], env=env), in_bundle, reference, pairs)
    check_ed25519(res, "frozen", exe, env)
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "frozen-gui.png"
        check_gui(res, "frozen", lambda a: run([str(gui_exe), *a], env=env, timeout=120), in_bundle, shot, shot, pairs)
        if ns.keep_screenshot and shot.is_file():
            shutil.copy(shot, ns.keep_screenshot)
    return res.summary()


# --- deb -------------------------------------------------------------------------------------------------


def host_distro() -> tuple[str, str, str, str]:
    """(mirror URL, suite, components, distro id) of this Debian/Ubuntu machine, for debootstrap."""
    info = {}
    for line in Path("/etc/os-release").read_text().splitlines():
        key, _, value = line.partition("=")
        info[key] = value.strip('"')
    distro = "ubuntu" if info.get("ID") == "ubuntu" else "debian"
    suite = info.get("VERSION_CODENAME") or ("jammy" if distro == "ubuntu" else "bookworm")
    mirror = "http://archive.ubuntu.com/ubuntu" if distro == "ubuntu" else "http://deb.debian.org/debian"
    files = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for f in files:
        if not f.is_file() or not f.name.endswith((".list", ".sources")):
            continue
        for line in f.read_text().splitlines():
            for word in line.split():
                if word.startswith("http") and word.rstrip("/").endswith(f"/{distro}"):
                    mirror = word.rstrip("/")
                    break
            else:
                continue
            break
    components = "main universe" if distro == "ubuntu" else "main"
    return mirror, suite, components, distro


def make_chroot(workdir: Path) -> Path:
    """A fresh minbase chroot under workdir (debootstrapped once per workdir, then restored from a tarball)."""
    base = workdir / "minbase.tar"
    root = workdir / "chroot"
    if root.exists():
        subprocess.run(["umount", "-l", str(root / "proc")], capture_output=True, check=False)
        shutil.rmtree(root)
    root.mkdir(parents=True)
    mirror, suite, components, _distro = host_distro()
    if not base.is_file():
        print(f"... debootstrap --variant=minbase {suite} {mirror}", flush=True)
        subprocess.run(
            ["debootstrap", "--variant=minbase", suite, str(root), mirror], check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run(["tar", "-C", str(root), "-cf", str(base), "."], check=True)
    else:
        subprocess.run(["tar", "-C", str(root), "-xf", str(base)], check=True)
    # The distribution's own archive only (a runner's extra repositories need keys the chroot lacks), the
    # host's apt settings (e.g. for a pinned snapshot mirror) and DNS resolver.
    (root / "etc/apt/sources.list").write_text(
        f"deb {mirror} {suite} {components}\ndeb {mirror} {suite}-updates {components}\n"
    )
    for src in ["/etc/resolv.conf", "/etc/hosts", *map(str, Path("/etc/apt/apt.conf.d").glob("*"))]:
        p = Path(src)
        if p.is_file():
            dest = root / src.lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.unlink(missing_ok=True)
            shutil.copy(p, dest)
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    return root


def check_xcb(
    res: Results, label: str, root: Path, pairs: list[tuple[Path, Path | None]], guest: Callable[[Path], Path]
) -> None:
    """The installed GUI on a real X server (Xvfb on the host, its socket bind-mounted into the chroot).

    Offscreen runs never load the xcb platform plugin; this one proves the Depends suffice for a desktop.
    """
    if not pairs or not shutil.which("Xvfb"):
        print(f"SKIP {label}: GUI under X11 (needs Xvfb on the host)", flush=True)
        return
    sample, snap = pairs[0]
    xvfb, display = start_xvfb()
    xdir = root / "tmp" / ".X11-unix"
    mounted = False
    try:
        xdir.mkdir(parents=True, exist_ok=True)
        mounted = subprocess.run(["mount", "--bind", "/tmp/.X11-unix", str(xdir)], check=False).returncode == 0
        shot = Path("/tmp/deb-gui-xcb.png")
        env = clean_env(QT_QPA_PLATFORM="xcb", DISPLAY=display, HOME="/root", LANG="C.UTF-8")
        args = ["gui", str(guest(sample))] + (["--dns-snapshot", str(guest(snap))] if snap else ["--offline"])
        rc, _o, err, secs = run(
            ["chroot", str(root), f"/usr/bin/{PKG_NAME}", *args, "--screenshot", str(shot)], env=env, timeout=120
        )
        size = png_size(root / "tmp" / shot.name)
        bad = [line for line in err.splitlines() if any(b in line for b in BAD_STDERR)]
        ok = bool(display) and mounted and rc == 0 and not bad and size is not None and size[0] >= 200
        res.check(
            ok,
            f"{label}: GUI under X11 (xcb on Xvfb) renders and quits by itself",
            f"{secs:.2f} s, {size}" if ok else f"display={display!r} rc={rc} {err.strip()[-400:]}",
        )
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(xdir)], capture_output=True, check=False)
        stop(xvfb)


def cmd_deb(ns: argparse.Namespace) -> int:
    """Install the .deb (minimal chroot or this host), run the installed binary, remove it."""
    res = Results()
    deb = Path(ns.deb).resolve()
    workdir = Path(ns.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    pairs = samples()
    if not res.check(bool(pairs), "bundled samples exist", f"{len(pairs)} in {SAMPLES}"):
        return res.summary()
    reference = unfrozen_reports(pairs, Path(ns.reference) if ns.reference else None)

    mode = ns.mode
    root: Path | None = None
    if mode in ("auto", "chroot"):
        try:
            if os.geteuid() != 0 or not shutil.which("debootstrap"):
                raise OSError("needs root and debootstrap")
            root = make_chroot(workdir)
            mode = "chroot"
        except (OSError, subprocess.CalledProcessError) as exc:
            if mode == "chroot":
                res.check(False, "make a minbase chroot", str(exc))
                return res.summary()
            print(f"... no chroot ({exc}); installing on this host instead", flush=True)
            mode = "host"
    label = f"deb[{mode}]"

    def sh(cmd: list[str], env: dict[str, str] | None = None, timeout: int = 600) -> tuple[int, str, str, float]:
        if root is not None:
            return run(["chroot", str(root), *cmd], env=env, timeout=timeout)
        return run(cmd, env=env, timeout=timeout)

    inside = root / "tmp" if root is not None else workdir / "payload"
    inside.mkdir(parents=True, exist_ok=True)
    shutil.copy(deb, inside / deb.name)
    for sample, snap in pairs:
        for f in filter(None, (sample, snap)):
            shutil.copy(f, inside / f.name)
    prefix = Path("/tmp") if root is not None else inside

    def guest(p: Path) -> Path:
        return prefix / p.name

    apt_env = clean_env(DEBIAN_FRONTEND="noninteractive")
    try:
        if root is not None:
            rc, _o, err, secs = sh(["apt-get", "update", "-qq"], env=apt_env)
            res.check(rc == 0, f"{label}: apt-get update", f"{secs:.1f} s" if rc == 0 else err.strip()[-300:])
        rc, out, err, secs = sh(
            ["sh", "-c", f"cd {prefix} && apt-get install -y --no-install-recommends ./{deb.name}"], env=apt_env
        )
        npk = sum(1 for line in out.splitlines() if line.startswith("Setting up "))
        if not res.check(
            rc == 0,
            f"{label}: apt-get install -y ./{deb.name}",
            f"{npk} packages set up in {secs:.1f} s" if rc == 0 else (out + err)[-800:],
        ):
            return res.summary()
        installed = Path(f"/usr/bin/{PKG_NAME}")
        rc, out, _e, _s = sh(
            [
                "sh",
                "-c",
                f"readlink -f {installed} && grep -E '^(MimeType|Exec)=' "
                f"/usr/share/applications/{PKG_NAME}.desktop && ls "
                f"/usr/share/icons/hicolor/scalable/apps/{PKG_NAME}.svg",
            ]
        )
        res.check(
            rc == 0 and "message/rfc822;application/vnd.ms-outlook;" in out,
            f"{label}: binary, .desktop (MIME types) and icon installed",
            " | ".join(out.split()),
        )
        # Static check for the platforms the offscreen runs cannot exercise (xcb, wayland): every bundled ELF
        # file finds each library it needs, in the bundle or from the packages the .deb Depends on.
        opt = f"/opt/{PKG_NAME}/_internal"
        rc, out, err, _s = sh(
            [
                "sh",
                "-c",
                f"find /opt/{PKG_NAME} -type f \\( -name '*.so*' -o -perm -u+x \\) -exec sh -c "
                f'\'LD_LIBRARY_PATH={opt}:{opt}/PySide6/Qt/lib ldd "$1" 2>/dev/null | sed "s|^|$1: |"\' _ {{}} \\; '
                "| grep 'not found' | sort -u",
            ]
        )
        res.check(not out.strip(), f"{label}: every bundled library finds its dependencies (ldd)", out.strip()[:800])
        env = clean_env(QT_QPA_PLATFORM="offscreen", HOME="/root")

        def runner(args: list[str]) -> tuple[int, str, str, float]:
            return sh([str(installed), *args], env=env, timeout=120)

        check_cli(res, label, runner, guest, reference, pairs)
        shot = prefix / "deb-gui.png"
        host_shot = (root / "tmp" / shot.name) if root is not None else shot
        check_gui(res, label, runner, guest, shot, host_shot, pairs)
        if host_shot.is_file() and ns.keep_screenshot:
            shutil.copy(host_shot, ns.keep_screenshot)
        if root is not None:
            check_xcb(res, label, root, pairs, guest)
        rc, out, err, _s = sh(["apt-get", "remove", "-y", "-qq", PKG_NAME], env=apt_env)
        gone = not (root or Path("/")).joinpath("opt", PKG_NAME).exists()
        res.check(rc == 0 and gone, f"{label}: apt-get remove cleans /opt/{PKG_NAME}", "" if gone else err[-300:])
    finally:
        if root is not None:
            subprocess.run(["umount", "-l", str(root / "proc")], capture_output=True, check=False)
            if not ns.keep_chroot:
                shutil.rmtree(root, ignore_errors=True)
        elif mode == "host":
            subprocess.run(["apt-get", "remove", "-y", "-qq", PKG_NAME], capture_output=True, check=False)
    return res.summary()


REFERENCE_HELP = "read the unfrozen reference reports from FILE if it holds them all, else compute and write them"


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the sub-command and run it."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bundle", help="smoke-test a PyInstaller bundle in place")
    b.add_argument("--exe", required=True, help="the bundle's (console) executable")
    b.add_argument("--gui-exe", help="the windowed executable, if different (Windows)")
    b.add_argument("--keep-screenshot", metavar="PNG", help="copy the GUI screenshot here")
    b.add_argument("--reference", metavar="FILE", help=REFERENCE_HELP)
    d = sub.add_parser("deb", help="install the .deb in a minimal chroot (or this host) and run it")
    d.add_argument("--deb", required=True)
    d.add_argument("--workdir", required=True, help="scratch space (the minbase tarball is kept here)")
    d.add_argument("--mode", choices=("auto", "chroot", "host"), default="auto")
    d.add_argument("--keep-chroot", action="store_true")
    d.add_argument("--keep-screenshot", metavar="PNG")
    d.add_argument("--reference", metavar="FILE", help=REFERENCE_HELP)
    ns = p.parse_args(argv)
    return cmd_bundle(ns) if ns.cmd == "bundle" else cmd_deb(ns)


if __name__ == "__main__":
    sys.exit(main())
