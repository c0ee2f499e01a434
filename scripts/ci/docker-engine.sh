# Sourced by scripts/ci/compose-smoke.sh: a Docker engine and the clients the smoke test needs.
#   docker_engine_up    installs docker.io and docker-compose from apt if missing; uses a running engine, or
#                       starts a private dockerd (own socket, data root and bridge) and remembers that it did
#   docker_engine_down  stops that dockerd only, never an engine it found running
# Afterwards DOCKER_HOST points at the engine and `dk` / `dc` run the docker and docker-compose clients.

SMOKE_STATE_DIR="${SMOKE_STATE_DIR:-/var/lib/smart-attendance-ci}"
SMOKE_RUN_DIR="${SMOKE_RUN_DIR:-/run/smart-attendance-ci}"
STARTED_DOCKERD_PID=""

# The client that came with Debian's engine speaks BuildKit without the buildx plugin (a newer client on PATH
# may insist on buildx for `--secret`); any docker client works for everything else.
# Chosen at each call: on a fresh machine Debian's client only appears once docker_engine_up installed it.
export DOCKER_BUILDKIT=1
docker_client() { if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else echo docker; fi; }
dk() { "$(docker_client)" "$@"; }

dc() { docker-compose "$@"; }

docker_engine_install() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  if [ ${#need[@]} -gt 0 ]; then
    echo "docker: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

docker_engine_up() {
  docker_engine_install
  if [ -z "${DOCKER_HOST:-}" ] && [ -S /var/run/docker.sock ] && dk info >/dev/null 2>&1; then
    echo "docker: using the engine already running at /var/run/docker.sock"
    return
  fi
  export DOCKER_HOST="unix://${SMOKE_RUN_DIR}/docker.sock"
  if dk info >/dev/null 2>&1; then
    echo "docker: using the engine already running at ${DOCKER_HOST}"
    return
  fi
  mkdir -p "${SMOKE_STATE_DIR}/docker" "${SMOKE_RUN_DIR}"
  # Own socket, data root (images cached between runs), exec root and pid file: a system engine's files
  # are never touched. Niced: builds and containers inherit it and leave the CPU to the machine's other work.
  nice -n 10 dockerd --data-root "${SMOKE_STATE_DIR}/docker" --exec-root "${SMOKE_RUN_DIR}/exec" \
    --pidfile "${SMOKE_RUN_DIR}/dockerd.pid" -H "${DOCKER_HOST}" \
    >"${SMOKE_STATE_DIR}/dockerd.log" 2>&1 &
  STARTED_DOCKERD_PID=$!
  for _ in $(seq 1 60); do
    if dk info >/dev/null 2>&1; then
      echo "docker: started dockerd (pid ${STARTED_DOCKERD_PID}, log ${SMOKE_STATE_DIR}/dockerd.log)"
      return
    fi
    if ! kill -0 "${STARTED_DOCKERD_PID}" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "docker: dockerd did not start; its log:" >&2
  tail -n 30 "${SMOKE_STATE_DIR}/dockerd.log" >&2
  STARTED_DOCKERD_PID=""
  return 1
}

docker_engine_down() {
  if [ -z "${STARTED_DOCKERD_PID}" ]; then return; fi
  kill "${STARTED_DOCKERD_PID}" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "${STARTED_DOCKERD_PID}" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "${STARTED_DOCKERD_PID}" 2>/dev/null; then kill -9 "${STARTED_DOCKERD_PID}" 2>/dev/null || true; fi
  echo "docker: stopped dockerd (pid ${STARTED_DOCKERD_PID})"
  STARTED_DOCKERD_PID=""
}
