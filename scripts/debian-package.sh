#!/usr/bin/env bash
# Installs Debian packages with apt-get (through sudo when not root), refreshing the package lists only when a
# first attempt fails. The one way the project's scripts install what a fresh machine lacks.
#   scripts/debian-package.sh install PACKAGE...
set -euo pipefail

die() { echo "debian-package.sh: $*" >&2; exit 1; }

[ "${1:-}" = install ] && [ $# -ge 2 ] || die "usage: scripts/debian-package.sh install PACKAGE..."
shift
command -v apt-get >/dev/null 2>&1 || die "no apt-get: install $* yourself"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root or install them yourself: apt-get install $*"
  sudo=(sudo)
fi
echo "debian-package.sh: installing $*" >&2
apt() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >&2; }
apt install -y -qq "$@" || { apt update -qq && apt install -y -qq "$@"; }
