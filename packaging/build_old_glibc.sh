#!/usr/bin/env bash
# The frozen bundle for older desktops (UOS / Kylin V10: glibc 2.28–2.31), built inside a Debian 11
# "bullseye" chroot (glibc 2.31) so that Python and every library PyInstaller bundles link against
# glibc ≤ 2.31:
#   * Python 3.11 is compiled from Debian's own python3.11 source (bookworm's orig tarball, from the
#     Debian archive; bullseye itself only has 3.9) — no python.org / python-build-standalone needed;
#   * PySide6-Essentials is held below 6.10 (the last wheels tagged manylinux_2_28; 6.10+ need 2.34).
# Output: dist/disclosure-desk-VERSION-linux-x86_64-glibc2.31.tar.gz (+ the measured floor).
# Needs root and debootstrap; slow (~15–25 min on 2 cores: most of it compiling Python), so it is
# not part of CI. Everything stays under build/old-glibc.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "needs root (debootstrap, chroot)" >&2; exit 1; }
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PYSRC=python3.11_3.11.2.orig.tar.gz
PYSRC_MD5=f6b5226ccba5ae1ca9376aaba0b0f673   # from bookworm's Sources index (python3.11 3.11.2-6+deb12u8)
SQLSRC=sqlite3_3.40.1.orig.tar.xz
SQLSRC_MD5=79f2507907721b770cbec98195cecece  # bookworm's sqlite3 3.40.1-2+deb12u2
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' disclosure_desk/__init__.py)
B=build/old-glibc
ROOT="$B/root"
mkdir -p "$B" dist

mounted=0
cleanup() {
  [ "$mounted" = 1 ] || return 0
  for m in proc dev; do while mountpoint -q "$ROOT/$m"; do umount -l "$ROOT/$m" || break; done; done
}
trap cleanup EXIT
# pip inside the chroot trusts the same certificate authorities as this machine (proxies included).
CA=/etc/ssl/certs/host-ca-bundle.crt
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/opt/py311/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
  PIP_CERT=$CA SSL_CERT_FILE=$CA PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"; }

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  echo "== debootstrap bullseye"
  debootstrap --variant=minbase bullseye "$ROOT" "$MIRROR" > "$B/debootstrap.log" 2>&1
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mkdir -p "$ROOT/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$ROOT$CA"
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
mountpoint -q "$ROOT/dev" || mount --bind /dev "$ROOT/dev"
mounted=1

echo "== build tools and the libraries Qt links against"
in_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
  build-essential curl ca-certificates libssl-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev \
  libffi-dev libreadline-dev libexpat1-dev libncursesw5-dev uuid-dev libgdbm-dev \
  libegl1 libgl1 libopengl0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 \
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 \
  libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libx11-xcb1 binutils > "$B/apt.log" 2>&1

if [ ! -x "$ROOT/opt/py311/bin/python3.11" ]; then
  echo "== Python 3.11 from Debian's source (compiling; this is the slow part)"
  curl -fsS -o "$ROOT/tmp/$PYSRC" "$MIRROR/pool/main/p/python3.11/$PYSRC"
  echo "$PYSRC_MD5  $ROOT/tmp/$PYSRC" | md5sum -c - >/dev/null
  in_root sh -c "cd /tmp && rm -rf Python-3.11.2 && tar xzf $PYSRC && cd Python-3.11.2 \
    && ./configure -q --prefix=/opt/py311 --enable-shared LDFLAGS=-Wl,-rpath,/opt/py311/lib \
    && make -s -j$(nproc) && make -s install" > "$B/python-build.log" 2>&1
fi

if [ ! -e "$ROOT/usr/local/lib/libsqlite3.so.0" ]; then
  # bullseye's SQLite is 3.34; the app uses RETURNING (3.35+). Bookworm's 3.40.1 source, built with
  # Debian's options, goes to /usr/local/lib, which the loader (and so PyInstaller) prefers.
  echo "== SQLite 3.40 from Debian's source"
  DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends tcl >> "$B/apt.log" 2>&1
  curl -fsS -o "$ROOT/tmp/$SQLSRC" "$MIRROR/pool/main/s/sqlite3/$SQLSRC"
  echo "$SQLSRC_MD5  $ROOT/tmp/$SQLSRC" | md5sum -c - >/dev/null
  in_root sh -c "cd /tmp && d=\$(tar tJf $SQLSRC | head -n 1 | cut -d/ -f1) && rm -rf \$d && tar xJf $SQLSRC && cd \$d \
    && ./configure -q --prefix=/usr/local --disable-tcl --enable-fts5 CFLAGS='-O2 -DSQLITE_ENABLE_FTS3 \
       -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA \
       -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000' \
    && make -s -j$(nproc) && make -s install && ldconfig" > "$B/sqlite-build.log" 2>&1
fi

echo "== build environment"
pip_in_root() { in_root /opt/py311/bin/python3.11 -m pip "$@"; }
[ -x "$ROOT/opt/venv/bin/python" ] || in_root /opt/py311/bin/python3.11 -m venv /opt/venv
in_root /opt/venv/bin/python -m pip install -q --upgrade pip
rm -f "$ROOT"/tmp/disclosure_desk-*.whl
rm -rf "$B/src" && mkdir -p "$B/src" && cp -a pyproject.toml README.md disclosure_desk "$B/src/"
python3 -m pip wheel -q --no-deps -w "$ROOT/tmp" "$B/src" >/dev/null
in_root /opt/venv/bin/python -m pip install -q "pyinstaller>=6.10,<7" "PySide6-Essentials>=6.6,<6.10" /tmp/disclosure_desk-"$VERSION"-py3-none-any.whl
cp packaging/entry.py "$ROOT/tmp/entry.py"

echo "== frozen one-folder build"
in_root sh -c 'cd /tmp && rm -rf frozen && SITE=$(/opt/venv/bin/python -c "import disclosure_desk,os;print(os.path.dirname(os.path.dirname(disclosure_desk.__file__)))") && \
  /opt/venv/bin/pyinstaller --noconfirm --clean --log-level WARN --onedir --name disclosure-desk \
  --distpath frozen/dist --workpath frozen/work --specpath frozen --collect-data disclosure_desk \
  --add-data "$SITE/disclosure_desk/store/migrations:disclosure_desk/store/migrations" \
  --exclude-module tkinter --exclude-module PySide6.QtNetwork --exclude-module PySide6.QtQml \
  --exclude-module PySide6.QtQuick --exclude-module PySide6.QtOpenGL entry.py' > "$B/pyinstaller.log" 2>&1
BUNDLE="$ROOT/tmp/frozen/dist/disclosure-desk"
rm -f "$BUNDLE/_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so"
in_root /tmp/frozen/dist/disclosure-desk/disclosure-desk --version
echo "== smoke test on bullseye (glibc 2.31) as an ordinary user: init, records, PDF, screenshot"
in_root sh -c 'id officer >/dev/null 2>&1 || useradd -m officer; rm -rf /home/officer/.local /tmp/old-*'
chroot --userspec=officer:officer "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/officer LANG=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen DISCLOSURE_DESK_PASSWORD=Admin@2026x1 sh -c 'cd /tmp && B=/tmp/frozen/dist/disclosure-desk/disclosure-desk \
  && $B init --agency 青山区人民政府 --code 000014349 --admin admin \
  && $B --user admin demo --items 30 --applications 20 --units 2 >/dev/null \
  && $B --user admin items search 通知 >/dev/null \
  && $B --user admin report annual --year 2026 --pdf /tmp/old-annual.pdf \
  && $B --user admin gui --screenshot /tmp/old-shot.png --view reports --size 1280x720'
FLOOR=$(python3 packaging/glibc_floor.py "$BUNDLE" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["glibc_floor"])')
python3 packaging/glibc_floor.py "$BUNDLE"
FOLDER="disclosure-desk-$VERSION-linux-$(uname -m)-glibc$FLOOR"
rm -rf "dist/$FOLDER" "dist/$FOLDER.tar.gz"
cp -a "$BUNDLE" "dist/$FOLDER"
tar -C dist -czf "dist/$FOLDER.tar.gz" "$FOLDER"
du -sh "dist/$FOLDER" "dist/$FOLDER.tar.gz"
