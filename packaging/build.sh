#!/usr/bin/env bash
# ./dev.sh package: the wheel, a frozen one-folder build (PyInstaller) with a .tar.gz of it, and a
# .deb around the folder, all in dist/. Everything it downloads (PyInstaller, the runtime wheels)
# comes from PyPI into build/ inside the project; nothing is cached elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
BUILD=build/package
DIST=dist
VERSION=$("$PY" -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("disclosure_desk/__init__.py").read()).group(1))')
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
NAME=disclosure-desk
mkdir -p "$BUILD" "$DIST"

echo "== wheel"
# Built from a copy of just what the wheel needs: setuptools walks the whole source folder, and
# build/ may hold a chroot (packaging/build_old_glibc.sh).
SRC="$BUILD/src"
rm -rf "$SRC" "$DIST"/disclosure_desk-*.whl
mkdir -p "$SRC"
cp -a pyproject.toml README.md disclosure_desk "$SRC/"
find "$SRC" -name __pycache__ -prune -exec rm -rf {} +
VENV="$BUILD/venv"  # also the build environment below (a system Python may lack pip)
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip wheel -q --no-deps -w "$DIST" "$SRC"
WHEEL=$(ls "$DIST"/disclosure_desk-"$VERSION"-*.whl)

echo "== build environment (PyInstaller + the wheel and its dependencies)"
"$VENV/bin/python" -m pip install -q --upgrade "pyinstaller>=6.10,<7"
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$WHEEL"
"$VENV/bin/python" -m pip install -q "$WHEEL"
SITE=$("$VENV/bin/python" -c 'import disclosure_desk, os; print(os.path.dirname(os.path.dirname(disclosure_desk.__file__)))')

echo "== frozen one-folder build"
FROZEN="$BUILD/frozen"
rm -rf "$FROZEN"
# The migrations are .py files read from disk by playhouse's Runner: ship them as data as well.
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --onedir --name "$NAME" \
  --distpath "$FROZEN/dist" --workpath "$FROZEN/work" --specpath "$FROZEN" \
  --collect-data disclosure_desk \
  --add-data "$SITE/disclosure_desk/store/migrations:disclosure_desk/store/migrations" \
  --exclude-module tkinter --exclude-module PySide6.QtNetwork --exclude-module PySide6.QtQml \
  --exclude-module PySide6.QtQuick --exclude-module PySide6.QtOpenGL \
  packaging/entry.py
BUNDLE="$FROZEN/dist/$NAME"
# Qt's GTK3 theme plugin needs GTK, which the .deb does not depend on (Qt falls back to its own).
rm -f "$BUNDLE/_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so"
"$BUNDLE/$NAME" --version
# The oldest glibc the bundle runs on, measured from its ELF files (highest GLIBC_x.y needed).
GLIBC=$("$PY" packaging/glibc_floor.py "$BUNDLE" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["glibc_floor"])')
"$PY" packaging/glibc_floor.py "$BUNDLE"

FOLDER="$NAME-$VERSION-linux-$(uname -m)"
rm -rf "$DIST/$FOLDER" "$DIST/$FOLDER.tar.gz"
cp -a "$BUNDLE" "$DIST/$FOLDER"
tar -C "$DIST" -czf "$DIST/$FOLDER.tar.gz" "$FOLDER"

echo "== .deb"
ROOT="$BUILD/deb"
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/usr/share/icons/hicolor/256x256/apps" \
  "$ROOT/usr/share/doc/$NAME"
cp -a "$BUNDLE" "$ROOT/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$ROOT/usr/bin/$NAME"
install -m 644 packaging/disclosure-desk.desktop "$ROOT/usr/share/applications/$NAME.desktop"
install -m 644 disclosure_desk/resources/icons/disclosure-desk.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 disclosure_desk/resources/icons/disclosure-desk.png "$ROOT/usr/share/icons/hicolor/256x256/apps/$NAME.png"
install -m 644 docs/deploy-postgresql.md "$ROOT/usr/share/doc/$NAME/deploy-postgresql.md"
SIZE=$(du -sk "$ROOT/opt" "$ROOT/usr" | awk '{s+=$1} END {print s}')
sed -e "s/@GLIBC@/$GLIBC/" -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" packaging/deb-control.in > "$ROOT/DEBIAN/control"
DEB="$DIST/${NAME}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null

echo "== in dist/"
du -sh "$WHEEL" "$DIST/$FOLDER" "$DIST/$FOLDER.tar.gz" "$DEB"
echo "glibc floor of the bundle: $GLIBC"
