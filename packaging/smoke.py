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
import contextlib
import fnmatch
import json
import os
import re
import shutil
import signal
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


#: An Outlook item for the .msg cases (made by tests/support/msg_writer.py from our own test data: MIT, ours).
MSG_SAMPLE = ROOT / "tests" / "fixtures" / "msg" / "html-attachments.msg"

Runner = Callable[[list[str], "str | None"], tuple[int, str, str, float]]
Variant = tuple[list[str], "str | None", str]


def samples() -> list[tuple[Path, Path | None]]:
    """The bundled sample messages and their DNS snapshots (None when a sample has none)."""
    found = []
    for p in sorted(SAMPLES.glob("*")):
        if p.suffix.lower() in (".eml", ".msg"):
            snap = p.with_name(p.stem + ".dns.json")
            found.append((p, snap if snap.is_file() else None))
    return found


def run(
    cmd: Sequence[str], env: dict[str, str] | None = None, timeout: int = TIMEOUT, stdin: str | None = None
) -> tuple[int, str, str, float]:
    """Run a command (with `stdin` as its input); (exit code, stdout, stderr, seconds). A timeout is exit code -9."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            list(cmd), input=stdin, capture_output=True, text=True, env=env, timeout=timeout, check=False
        )
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


def cases() -> list[tuple[Path, Path | None]]:
    """What the CLI checks analyse: the bundled samples plus an Outlook .msg (when the source tree has it)."""
    return samples() + ([(MSG_SAMPLE, None)] if MSG_SAMPLE.is_file() else [])


def pasted_headers(sample: Path) -> str:
    """The header block of a message, as a user pastes it from a mail program's "show original"."""
    data = sample.read_bytes().replace(b"\r\n", b"\n")
    return data.split(b"\n\n", 1)[0].decode("utf-8", "replace") + "\n"


def analyze_args(sample: Path, snapshot: Path | None, source: Path | None = None) -> list[Variant]:
    """The offline CLI variants to compare, as (arguments, stdin, label): with the DNS snapshot (if any), fully
    --offline, and for an .eml its header block pasted on stdin (``analyze -``). `source` is the host copy of
    `sample` (the pasted text is read from it; `sample` may be a path inside a chroot)."""
    variants: list[Variant] = [(["analyze", str(sample), "--json", "--offline"], None, "--offline")]
    if snapshot is not None:
        variants.insert(
            0, (["analyze", str(sample), "--json", "--dns-snapshot", str(snapshot)], None, "--dns-snapshot")
        )
    if sample.suffix.lower() == ".eml":
        text = pasted_headers(source or sample)
        variants.append((["analyze", "-", "--json", "--offline"], text, "pasted headers on stdin --offline"))
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
        for i, (args, stdin, _label) in enumerate(analyze_args(sample, snap)):
            rc, stdout, stderr, _ = run([sys.executable, "-m", "inspector", *args], env=env, stdin=stdin)
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
    runner: Runner,
    to_frozen_path: Callable[[Path], Path],
    reference: dict[tuple[str, int], dict],
    pairs: list[tuple[Path, Path | None]],
) -> None:
    """The frozen CLI's JSON equals the unfrozen run's for every sample and offline variant."""
    rc, out, err, _ = runner(["--version"], None)
    res.check(rc == 0 and "inspector" in out, f"{label}: --version", (out or err).strip()[:120])
    for sample, snap in pairs:
        fsample = to_frozen_path(sample)
        fsnap = to_frozen_path(snap) if snap else None
        for i, (args, stdin, vlabel) in enumerate(analyze_args(fsample, fsnap, sample)):
            what = f"{label}: analyze {sample.name} {vlabel}"
            rc, out, err, secs = runner(args, stdin)
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
    runner: Runner,
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
        rc, _out, err, secs = runner(args, None)
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


QR_URL = "https://paypa1-account-check.example/login"


def write_qr_sample(folder: Path) -> Path:
    """A message with the same QR code as a PNG and as a JPEG attachment, made now with zxing-cpp and Pillow.

    Reading it loads Pillow's core (PIL._imaging and the libraries it links: libjpeg, libtiff, OpenJPEG, libxcb,
    libXau) and zxing-cpp in the frozen app; packaging/linux/elf_compact.py rewrites one of those libraries.
    """
    import base64
    import io

    import zxingcpp  # the build venv has the runtime dependencies
    from PIL import Image

    code = zxingcpp.create_barcode(QR_URL, zxingcpp.BarcodeFormat.QRCode).to_image(scale=6)
    image = Image.frombuffer("L", (code.shape[1], code.shape[0]), bytes(code), "raw", "L", 0, 1)
    parts = []
    for fmt, mime in (("PNG", "image/png"), ("JPEG", "image/jpeg")):
        buf = io.BytesIO()
        image.save(buf, fmt)
        parts.append((mime, fmt.lower(), base64.encodebytes(buf.getvalue()).decode("ascii")))
    body = "".join(
        f'--b\r\nContent-Type: {mime}\r\nContent-Disposition: attachment; filename="code.{ext}"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n"
        for mime, ext, data in parts
    )
    msg = folder / "smoke-qr.eml"
    msg.write_bytes(
        (
            "From: Bank <alerts@example.org>\r\nTo: bob@example.net\r\nSubject: Scan to confirm\r\n"
            "Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nMessage-ID: <smoke-qr@example.org>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/plain\r\n\r\nScan the code.\r\n" + body + "--b--\r\n"
        ).encode("ascii")
    )
    return msg


def check_qr(res: Results, label: str, exe: Path, env: dict[str, str]) -> None:
    """The frozen CLI reads a QR code from PNG and JPEG attachments exactly as the unfrozen run does."""
    with tempfile.TemporaryDirectory() as tmp:
        msg = write_qr_sample(Path(tmp))
        args = ["analyze", str(msg), "--json", "--offline"]
        ref_env = clean_env(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        rc0, out0, err0, _ = run([sys.executable, "-m", "inspector", *args], env=ref_env)
        rc, out, err, _ = run([str(exe), *args], env=env)
        try:
            want, got = normalise(out0), normalise(out)
        except (json.JSONDecodeError, ValueError) as exc:
            res.check(False, f"{label}: QR codes in images are read", f"rc={rc0}/{rc} {exc} {err0[-200:]} {err[-200:]}")
            return
        host = QR_URL.split("/")[2].split(".")[0]
        found = out.count(host)
        ok = rc == 0 and got == want and found >= 2 and out0.count(host) == found
        detail = f"{found} mentions of {host}, JSON equals the unfrozen run's" if ok else first_difference(got, want)
        if got == want and found < 2:
            detail = f"the QR URL was not read (mentions: {found})"
        res.check(ok, f"{label}: QR codes in PNG and JPEG attachments are read (Pillow, zxing-cpp bundled)", detail)


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


def check_search_paths(res: Results, label: str, bundle: Path) -> None:
    """No bundled ELF file keeps a build-machine library path in its RPATH/RUNPATH (packaging/linux/rpath.py)."""
    sys.path.insert(0, str(ROOT / "packaging" / "linux"))
    from rpath import offending

    bad = offending(bundle)
    res.check(
        not bad,
        f"{label}: no build-machine path in bundled libraries' RPATH/RUNPATH",
        "; ".join(f"{p.relative_to(bundle)}: {':'.join(v)}" for p, v in list(bad.items())[:5]),
    )


#: A Qt library in the dynamic loader's LD_DEBUG=files trace ("file=libQt6Core.so.6 [0];  needed by ...").
QT_LIBRARY = re.compile(r"\bfile=(?:\S*/)?(libQt6\w*\.so[.\d]*)")


def check_icu(res: Results, label: str, bundle: Path) -> None:
    """The bundle's slimmed ICU data answers Qt's ICU calls as the wheel's full library does (Linux).

    packaging/linux/icu_probe.py runs with this (build venv's) PySide6, once as installed and once with
    LD_LIBRARY_PATH on the bundle's Qt libraries, which then supply Qt and ICU: collation, converters, time zone
    names and case mapping must be equal, and the second run must have mapped the bundle's libicudata.
    """
    libs = sorted((bundle / "_internal" / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    if not libs:
        res.check(False, f"{label}: the bundle holds ICU's data library", str(bundle))
        return
    probe = ROOT / "packaging" / "linux" / "icu_probe.py"
    runs = []
    for extra in ({}, {"LD_LIBRARY_PATH": str(libs[0].parent)}):
        rc, out, err, _secs = run([sys.executable, str(probe)], env=clean_env(QT_QPA_PLATFORM="offscreen", **extra))
        runs.append(json.loads(out) if rc == 0 else {"error": err.strip()[-300:]})
    full, slim = runs
    same = "answers" in full and full.get("answers") == slim.get("answers")
    mapped = slim.get("libicudata") == str(libs[0])
    detail = f"{libs[0].name} {libs[0].stat().st_size} bytes, mapped {slim.get('libicudata')}"
    if not same:
        detail += f"; differs: {first_difference(full.get('answers', full), slim.get('answers', slim))}"
    res.check(same and mapped, f"{label}: slimmed ICU data gives Qt's ICU answers unchanged", detail)


def check_no_qt(res: Results, label: str, exe: Path, sample: Path, env: dict[str, str]) -> None:
    """The frozen CLI never loads Qt (PyInstaller's stock PySide6 hook did, in every process).

    The dynamic loader's own trace (LD_DEBUG=files) lists every library the process opens, including those
    Python's extension modules pull in with dlopen; libQt6Core must not be among them for the CLI.
    """
    for args in (["--version"], ["analyze", str(sample), "--json", "--offline"]):
        rc, _out, err, _s = run([str(exe), *args], env={**env, "LD_DEBUG": "files"})
        qt = sorted(set(QT_LIBRARY.findall(err)))
        res.check(rc == 0 and not qt, f"{label}: CLI {args[0]} loads no Qt library", ", ".join(qt) or f"rc={rc}")


# --- bundle ----------------------------------------------------------------------------------------------


def cmd_bundle(ns: argparse.Namespace) -> int:
    """Smoke-test a PyInstaller bundle in place."""
    res = Results()
    exe = Path(ns.exe).resolve()
    gui_exe = Path(ns.gui_exe).resolve() if ns.gui_exe else exe
    if not res.check(bool(samples()), "bundled samples exist", f"{len(samples())} in {SAMPLES}"):
        return res.summary()
    pairs = cases()
    reference = unfrozen_reports(pairs, Path(ns.reference) if ns.reference else None)
    rdir = frozen_dir(exe, "resources")
    res.check(rdir is not None, "resources/ is inside the bundle", str(rdir))
    rdir = rdir or SAMPLES.parent
    for sample, snap in samples():
        for f in filter(None, (sample, snap)):
            res.check((rdir / "samples" / f.name).is_file(), f"bundle holds samples/{f.name}")

    check_licences(res, "frozen", exe)
    if sys.platform.startswith("linux"):
        check_search_paths(res, "frozen", exe.parent)
        check_icu(res, "frozen", exe.parent)

    def in_bundle(p: Path) -> Path:
        return rdir / "samples" / p.name if p.parent == SAMPLES else p

    env = clean_env(QT_QPA_PLATFORM="offscreen")

    def frozen(a: list[str], stdin: str | None) -> tuple[int, str, str, float]:
        return run([str(exe), *a], env=env, stdin=stdin)

    check_cli(res, "frozen", frozen, in_bundle, reference, pairs)
    if sys.platform.startswith("linux"):
        check_no_qt(res, "frozen", exe, in_bundle(pairs[0][0]), env)
    check_ed25519(res, "frozen", exe, env)
    check_qr(res, "frozen", exe, env)
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "frozen-gui.png"

        def frozen_gui(a: list[str], stdin: str | None) -> tuple[int, str, str, float]:
            return run([str(gui_exe), *a], env=env, timeout=120, stdin=stdin)

        check_gui(res, "frozen", frozen_gui, in_bundle, shot, shot, pairs)
        if ns.keep_screenshot and shot.is_file():
            shutil.copy(shot, ns.keep_screenshot)
    return res.summary()


# --- deb -------------------------------------------------------------------------------------------------

#: Where the .deb puts the bundle (not /opt: see packaging/linux/build_deb.sh).
APP_DIR = f"/usr/lib/{PKG_NAME}"
#: A desktop's MIME and application databases, gio and xdg-utils: what "double-click" goes through.
DESKTOP_PACKAGES = ("shared-mime-info", "desktop-file-utils", "libglib2.0-bin", "xdg-utils")
#: MIME type each test file must get, and the desktop entry that must open it.
EXPECTED_TYPES = {".eml": "message/rfc822", ".msg": "application/vnd.ms-outlook"}
DESKTOP_ID = f"{PKG_NAME}.desktop"
Shell = Callable[..., tuple[int, str, str, float]]


def seed_gui_settings(root: Path) -> None:
    """The chroot user's GUI settings say DNS offline, so a GUI started by `gio open` sends no query.

    (A double-click cannot pass --offline; the machine-wide /etc/email-header-inspector/defaults.json says
    offline too, and the user's own settings win over it.)
    """
    conf = root / "root" / ".config" / "EmailHeaderInspector" / "Email Header Inspector.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    # A user who has run the app before: DNS chosen (offline) and the first-run dialog answered, so the window
    # goes straight to the message (a first start would ask about DNS first, in a modal dialog).
    conf.write_text("[dns]\nmode=offline\n\n[firstrun]\ndone=1\n", encoding="utf-8")


def check_layout(res: Results, label: str, sh: Shell, owned: list[str], conffiles: list[str]) -> None:
    """The installed files: commands, desktop entry, MIME type, AppStream, man pages, docs, the conffile."""
    wanted = [
        f"/usr/bin/{PKG_NAME}",
        "/usr/bin/inspector",
        f"{APP_DIR}/{PKG_NAME}",
        f"/usr/share/applications/{DESKTOP_ID}",
        f"/usr/share/mime/packages/{PKG_NAME}.xml",
        "/usr/share/metainfo/org.emailheaderinspector.EmailHeaderInspector.metainfo.xml",
        f"/usr/share/icons/hicolor/scalable/apps/{PKG_NAME}.svg",
        "/usr/share/man/man1/inspector.1.gz",
        f"/usr/share/man/man1/{PKG_NAME}.1.gz",
        f"/usr/share/doc/{PKG_NAME}/copyright",
        f"/usr/share/doc/{PKG_NAME}/changelog.gz",
        f"/etc/{PKG_NAME}/defaults.json",
    ]
    missing = [w for w in wanted if w not in owned]
    res.check(not missing, f"{label}: package ships commands, .desktop, MIME, AppStream, man pages, docs", str(missing))
    in_opt = [p for p in owned if p == "/opt" or p.startswith("/opt/")]
    res.check(not in_opt, f"{label}: nothing installed under /opt (and /opt not owned)", " ".join(in_opt[:5]))
    rc, out, _e, _s = sh(["sh", "-c", f"readlink -f /usr/bin/inspector /usr/bin/{PKG_NAME}"])
    targets = set(out.split())
    res.check(targets == {f"{APP_DIR}/{PKG_NAME}"}, f"{label}: both commands run the bundle", " ".join(targets))
    rc, out, _e, _s = sh(["cat", f"/etc/{PKG_NAME}/defaults.json"])
    try:
        mode = json.loads(out).get("dns_mode") if rc == 0 else None
    except ValueError:
        mode = None
    res.check(
        mode == "offline" and f"/etc/{PKG_NAME}/defaults.json" in conffiles,
        f"{label}: /etc/{PKG_NAME}/defaults.json is a conffile, dns_mode offline",
        f"dns_mode={mode!r} conffiles={conffiles}",
    )
    rc, out, _e, _s = sh(["cat", f"/usr/share/doc/{PKG_NAME}/copyright"])
    index = json.loads(LICENCE_INDEX.read_text(encoding="utf-8"))["components"]
    licences = {name.strip() for c in index for name in c["dep5"].replace(" and ", " or ").split(" or ")}
    absent = sorted(lic for lic in licences if f"\nLicense: {lic}\n" not in out)
    res.check(
        rc == 0 and not absent and out.count("\nFiles: ") >= len(index) - 2,
        f"{label}: copyright lists the bundled components with their licences",
        f"{out.count(chr(10) + 'Files: ')} Files paragraphs" if not absent else f"missing licences: {absent}",
    )
    rc, out, err, _s = sh(["sh", "-c", "cd /tmp && grep -c . /var/lib/dpkg/info/email-header-inspector.md5sums"])
    res.check(rc == 0 and int(out.strip() or 0) > 100, f"{label}: md5sums registered", out.strip() or err[-200:])


def check_installed_clis(res: Results, label: str, sh: Shell) -> None:
    """`inspector` is the command line (usage and help name it); both names print the version."""
    env = clean_env(HOME="/root")
    for cmd in ("inspector", PKG_NAME):
        rc, out, err, _s = sh([cmd, "--version"], env=env)
        res.check(rc == 0 and out.startswith("inspector "), f"{label}: {cmd} --version", (out or err).strip()[:80])
    rc, out, err, _s = sh(["inspector"], env=env)
    res.check(
        rc == 2 and "usage: inspector" in err,
        f"{label}: inspector with no arguments prints the CLI usage (no window)",
        f"rc={rc} {err.strip()[:120]}",
    )
    rc, out, _e, _s = sh(["sh", "-c", "man -w inspector 2>/dev/null || ls /usr/share/man/man1/inspector.1.gz"])
    res.check(rc == 0, f"{label}: man page for inspector is found", out.strip())


def check_mime(res: Results, label: str, sh: Shell, files: list[Path]) -> None:
    """Each test file gets its MIME type from the shared database and our desktop entry is its default."""
    # xdg-mime asks the desktop's own tool (GNOME: gio, KDE: kmimetypefinder); without a desktop it falls
    # back to file(1), which knows no .msg. Ask it as GNOME does; `gio info` is the GLib answer for all GTK desktops.
    env = clean_env(HOME="/root", XDG_DATA_DIRS="/usr/local/share:/usr/share", XDG_CURRENT_DESKTOP="GNOME")
    for f in files:
        want = EXPECTED_TYPES.get(f.suffix.lower())
        if want is None:
            continue
        _rc, gio, _e, _s = sh(["gio", "info", "-a", "standard::content-type", str(f)], env=env)
        _rc, xdg, _e, _s = sh(["xdg-mime", "query", "filetype", str(f)], env=env)
        _rc, default, _e, _s = sh(["xdg-mime", "query", "default", want], env=env)
        gio_type = gio.rsplit("standard::content-type:", 1)[-1].strip()
        ok = gio_type == want and xdg.strip() == want and default.strip() == DESKTOP_ID
        res.check(
            ok,
            f"{label}: {f.name} is {want} (gio, xdg-mime) and opens with {DESKTOP_ID}",
            f"gio={gio_type!r} xdg-mime={xdg.strip()!r} default={default.strip()!r}",
        )


def app_pids(name_arg: str) -> list[int]:
    """Processes of the installed app whose command line holds `name_arg` (the file gio handed it)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(PKG_NAME.encode()) for a in argv[:1]) and name_arg.encode() in argv:
            pids.append(int(proc.name))
    return pids


def check_gio_open(res: Results, label: str, root: Path, display: str, files: list[Path]) -> None:
    """The double-click path: `gio open FILE` starts the installed app on FILE and its window shows it.

    gio resolves the file's MIME type (shared-mime-info, our *.msg definition), finds the default application
    (our .desktop file through desktop-file-utils' cache) and runs its Exec line; the window is then waited for
    on the X server until its title names the file (the report is on screen). The app is then closed.
    """
    sys.path.insert(0, str(ROOT / "packaging"))
    from xwait import MapWaiter

    env = clean_env(DISPLAY=display, HOME="/root", LANG="C.UTF-8")
    for f in files:
        if f.suffix.lower() not in EXPECTED_TYPES:
            continue
        waiter = MapWaiter(display)
        try:
            t0 = time.perf_counter()
            # Not through pipes: the app gio starts inherits them, and reading to their end would wait for it.
            with tempfile.TemporaryFile() as errf:
                rc = subprocess.run(
                    ["chroot", str(root), "gio", "open", str(f)],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errf,
                    timeout=60,
                    check=False,
                ).returncode
                shown = waiter.wait(f"{f.name} — Email Header Inspector", 90) if rc == 0 else None
                errf.seek(0)
                err = errf.read().decode("utf-8", "replace")
        finally:
            waiter.close()
        pids = app_pids(str(f))
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        res.check(
            shown is not None and bool(pids),
            f"{label}: gio open {f.name} starts the app and shows its report",
            f"window after {shown - t0:.2f} s" if shown is not None else f"rc={rc} pids={pids} {err.strip()[-300:]}",
        )
        for pid in pids:
            for _ in range(100):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            else:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def check_removal(
    res: Results,
    label: str,
    sh: Shell,
    root: Path | None,
    owned: list[str],
    conffiles: list[str],
    opt_before: bool,
    files: list[Path],
) -> None:
    """`apt-get remove` leaves only the conffile; `purge` removes that too; /opt is as it was; MIME unregistered."""
    base = root or Path("/")
    apt_env = clean_env(DEBIAN_FRONTEND="noninteractive")
    rc, _o, err, _s = sh(["apt-get", "remove", "-y", "-qq", PKG_NAME], env=apt_env)
    # A path the package listed survives only if it is a conffile or a directory another package still uses.
    left = [p for p in owned if (base / p.lstrip("/")).is_symlink() or (base / p.lstrip("/")).is_file()]
    stray = [p for p in left if p not in conffiles]
    res.check(
        rc == 0 and not stray,
        f"{label}: apt-get remove deletes every installed file (conffiles stay until purge)",
        f"{len(owned)} paths checked" if not stray else f"left: {' '.join(stray[:8])} {err[-200:]}",
    )
    ours = [APP_DIR, f"/usr/share/doc/{PKG_NAME}"]
    res.check(
        not any((base / d.lstrip("/")).exists() for d in ours),
        f"{label}: apt-get remove deletes {APP_DIR}",
    )
    rc, _o, err, _s = sh(["apt-get", "purge", "-y", "-qq", PKG_NAME], env=apt_env)
    left = [p for p in owned if (base / p.lstrip("/")).is_symlink() or (base / p.lstrip("/")).is_file()]
    res.check(
        rc == 0 and not left and not (base / "etc" / PKG_NAME).exists(),
        f"{label}: apt-get purge deletes the conffile and /etc/{PKG_NAME}",
        " ".join(left[:5]) or err[-200:],
    )
    opt_after = (base / "opt").exists()
    res.check(
        opt_after == opt_before,
        f"{label}: /opt is as before the install ({'present' if opt_before else 'absent'})",
        f"before={opt_before} after={opt_after}",
    )
    if root is not None:
        msgs = [f for f in files if f.suffix.lower() == ".msg"]
        for f in msgs:
            _rc, out, _e, _s = sh(["gio", "info", "-a", "standard::content-type", str(f)], env=clean_env(HOME="/root"))
            got = out.rsplit("standard::content-type:", 1)[-1].strip()
            res.check(
                got != EXPECTED_TYPES[".msg"],
                f"{label}: after purge the MIME database no longer has our .msg type (trigger re-ran)",
                got,
            )


class Lintian:
    """lintian on the .deb, started at once and read at the end: it runs beside the chroot test (~2 min each)."""

    def __init__(self, deb: Path) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.t0 = time.perf_counter()
        if not shutil.which("lintian"):
            return
        members = subprocess.run(["ar", "t", str(deb)], capture_output=True, text=True, check=False).stdout
        # A --fast-deb (zstd) build is for local loops; dpkg reads it, lintian calls it malformed.
        extra = ["--suppress-tags", "malformed-deb-archive"] if ".zst" in members else []
        cmd = ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", *extra, str(deb)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def check(self, res: Results) -> None:
        """No error or warning (packaging/linux/lintian-overrides justifies each accepted tag)."""
        if self.proc is None:
            res.check(False, "lintian is installed (packaging/ci.sh installs it)")
            return
        try:
            out, _ = self.proc.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        tags = [line for line in out.splitlines() if line[:2] in ("E:", "W:")]
        secs = time.perf_counter() - self.t0
        res.check(
            self.proc.returncode == 0 and not tags,
            "lintian: no errors or warnings",
            f"{secs:.0f} s (beside the chroot test)" if not tags else " | ".join(tags[:12]) or out[-300:],
        )


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


class ChrootError(Exception):
    """The chroot could not be made (a failure, unlike a machine without root or debootstrap)."""


def mounts_under(root: Path) -> list[str]:
    """Mount points inside `root` (deepest first), from /proc/self/mounts."""
    prefix = str(root.resolve()) + "/"
    found = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mounts").read_text().splitlines():
            point = line.split()[1].replace("\\040", " ")
            if point.startswith(prefix):
                found.append(point)
    return sorted(found, key=len, reverse=True)


def make_chroot(workdir: Path) -> Path:
    """A fresh minbase chroot under workdir (debootstrapped once per workdir, then restored from a tarball)."""
    base = workdir / "minbase.tar"
    root = workdir / "chroot"
    if root.exists():
        # Unmount whatever an earlier run left mounted inside (proc, the X socket folder) first: rmtree would
        # otherwise walk into a bind mount and delete the host's own files.
        for mnt in mounts_under(root):
            subprocess.run(["umount", "-l", mnt], capture_output=True, check=False)
        if mounts_under(root):
            raise ChrootError(f"{root} still has mounts inside: {mounts_under(root)}")
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

    Offscreen runs never load the xcb platform plugin; this one proves the Depends suffice for a desktop. Then
    each test file is opened the way a double-click does it (`gio open`, check_gio_open).
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
        if display and mounted:
            check_gio_open(res, label, root, display, [guest(p) for p, _snap in pairs])
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
    if not res.check(bool(samples()), "bundled samples exist", f"{len(samples())} in {SAMPLES}"):
        return res.summary()
    pairs = cases()
    reference = unfrozen_reports(pairs, Path(ns.reference) if ns.reference else None)

    lint = Lintian(deb)
    mode = ns.mode
    root: Path | None = None
    if mode in ("auto", "chroot"):
        if os.geteuid() != 0 or not shutil.which("debootstrap"):
            if mode == "chroot":
                res.check(False, "make a minbase chroot", "needs root and debootstrap")
                return res.summary()
            print("... no chroot (needs root and debootstrap); installing on this host instead", flush=True)
            mode = "host"
        else:
            # A chroot that fails to build is a failure, never a reason to install on this machine instead.
            try:
                root = make_chroot(workdir)
            except (OSError, subprocess.CalledProcessError, ChrootError) as exc:
                res.check(False, "make a minbase chroot", str(exc))
                return res.summary()
            mode = "chroot"
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
    opt_before = (root or Path("/")).joinpath("opt").exists()
    try:
        if root is not None:
            rc, _o, err, secs = sh(["apt-get", "update", "-qq"], env=apt_env)
            res.check(rc == 0, f"{label}: apt-get update", f"{secs:.1f} s" if rc == 0 else err.strip()[-300:])
            # What a desktop has and a minbase system lacks: the MIME database, the desktop-file database, gio
            # and xdg-utils (the .deb only Recommends the first two, as a server needs none of them).
            rc, _o, err, secs = sh(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *DESKTOP_PACKAGES], env=apt_env
            )
            res.check(rc == 0, f"{label}: desktop integration packages", f"{secs:.1f} s" if rc == 0 else err[-300:])
            seed_gui_settings(root)
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
        pulled = [line.split()[2] for line in out.splitlines() if line.startswith("Setting up ")]
        res.check(
            not any(p.startswith(("libgl1-mesa-dri", "libllvm")) for p in pulled),
            f"{label}: no Mesa driver or LLVM pulled in",
            " ".join(sorted(pulled))[:300],
        )
        _rc, listing, _e, _s = sh(["dpkg", "-L", PKG_NAME])
        owned = [line for line in listing.splitlines() if line.startswith("/")]
        _rc, conf_out, _e, _s = sh(["dpkg-query", "-W", "-f=${Conffiles}", PKG_NAME])
        conffiles = [line.split()[0] for line in conf_out.splitlines() if line.strip()]
        check_layout(res, label, sh, owned, conffiles)
        check_installed_clis(res, label, sh)

        # Static check for the platforms the offscreen runs cannot exercise (xcb, wayland): every bundled ELF
        # file finds each library it needs, in the bundle or from the packages the .deb Depends on.
        rc, out, err, _s = sh(
            [
                "sh",
                "-c",
                f"find {APP_DIR} -type f \\( -name '*.so*' -o -perm -u+x \\) -exec sh -c "
                f'\'LD_LIBRARY_PATH={APP_DIR}/_internal:{APP_DIR}/_internal/PySide6/Qt/lib ldd "$1" 2>/dev/null'
                ' | sed "s|^|$1: |"\' _ {} \\; '
                "| grep 'not found' | sort -u",
            ]
        )
        res.check(not out.strip(), f"{label}: every bundled library finds its dependencies (ldd)", out.strip()[:800])
        env = clean_env(QT_QPA_PLATFORM="offscreen", HOME="/root")
        installed = Path(f"/usr/bin/{PKG_NAME}")

        def runner(args: list[str], stdin: str | None) -> tuple[int, str, str, float]:
            if root is not None:
                return run(["chroot", str(root), str(installed), *args], env=env, timeout=120, stdin=stdin)
            return run([str(installed), *args], env=env, timeout=120, stdin=stdin)

        check_cli(res, label, runner, guest, reference, pairs)
        shot = prefix / "deb-gui.png"
        host_shot = (root / "tmp" / shot.name) if root is not None else shot
        check_gui(res, label, runner, guest, shot, host_shot, pairs)
        if host_shot.is_file() and ns.keep_screenshot:
            shutil.copy(host_shot, ns.keep_screenshot)
        if root is not None:
            check_mime(res, label, sh, [guest(p) for p, _s in pairs])
            check_xcb(res, label, root, pairs, guest)
        check_removal(res, label, sh, root, owned, conffiles, opt_before, [guest(p) for p, _s in pairs])
    finally:
        if root is not None:
            for mnt in mounts_under(root):
                subprocess.run(["umount", "-l", mnt], capture_output=True, check=False)
            if not ns.keep_chroot and not mounts_under(root):
                shutil.rmtree(root, ignore_errors=True)
        elif mode == "host":
            subprocess.run(["apt-get", "purge", "-y", "-qq", PKG_NAME], capture_output=True, check=False)
    lint.check(res)
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
