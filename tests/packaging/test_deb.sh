#!/usr/bin/env bash
# Installs dist/disclosure-desk_*.deb on a bare Debian 12 (a debootstrap minbase chroot, no Python)
# and runs --version, init, a report PDF and an offscreen screenshot there as an ordinary user.
# Needs root, debootstrap and the Debian mirror. Run after ./dev.sh package (CI: .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
DEB=$(ls dist/disclosure-desk_*.deb 2>/dev/null | tail -n 1 || true)
[ -n "$DEB" ] || { echo "no dist/disclosure-desk_*.deb: run ./dev.sh package first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "test_deb.sh needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "test_deb.sh needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
VERSION=$(dpkg-deb -f "$DEB" Version)
# The mirror this machine's apt uses (deb822 or one-line sources), else deb.debian.org.
MIRROR=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n 1 || true)
[ -n "$MIRROR" ] || MIRROR=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -n 1 || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

WORK=$(mktemp -d /tmp/dd-debtest.XXXXXX)
ROOT="$WORK/root"
cleanup() {
  for m in proc dev/pts dev; do mountpoint -q "$ROOT/$m" 2>/dev/null && umount -l "$ROOT/$m"; done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT
start=$(date +%s)

echo "== debootstrap bookworm (minbase) from $MIRROR"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
  || { tail -n 20 "$WORK/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
if in_root sh -c 'command -v python3' >/dev/null; then echo "the bare system already has python3?" >&2; exit 1; fi

echo "== apt-get install ./$(basename "$DEB") (dependencies from Debian's own packages)"
cp "$DEB" "$ROOT/tmp/"
in_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$DEB")" \
  > "$WORK/apt.log" 2>&1 || { tail -n 30 "$WORK/apt.log"; exit 1; }
if in_root sh -c 'command -v python3 || ls /usr/lib/python3*' >/dev/null 2>&1; then
  echo "FAIL: installing the .deb pulled in a system Python" >&2; exit 1
fi
for f in /usr/bin/disclosure-desk /usr/share/applications/disclosure-desk.desktop \
         /usr/share/icons/hicolor/scalable/apps/disclosure-desk.svg \
         /usr/share/icons/hicolor/256x256/apps/disclosure-desk.png; do
  [ -e "$ROOT$f" ] || [ -L "$ROOT$f" ] || { echo "FAIL: $f missing after install" >&2; exit 1; }
done
grep -q '^Exec=disclosure-desk' "$ROOT/usr/share/applications/disclosure-desk.desktop"
# Every library of the bundle (the X11/xcb platform plugin too, not only offscreen) finds what it
# links against on the bare system plus the .deb's Depends.
# (LD_LIBRARY_PATH as the frozen program's loader sets it: the bundle's own folder first.)
missing=$(in_root sh -c 'I=/opt/disclosure-desk/_internal; export LD_LIBRARY_PATH=$I:$I/PySide6/Qt/lib:$I/PySide6:$I/shiboken6
  find /opt/disclosure-desk -name "*.so*" -type f | while read -r f; do
  ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' | sort -u)
[ -z "$missing" ] || { echo "FAIL: libraries not found on the installed system:" >&2; echo "$missing" >&2; exit 1; }

echo "== run as an ordinary user"
in_root useradd -m officer
as_officer() {
  chroot --userspec=officer:officer "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/officer \
    LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen DISCLOSURE_DESK_PASSWORD='Admin@2026x1' "$@"
}
out=$(as_officer sh -c 'cd /tmp && disclosure-desk --version')
[ "$out" = "disclosure-desk $VERSION" ] || { echo "FAIL: --version printed '$out'" >&2; exit 1; }
as_officer sh -c 'cd /tmp && disclosure-desk init --agency 青山区人民政府 --code 000014349 --admin admin'
[ -s "$ROOT/home/officer/.local/share/disclosure-desk/disclosure-desk.sqlite3" ] \
  || { echo "FAIL: init did not create the database in the XDG data folder" >&2; exit 1; }
as_officer sh -c 'cd /tmp && disclosure-desk --user admin demo --items 30 --applications 20 --units 2' >/dev/null
as_officer sh -c 'cd /tmp && disclosure-desk --user admin report annual --year 2026 --pdf /tmp/annual.pdf'
head -c 5 "$ROOT/tmp/annual.pdf" | grep -q '%PDF-' || { echo "FAIL: no annual report PDF" >&2; exit 1; }
as_officer sh -c 'cd /tmp && disclosure-desk --user admin gui --screenshot /tmp/shot.png --view dashboard --size 1280x720'
size=$(od -An -tu1 -j16 -N8 "$ROOT/tmp/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$size" = "1280x720" ] || { echo "FAIL: screenshot is '$size', expected 1280x720" >&2; exit 1; }
[ -n "${DD_DEBTEST_KEEP:-}" ] && cp "$ROOT/tmp/shot.png" "$ROOT/tmp/annual.pdf" "$DD_DEBTEST_KEEP/"

echo "== removal leaves no files behind"
in_root dpkg --purge disclosure-desk >/dev/null
[ ! -e "$ROOT/opt/disclosure-desk" ] && [ ! -L "$ROOT/usr/bin/disclosure-desk" ] \
  || { echo "FAIL: files left after purge" >&2; exit 1; }
echo "OK: .deb installs and runs on bare Debian 12 ($(( $(date +%s) - start )) s)"
