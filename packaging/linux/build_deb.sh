#!/usr/bin/env bash
# Wrap the PyInstaller bundle in a .deb:
#   /usr/lib/email-header-inspector/           the one-folder bundle (Qt libraries stay separate files: LGPL).
#                                              Not /opt: dpkg would own /opt itself and `apt remove` delete it
#                                              when nothing else ships a file there (and lintian: dir-or-file-in-opt)
#   /usr/bin/email-header-inspector            symlink to the bundle's executable (GUI with no args or a file, else CLI)
#   /usr/bin/inspector                         symlink too: the command line, as the CLI's own usage and help name it
#   /usr/share/applications/….desktop          start-menu entry, opens message/rfc822 and application/vnd.ms-outlook
#   /usr/share/mime/packages/….xml             defines application/vnd.ms-outlook (*.msg; registered by the
#                                              shared-mime-info dpkg trigger, as the .desktop file is by desktop-file-utils')
#   /usr/share/metainfo/….metainfo.xml         AppStream metadata (software centres)
#   /usr/share/icons/hicolor/{scalable,256x256}/apps/email-header-inspector.{svg,png}
#   /usr/share/man/man1/{inspector,email-header-inspector}.1.gz (generated from the CLI's parser)
#   /usr/share/doc/email-header-inspector/{copyright,changelog.gz} (copyright from packaging/licenses/components.json)
#   /etc/email-header-inspector/defaults.json  conffile: the GUI's DNS default for every user (offline|snapshot|live)
# Depends: what the bundle does not carry (checked by installing it into a minbase chroot, packaging/smoke.py):
# glibc (version floor computed from the bundle), X11/xcb, Wayland client, fontconfig, and a font: without
# fonts-dejavu-core (or Liberation) a minimal system renders every glyph as a box.
#
#   bash packaging/linux/build_deb.sh BUNDLE_DIR VERSION OUT_DIR [xz|zstd]
set -euo pipefail
BUNDLE="$1"; VERSION="$2"; OUT="$3"; COMPRESS="${4:-xz}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ICONS="$HERE/../icons"
NAME=email-header-inspector
APPID=org.emailheaderinspector.EmailHeaderInspector
APPDIR="usr/lib/$NAME"
ARCH="$(dpkg --print-architecture)"
ROOTFS="$OUT/deb-root"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
PY="${PYTHON:-python3}"

# The changelog's newest entry must be this version (as dpkg-buildpackage insists): a release never ships
# last release's notes.
TOP="$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$HERE/changelog")"
if [ "$TOP" != "$VERSION" ]; then
  echo "build_deb.sh: packaging/linux/changelog starts with $TOP, not $VERSION: add an entry" >&2
  exit 1
fi
# Reproducible dates: the changelog entry's, not the build's.
STAMP="$(sed -n 's/^ -- .*>  //p' "$HERE/changelog" | head -1)"
DATE="$(date -u -d "$STAMP" +%Y-%m-%d)"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date -u -d "$STAMP" +%s)}"

echo "== .deb ($COMPRESS)"
rm -rf "$ROOTFS" "$DEB"
DOC="$ROOTFS/usr/share/doc/$NAME"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/usr/lib" "$ROOTFS/usr/bin" "$ROOTFS/usr/share/applications" \
  "$ROOTFS/usr/share/icons/hicolor/scalable/apps" "$ROOTFS/usr/share/icons/hicolor/256x256/apps" \
  "$ROOTFS/usr/share/mime/packages" "$ROOTFS/usr/share/metainfo" "$ROOTFS/usr/share/man/man1" \
  "$ROOTFS/usr/share/lintian/overrides" "$ROOTFS/etc/$NAME" "$DOC"
cp -a "$BUNDLE" "$ROOTFS/$APPDIR"
ln -s "../lib/$NAME/$NAME" "$ROOTFS/usr/bin/$NAME"
ln -s "../lib/$NAME/$NAME" "$ROOTFS/usr/bin/inspector"
install -m 644 "$HERE/$NAME.desktop" "$ROOTFS/usr/share/applications/$NAME.desktop"
install -m 644 "$HERE/$NAME-mime.xml" "$ROOTFS/usr/share/mime/packages/$NAME.xml"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" "$HERE/$APPID.metainfo.xml" \
  > "$ROOTFS/usr/share/metainfo/$APPID.metainfo.xml"
install -m 644 "$ROOT/resources/icons/app.svg" "$ROOTFS/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 "$ICONS/$NAME-256.png" "$ROOTFS/usr/share/icons/hicolor/256x256/apps/$NAME.png"
install -m 644 "$HERE/defaults.json" "$ROOTFS/etc/$NAME/defaults.json"
install -m 644 "$HERE/lintian-overrides" "$ROOTFS/usr/share/lintian/overrides/$NAME"
"$PY" "$HERE/make_manpages.py" "$ROOTFS/usr/share/man/man1" "$VERSION" "$DATE"
"$PY" "$HERE/make_copyright.py" "/$APPDIR" > "$DOC/copyright"
gzip -9n -c "$HERE/changelog" > "$DOC/changelog.gz"
gzip -9n "$ROOTFS"/usr/share/man/man1/*.1
# Modes: directories 755; files 644, but the bundle's executable 755. Shared libraries and Python extension
# modules need no execute bit (the loader maps them), and a data file never does.
find "$ROOTFS" -type d -exec chmod 755 {} +
find "$ROOTFS" -type f -exec chmod 644 {} +
chmod 755 "$ROOTFS/$APPDIR/$NAME"

# glibc floor: the highest GLIBC_x.y symbol version any bundled ELF file asks for.
GLIBC="$(find "$ROOTFS/$APPDIR" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 grep -aoh 'GLIBC_2\.[0-9][0-9]*' 2>/dev/null | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -u | tail -1)"
SIZE_KB="$(du -sk --apparent-size --exclude=DEBIAN "$ROOTFS" | cut -f1)"
echo "/etc/$NAME/defaults.json" > "$ROOTFS/DEBIAN/conffiles"
# md5sums of every shipped file but the conffiles (dpkg keeps those itself), as dh_md5sums writes them.
(cd "$ROOTFS" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum) > "$ROOTFS/DEBIAN/md5sums"
chmod 644 "$ROOTFS/DEBIAN/md5sums" "$ROOTFS/DEBIAN/conffiles"
# Depends: the libraries the bundle's ELF files need and the bundle does not carry (packaging/smoke.py's ldd
# check proves the list complete in a minbase chroot). Nothing GL: the bundle carries libglvnd's dispatchers
# (see inspector.spec), because Debian's libgl1 hard-depends on Mesa's DRI drivers and LLVM (366 MB on a bare
# system) and the app paints with the raster engine, never creating a GL context. shared-mime-info and
# desktop-file-utils (Recommends) register the .msg type and the .desktop file.
cat > "$ROOTFS/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: Email Header Inspector developers <noreply@email-header-inspector.invalid>
Installed-Size: $SIZE_KB
Section: mail
Priority: optional
Depends: libc6 (>= ${GLIBC:-2.31}), libglib2.0-0, libxcb1, libx11-6, libx11-xcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libdbus-1-3, fonts-dejavu-core | fonts-liberation2
Recommends: shared-mime-info, desktop-file-utils, hicolor-icon-theme
Description: check who really sent an e-mail (SPF, DKIM, ARC, DMARC)
 Email Header Inspector re-verifies SPF, DKIM, ARC and DMARC itself, walks the
 Received chain hop by hop, detects lookalike domains and display-name
 impersonation, and gives a plain-language verdict. It opens saved e-mail
 (.eml) and Outlook (.msg) files, never loads remote content, and works
 offline with DNS snapshots.
 .
 Start it from the applications menu, double-click a message file, or run
 "inspector analyze FILE" in a terminal.
CONTROL

start=$(date +%s)
dpkg-deb --root-owner-group -Z"$COMPRESS" --build "$ROOTFS" "$DEB" >/dev/null
echo "   $DEB: $(du -h --apparent-size "$DEB" | cut -f1) in $(( $(date +%s) - start )) s (glibc >= ${GLIBC:-?})"
