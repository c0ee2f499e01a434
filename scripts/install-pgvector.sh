#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL server.
# Order: already installed → the distro package → build from Debian's own source package (trixie), which is
# how Debian 12 (no pgvector package) gets it. Idempotent; needs root (or sudo) for apt and `make install`.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

pg_major() {
  if command -v pg_config >/dev/null 2>&1; then
    pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/'
  else
    ls /usr/lib/postgresql | sort -n | tail -n 1
  fi
}

PG_MAJOR="${PG_MAJOR:-$(pg_major)}"
EXT_DIR="/usr/share/postgresql/${PG_MAJOR}/extension"

if [ -f "${EXT_DIR}/vector.control" ]; then
  echo "pgvector: already installed for PostgreSQL ${PG_MAJOR}"
  exit 0
fi

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
}

apt_update_once
if $SUDO apt-get install -y -qq "postgresql-${PG_MAJOR}-pgvector" >/dev/null 2>&1; then
  echo "pgvector: installed the distro package postgresql-${PG_MAJOR}-pgvector"
  exit 0
fi

echo "pgvector: no distro package; building from Debian's trixie source package"
SRC_LIST=/etc/apt/sources.list.d/pgvector-src-trixie.sources
if [ ! -f "$SRC_LIST" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -E '^(URIs:|deb )' | grep -v security | head -n 1 |
    sed -E 's/^URIs: *//; s/^deb +(\[[^]]*\] +)?//; s/ .*$//' || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
  $SUDO tee "$SRC_LIST" >/dev/null <<SRC
Types: deb-src
URIs: ${mirror}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt_updated=0
fi
apt_update_once
$SUDO apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq --download-only pgvector >/dev/null && dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null)
make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" >/dev/null
$SUDO make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" install >/dev/null
echo "pgvector: built and installed $(grep default_version "${EXT_DIR}/vector.control")"
