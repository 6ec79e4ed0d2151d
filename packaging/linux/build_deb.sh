#!/usr/bin/env bash
# Wrap the PyInstaller bundle in a .deb:
#   /opt/email-header-inspector/              the one-folder bundle (Qt libraries stay separate files: LGPL)
#   /usr/bin/email-header-inspector           symlink to the bundle's executable (GUI with no args, else CLI)
#   /usr/share/applications/….desktop         start-menu entry, opens message/rfc822 and application/vnd.ms-outlook
#   /usr/share/icons/hicolor/{scalable,256x256}/apps/email-header-inspector.{svg,png}
#   /usr/share/doc/email-header-inspector/copyright (+ the bundle's licence folder)
# Depends: what the bundle does not carry (checked by installing it into a minbase chroot, packaging/smoke.py):
# glibc (version floor computed from the bundle), X11/xcb, GL/EGL, Wayland client, fontconfig, and a font:
# without fonts-dejavu-core (or Liberation) a minimal system renders every glyph as a box.
#
#   bash packaging/linux/build_deb.sh BUNDLE_DIR VERSION OUT_DIR [xz|zstd]
set -euo pipefail
BUNDLE="$1"; VERSION="$2"; OUT="$3"; COMPRESS="${4:-xz}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ICONS="$HERE/../icons"
NAME=email-header-inspector
ARCH="$(dpkg --print-architecture)"
ROOTFS="$OUT/deb-root"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"

echo "== .deb ($COMPRESS)"
rm -rf "$ROOTFS" "$DEB"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/opt" "$ROOTFS/usr/bin" "$ROOTFS/usr/share/applications" \
  "$ROOTFS/usr/share/icons/hicolor/scalable/apps" "$ROOTFS/usr/share/icons/hicolor/256x256/apps" \
  "$ROOTFS/usr/share/doc/$NAME"
cp -a "$BUNDLE" "$ROOTFS/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$ROOTFS/usr/bin/$NAME"
install -m 644 "$HERE/$NAME.desktop" "$ROOTFS/usr/share/applications/$NAME.desktop"
install -m 644 "$HERE/../../resources/icons/app.svg" "$ROOTFS/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 "$ICONS/$NAME-256.png" "$ROOTFS/usr/share/icons/hicolor/256x256/apps/$NAME.png"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Email Header Inspector"
  echo "Comment: The application is MIT-licensed. The bundle in /opt/$NAME ships third-party"
  echo " libraries unmodified; their licences are in /opt/$NAME/_internal/licenses/ (Qt for Python /"
  echo " PySide6 is LGPL-3.0: its libraries are separate files under _internal/PySide6/ and can be replaced)."
  echo
  echo "Files: *"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' "$BUNDLE/_internal/licenses/LICENSE"
} > "$ROOTFS/usr/share/doc/$NAME/copyright"
# dpkg wants no group/other write bits and sane directory modes.
find "$ROOTFS" -type d -exec chmod 755 {} +
find "$ROOTFS/opt" "$ROOTFS/usr/share" -type f -exec chmod go-w {} +

# glibc floor: the highest GLIBC_x.y symbol version any bundled ELF file asks for.
GLIBC="$(find "$ROOTFS/opt" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 grep -aoh 'GLIBC_2\.[0-9][0-9]*' 2>/dev/null | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -u | tail -1)"
SIZE_KB="$(du -sk --apparent-size "$ROOTFS" --exclude=DEBIAN | cut -f1)"
cat > "$ROOTFS/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: Email Header Inspector developers <noreply@email-header-inspector.invalid>
Installed-Size: $SIZE_KB
Section: mail
Priority: optional
Depends: libc6 (>= ${GLIBC:-2.31}), libglib2.0-0, libxcb1, libx11-6, libx11-xcb1, libgl1, libegl1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libdbus-1-3, fonts-dejavu-core | fonts-liberation2
Recommends: libgl1-mesa-dri, shared-mime-info, desktop-file-utils, hicolor-icon-theme
Description: who really sent this e-mail? (SPF/DKIM/ARC/DMARC, lookalikes)
 Email Header Inspector re-verifies SPF, DKIM, ARC and DMARC itself, walks the
 Received chain hop by hop, detects lookalike domains and display-name
 impersonation, and gives a plain-language verdict. It opens .eml and Outlook
 .msg files, never loads remote content and works offline with DNS snapshots.
 .
 Start it from the applications menu, double-click a message file, or run
 "email-header-inspector analyze FILE" in a terminal.
CONTROL

start=$(date +%s)
dpkg-deb --root-owner-group -Z"$COMPRESS" --build "$ROOTFS" "$DEB" >/dev/null
echo "   $DEB: $(du -h --apparent-size "$DEB" | cut -f1) in $(( $(date +%s) - start )) s (glibc >= ${GLIBC:-?})"
