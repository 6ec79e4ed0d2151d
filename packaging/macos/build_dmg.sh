#!/usr/bin/env bash
# macOS: build "Email Header Inspector.app" (PyInstaller BUNDLE in packaging/inspector.spec: icon, version,
# .eml/.msg document types, argv emulation so a Finder double-click passes the file) and wrap it in a .dmg
# with an /Applications link for drag-and-drop install. Runs on macOS only (PyInstaller does not
# cross-compile; hdiutil exists only there).
#
#   bash packaging/macos/build_dmg.sh [--out DIR]
#
# The .dmg is named for the machine it was built on (arm64 or x86_64): the release workflow builds one on an
# Apple-silicon runner and one on an Intel runner. Signing and notarisation are optional and happen only when the
# variables are set (the workflow sets them when its secrets exist):
#   CODESIGN_IDENTITY="Developer ID Application: …"      → codesign --deep --options runtime --timestamp
#   NOTARY_PROFILE=<keychain profile of xcrun notarytool> → notarytool submit --wait, then stapler staple
# Unsigned builds work, but Gatekeeper blocks the first start (packaging/README.md says how to allow it on
# macOS 15, where right-click → Open no longer does).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/build/packaging"
[ "${1:-}" = "--out" ] && OUT="$2"
[ "$(uname -s)" = Darwin ] || { echo "build_dmg.sh: macOS only" >&2; exit 2; }

bash "$ROOT/packaging/build.sh" --out "$OUT" --no-deb
OUT="$(cd "$OUT" && pwd)"
APP="$OUT/dist/Email Header Inspector.app"
# The app's declared minimum macOS must not be lower than what its wheels and Python need.
"$OUT/venv/bin/python" "$ROOT/packaging/macos/minimum.py" --check "$APP"
VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")"
ARCH="$(uname -m)"
DMG="$OUT/EmailHeaderInspector-$VERSION-macos-$ARCH.dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

STAGE="$OUT/dmg-stage"
rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
# hdiutil sometimes fails with "Resource busy" on CI runners (a background indexer holds the new image); retry.
for attempt in 1 2 3 4 5; do
  if hdiutil create -volname "Email Header Inspector" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"; then
    break
  fi
  [ "$attempt" = 5 ] && { echo "build_dmg.sh: hdiutil create failed 5 times" >&2; exit 1; }
  sleep $((attempt * 5))
done
rm -rf "$STAGE"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
echo "   dmg: $DMG ($(du -h "$DMG" | cut -f1)); app $(du -sh "$APP" | cut -f1)"
