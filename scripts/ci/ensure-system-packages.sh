#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL 15 and Redis (present on this machine kind, installed elsewhere),
# ffmpeg (edge video sources), Chromium (browser tests, driven by playwright-core) and Mosquitto (the MQTT
# publisher's tests start their own broker from its binary, /usr/sbin/mosquitto).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
[ -d /usr/lib/postgresql ] || need+=(postgresql)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "system packages: ok"
