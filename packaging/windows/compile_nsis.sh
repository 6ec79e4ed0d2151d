#!/usr/bin/env bash
# Compile installer.nsi with Debian's makensis against a stand-in payload, so the script cannot rot on a
# Linux CI (the real payload, a PyInstaller Windows build, needs Windows: see .github/workflows/release.yml).
#
#   bash packaging/windows/compile_nsis.sh OUT_DIR
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/inspector/__init__.py")"

PAYLOAD="$OUT/payload/email-header-inspector"
rm -rf "$OUT/payload"
mkdir -p "$PAYLOAD/_internal/licenses" "$PAYLOAD/_internal/resources/samples"
printf 'MZ stand-in GUI executable\n' > "$PAYLOAD/email-header-inspector.exe"
printf 'MZ stand-in CLI executable\n' > "$PAYLOAD/email-header-inspector-cli.exe"
cp "$ROOT/LICENSE" "$ROOT/THIRD_PARTY_NOTICES.md" "$PAYLOAD/_internal/licenses/"
cp "$ROOT"/resources/samples/* "$PAYLOAD/_internal/resources/samples/" 2>/dev/null || true

# The app's mutex name (installer.nsi reads it from the same file; EXPECT_APP_MUTEX makes makensis compare).
APP_MUTEX="$(sed -n 's/^MUTEX_BASE = "\(.*\)"$/\1/p' "$ROOT/inspector/instance_mutex.py")"
[ -n "$APP_MUTEX" ] || { echo "FAIL NSIS: no MUTEX_BASE in inspector/instance_mutex.py" >&2; exit 1; }

SETUP="$OUT/EmailHeaderInspector-$VERSION-setup.exe"
rm -f "$SETUP"
makensis -V2 -INPUTCHARSET UTF8 -WX -DVERSION="$VERSION" -DPAYLOAD_DIR="$PAYLOAD" -DOUTFILE="$SETUP" \
  -DEXPECT_APP_MUTEX="$APP_MUTEX" "$HERE/installer.nsi"
desc="$(file -b "$SETUP")"
case "$desc" in
  *PE32*Nullsoft*) echo "PASS NSIS: $SETUP ($desc, $(stat -c %s "$SETUP") bytes; checks mutex $APP_MUTEX)" ;;
  *) echo "FAIL NSIS: $SETUP is not an NSIS installer ($desc)" >&2; exit 1 ;;
esac

# The signing hook: with SIGN_COMMAND, makensis must run it on the installer and on the uninstaller it embeds.
# A stand-in "signer" records what it was given (the release workflow passes signtool when a certificate exists).
SIGNLOG="$OUT/signed.txt"
rm -f "$SIGNLOG"
printf '#!/bin/sh\necho "$1" >> "%s"\n' "$SIGNLOG" > "$OUT/fake-sign.sh"
makensis -V2 -INPUTCHARSET UTF8 -WX -DVERSION="$VERSION" -DPAYLOAD_DIR="$PAYLOAD" -DOUTFILE="$OUT/signed-setup.exe" \
  -DSIGN_COMMAND="sh $OUT/fake-sign.sh" "$HERE/installer.nsi"
if [ "$(grep -c . "$SIGNLOG" 2>/dev/null || echo 0)" -ge 2 ] && grep -q "signed-setup.exe" "$SIGNLOG"; then
  echo "PASS NSIS: SIGN_COMMAND ran on the installer and the uninstaller ($(tr '\n' ' ' < "$SIGNLOG"))"
else
  echo "FAIL NSIS: SIGN_COMMAND did not run on both the installer and the uninstaller" >&2; exit 1
fi
