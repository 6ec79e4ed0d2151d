#!/usr/bin/env bash
# macOS: mount the .dmg read-only, check it holds the .app (with its .eml/.msg document types) and an
# /Applications link, copy the app out as a user would, and smoke-test that copy (CLI JSON == unfrozen, GUI
# offscreen quits by itself) with packaging/smoke.py.
#
#   bash packaging/macos/smoke_dmg.sh DMG PYTHON
set -euo pipefail
DMG="$1"; PY="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MNT="$(mktemp -d)"
DEST="$(mktemp -d)"
trap 'hdiutil detach "$MNT" -quiet >/dev/null 2>&1 || true; rm -rf "$DEST"' EXIT
hdiutil attach "$DMG" -nobrowse -readonly -mountpoint "$MNT" -quiet
APP="$MNT/Email Header Inspector.app"
test -d "$APP" || { echo "FAIL dmg: no app in $DMG" >&2; exit 1; }
test -L "$MNT/Applications" || { echo "FAIL dmg: no /Applications link" >&2; exit 1; }
# (no pipe into grep -q: with pipefail, grep closing the pipe early could fail the check spuriously)
DOCTYPES="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleDocumentTypes' "$APP/Contents/Info.plist")"
grep -qw eml <<<"$DOCTYPES" && grep -qw msg <<<"$DOCTYPES" \
  || { echo "FAIL dmg: Info.plist lacks the .eml/.msg document types" >&2; exit 1; }
echo "PASS dmg: mounts, holds the app and an Applications link; Info.plist declares .eml/.msg"
cp -R "$APP" "$DEST/"
hdiutil detach "$MNT" -quiet
"$PY" "$ROOT/packaging/smoke.py" bundle --exe "$DEST/Email Header Inspector.app/Contents/MacOS/email-header-inspector"
