#!/bin/sh
# Install (or upgrade) PRM Desktop for the current user, from the unpacked tarball.
#   ./install.sh            installs into ~/.local (no administrator rights needed)
#   ./install.sh --prefix /opt/prm-desktop-root   (run as root for every user, e.g. --prefix /usr/local)
#   ./install.sh --uninstall [--prefix ...]        removes the program; your data stays
# Your portfolio (database, backups, settings) lives in ~/.local/share/prm-desktop and
# ~/.config/prm-desktop, never in the program folder: installing a newer version over an older one
# keeps it, and the new version upgrades the database on its first start, after a backup.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
  esac
done
lib="$prefix/lib/prm-desktop"
bin="$prefix/bin"
apps="$prefix/share/applications"
icons="$prefix/share/icons/hicolor"

if [ "$action" = uninstall ]; then
  rm -rf "$lib" "$bin/prm-desktop" "$apps/prm-desktop.desktop"
  find "$icons" -name prm-desktop.png -path '*/apps/*' -delete 2>/dev/null || true
  rm -f "$icons/scalable/apps/prm-desktop.svg"
  echo "PRM Desktop removed (your data in ~/.local/share/prm-desktop is kept)."
  exit 0
fi

mkdir -p "$prefix/lib" "$bin" "$apps"
# The new version goes next to the old one, then takes its place: a failed copy leaves the old one working.
rm -rf "$lib.new"
mkdir -p "$lib.new"
cp -a "$here/app/." "$lib.new/"
rm -rf "$lib.old"
[ -d "$lib" ] && mv "$lib" "$lib.old"
mv "$lib.new" "$lib"
rm -rf "$lib.old"
ln -sf "$lib/prm-desktop" "$bin/prm-desktop"
for png in "$here"/icons/prm-desktop-*.png; do
  size=$(basename "$png" .png | sed 's/prm-desktop-//')
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$png" "$icons/${size}x${size}/apps/prm-desktop.png"
done
mkdir -p "$icons/scalable/apps"
cp "$here/icons/prm-desktop.svg" "$icons/scalable/apps/prm-desktop.svg"
sed "s|^Exec=prm-desktop|Exec=$lib/prm-desktop|" "$here/prm-desktop.desktop" > "$apps/prm-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
echo "PRM Desktop $(cat "$here/VERSION") installed in $lib; start it from the applications menu or with $bin/prm-desktop."
