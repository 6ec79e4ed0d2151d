#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and, on Linux, the .deb.
#
#   bash packaging/build.sh [--out DIR] [--no-deb] [--fast-deb]
#
# DIR (default build/packaging) receives everything: venv/ (a build venv with ONLY the runtime
# dependencies + PyInstaller: never the full PySide6 meta-package, never test tools), work/, dist/ (the
# bundle: dist/email-header-inspector/), and on Linux email-header-inspector_VERSION_ARCH.deb.
# --fast-deb compresses with zstd (0.4 s instead of ~40 s) for local loops; releases use xz, which every
# Debian/Ubuntu dpkg can unpack (Debian 11 and older cannot unpack zstd .debs).
# Works on Linux, macOS and Windows (Git Bash) runners; the .deb step runs on Linux only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/build/packaging"
MAKE_DEB=1
DEB_COMPRESS=xz
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --no-deb) MAKE_DEB=0; shift ;;
    --fast-deb) DEB_COMPRESS=zstd; shift ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

case "$(uname -s)" in
  Linux*) OS=linux ;;
  Darwin*) OS=macos ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) OS=unknown ;;
esac
if [ "$OS" = windows ]; then VBIN="$OUT/venv/Scripts"; else VBIN="$OUT/venv/bin"; fi
PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null || PY=python

# --- 1. build venv: runtime dependencies from pyproject.toml + PyInstaller, nothing else ---------------
REQS="$OUT/requirements.txt"
"$PY" - "$ROOT/pyproject.toml" > "$REQS.new" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["packaging"]))
EOF
if [ ! -x "$VBIN/python" ] && [ ! -x "$VBIN/python.exe" ] || ! cmp -s "$REQS.new" "$REQS"; then
  echo "== build venv ($OUT/venv)"
  rm -rf "$OUT/venv"
  "$PY" -m venv "$OUT/venv"
  # --prefer-binary: an older wheel rather than a newer sdist (cryptography, pulled in by oletools and left out of
  # the bundle, has no x86_64 macOS wheel after 48.0.1; building it needs Rust and OpenSSL).
  "$VBIN/python" -m pip install -q --disable-pip-version-check --prefer-binary -r "$REQS.new"
  mv "$REQS.new" "$REQS"
else
  rm -f "$REQS.new"
fi
if "$VBIN/python" -c "import importlib.metadata as m; m.distribution('PySide6-Addons')" 2>/dev/null; then
  echo "build.sh: the build venv has PySide6-Addons (full PySide6); use PySide6-Essentials only" >&2
  exit 1
fi
VERSION="$("$VBIN/python" -c "import sys; sys.path.insert(0, sys.argv[1]); import inspector; print(inspector.__version__)" "$ROOT")"

# --- 2. PyInstaller one-folder bundle -----------------------------------------------------------------
echo "== PyInstaller ($VERSION, $OS)"
start=$(date +%s)
(cd "$ROOT" && "$VBIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" packaging/inspector.spec) 2>&1 | tee "$OUT/pyinstaller.log"
# A library the build host lacks is silently left out of the bundle; on Linux that breaks the xcb platform
# on machines without it. Only the GTK libraries of the (dropped) gtk3 platform theme may be missing.
missing=""
[ "$OS" = linux ] && missing="$(grep -o "could not resolve '[^']*'" "$OUT/pyinstaller.log" | cut -d"'" -f2 \
  | grep -Ev '^lib(gtk-3|gdk-3|atk-1\.0|gdk_pixbuf-2\.0)\.' | sort -u | tr '\n' ' ' || true)"
if [ -n "$missing" ]; then
  echo "build.sh: the build host lacks $missing- install them (packaging/ci.sh lists the apt packages)" >&2
  exit 1
fi
echo "   built in $(( $(date +%s) - start )) s"
BUNDLE="$OUT/dist/email-header-inspector"
# The build host's library paths (pyenv/python-build link libpython with an absolute RPATH) must not ship.
if [ "$OS" = linux ]; then
  "$VBIN/python" "$ROOT/packaging/linux/rpath.py" fix "$BUNDLE" || {
    echo "build.sh: bundled files still carry a build-machine library path (above)" >&2; exit 1; }
  # ICU's data library without what Qt never reads (15 MB of 32; packaging/linux/icu_data.py says what and why;
  # packaging/smoke.py compares Qt's ICU answers with the full library's).
  for lib in "$BUNDLE"/_internal/PySide6/Qt/lib/libicudata.so.*; do
    [ -f "$lib" ] && "$VBIN/python" "$ROOT/packaging/linux/icu_data.py" slim "$lib"
  done
  # patchelf's zero padding (auditwheel renamed Pillow's libXau: 2 MB of zeros in a 15 KB library).
  "$VBIN/python" "$ROOT/packaging/linux/elf_compact.py" "$BUNDLE"
fi
if [ "$OS" = macos ]; then
  echo "   app: $OUT/dist/Email Header Inspector.app ($(du -sh "$OUT/dist/Email Header Inspector.app" | cut -f1))"
else
  echo "   bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
fi

# --- 3. Linux .deb ------------------------------------------------------------------------------------
if [ "$OS" = linux ] && [ "$MAKE_DEB" = 1 ]; then
  PYTHON="$VBIN/python" bash "$ROOT/packaging/linux/build_deb.sh" "$BUNDLE" "$VERSION" "$OUT" "$DEB_COMPRESS"
fi
