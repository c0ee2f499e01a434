#!/usr/bin/env bash
# Compose smoke test: builds the images and starts deploy/docker-compose.yml for real, under its own compose
# project, then checks what an operator relies on:
#   healthy services · every migration applied · enroll + identify through the published port · a PostgreSQL
#   restart under the running server · `down` + `up` keeps the data · the edge profile enrolls a person from
#   photos and its camera agent records them from a folder · the edge image stays within its size budget.
# Installs Docker from apt if missing and starts a private dockerd if none runs; base images come from the
# registry, or are built locally from Debian packages when it is unreachable (scripts/ci/base-images.sh).
# Leaves no container, volume, network or daemon of its own; keeps images as the next run's cache.
# Nothing is published but the server's port: the host's PostgreSQL (5432) and Redis (6379) are never used.
#
# Environment: SHARED_DIR (default ../shared: models/ and faces/), SMOKE_HTTP_PORT (default a free port),
# EXTRA_CA_BUNDLE (CA bundle for npm inside builds; default the host's, for TLS-intercepting proxies),
# SMOKE_BASE_IMAGES=auto|local, EDGE_IMAGE_MAX_MB (default 820: half of the 1.64 GB it once was).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
source scripts/ci/docker-engine.sh
source scripts/ci/base-images.sh

PROJECT=sa-compose-smoke
SHARED_DIR="$(cd "${SHARED_DIR:-$ROOT/../shared}" && pwd)"
EDGE_IMAGE_MAX_MB="${EDGE_IMAGE_MAX_MB:-820}"
VERSION="$(node -p "require('./package.json').version")"
started_at=$(date +%s)

if [ -z "${EXTRA_CA_BUNDLE:-}" ]; then
  for candidate in "${NODE_EXTRA_CA_CERTS:-}" /etc/ssl/certs/ca-certificates.crt; do
    if [ -n "$candidate" ] && [ -s "$candidate" ]; then EXTRA_CA_BUNDLE="$candidate" && break; fi
  done
fi
export EXTRA_CA_BUNDLE

step() { echo "compose smoke [$(($(date +%s) - started_at))s]: $*"; }
fail() {
  echo "compose smoke: FAILED: $*" >&2
  dc ps >&2 || true
  dc logs --tail 40 >&2 || true
  exit 1
}

# The stack's variables: fresh secrets each run, the repository's test models mounted read-only.
export COMPOSE_PROJECT_NAME="$PROJECT"
export COMPOSE_FILE="$ROOT/deploy/docker-compose.yml"
API_KEY="smoke-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
POSTGRES_PASSWORD="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
HTTP_PORT="${SMOKE_HTTP_PORT:-$(free_port)}"
HTTPS_PORT="${SMOKE_HTTPS_PORT:-$(free_port)}"
# A LAN name for the HTTPS proxy (the kiosk test resolves it to 127.0.0.1): remote clients, hence
# REMOTE_DASHBOARD=true as a LAN kiosk needs.
SITE_ADDRESS=kiosk.smoke.test
REMOTE_DASHBOARD=true
MODELS_DIR="$SHARED_DIR/models"
MODEL_PACK=open-256
export API_KEY POSTGRES_PASSWORD HTTP_PORT HTTPS_PORT SITE_ADDRESS REMOTE_DASHBOARD MODELS_DIR MODEL_PACK
export BASE_URL="http://127.0.0.1:${HTTP_PORT}"
api() { node scripts/ci/compose-smoke-api.mjs "$@"; }

photos=""
cleanup() {
  local status=$?
  trap - EXIT
  if [ -n "${DOCKER_HOST:-}" ] || dk info >/dev/null 2>&1; then
    dc --profile edge down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1 || true
    # Dangling layers of rebuilt images, only in our own engine's cache.
    if [ -n "$STARTED_DOCKERD_PID" ]; then dk image prune -f >/dev/null 2>&1 || true; fi
  fi
  if [ -n "$photos" ]; then rm -rf "$photos"; fi
  docker_engine_down
  step "done, exit ${status}"
  exit "$status"
}
trap cleanup EXIT

# wait_healthy SERVICE…: every service's container reports healthy within 4 minutes.
wait_healthy() {
  local service id health
  for service in "$@"; do
    for _ in $(seq 1 120); do
      id=$(dc ps -q "$service" 2>/dev/null || true)
      health=$(if [ -n "$id" ]; then dk inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null; fi || true)
      if [ "$health" = healthy ]; then break; fi
      sleep 2
    done
    [ "$health" = healthy ] || fail "${service} is not healthy (${health:-no container})"
  done
}

build_image() {
  local dockerfile="$1" tag="$2" secret=()
  if [ -n "${EXTRA_CA_BUNDLE}" ]; then secret=(--secret "id=extra_ca,src=${EXTRA_CA_BUNDLE}"); fi
  docker_build_quiet --build-arg "NODE_IMAGE=${NODE_IMAGE}" "${secret[@]}" -f "$dockerfile" -t "$tag" .
}

image_mb() { echo $(($(dk image inspect -f '{{.Size}}' "$1") / 1000000)); }

step "engine"
docker_engine_up
dc --profile edge down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1 || true

step "base images"
base_images_prepare

step "building smart-attendance-server:${VERSION} and smart-attendance-edge:${VERSION} on ${NODE_IMAGE}"
build_image deploy/server.Dockerfile "smart-attendance-server:${VERSION}"
build_image deploy/edge.Dockerfile "smart-attendance-edge:${VERSION}"
server_mb=$(image_mb "smart-attendance-server:${VERSION}")
edge_mb=$(image_mb "smart-attendance-edge:${VERSION}")
step "image sizes: server ${server_mb} MB, edge ${edge_mb} MB (budget ${EDGE_IMAGE_MAX_MB} MB)"
[ "$edge_mb" -le "$EDGE_IMAGE_MAX_MB" ] || fail "the edge image is ${edge_mb} MB, over ${EDGE_IMAGE_MAX_MB} MB"

step "up (db, redis, server on port ${HTTP_PORT}, HTTPS proxy on port ${HTTPS_PORT})"
dc up -d --no-build >/dev/null || fail "the stack did not come up"
wait_healthy db redis server proxy
api ready

step "migrations"
expected=$(find apps/server/src/db/migrations -name '[0-9]*_*.ts' ! -name '*.test.ts' | wc -l)
applied=$(dc exec -T db psql -U attendance -d attendance -tAc 'SELECT count(*) FROM schema_migrations' | tr -d '[:space:]')
[ "$applied" = "$expected" ] || fail "schema_migrations has ${applied} rows, the repository ${expected} migrations"
echo "${applied} of ${expected} migrations applied"

step "enroll + identify through the published port"
first_id=$(api enroll smoke-first)
api identify smoke-first recorded
api enroll smoke-second >/dev/null

step "PostgreSQL restarted under the running server"
server_id=$(dc ps -q server)
server_started=$(dk inspect -f '{{.State.StartedAt}}' "$server_id")
dc restart db >/dev/null
wait_healthy db
for attempt in $(seq 1 30); do
  if api identify smoke-second recorded 2>/dev/null; then break; fi
  [ "$attempt" -lt 30 ] || fail "identify after the PostgreSQL restart"
  sleep 2
done
[ "$(dk inspect -f '{{.State.StartedAt}}' "$server_id")" = "$server_started" ] ||
  fail "the server container restarted with PostgreSQL"

step "down + up keeps the data"
dc down --timeout 20 >/dev/null
dc up -d --no-build >/dev/null || fail "the stack did not come up"
wait_healthy db redis server proxy
api person "$first_id"
api identify smoke-first recorded already_recorded

step "edge profile: enroll from photos, then the camera agent records from a folder"
# --no-deps: the server was just found healthy; a healthcheck that times out while the edge computes
# embeddings on the same cores must not stop the run.
person=$(find "$SHARED_DIR/faces/lfw-dev/people" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)
name=$(basename "$person")
photos=$(mktemp -d "${TMPDIR:-/tmp}/compose-smoke-photos.XXXXXX")
mkdir -p "$photos/enroll/$name" "$photos/door"
mapfile -t files < <(find "$person" -maxdepth 1 -type f -name '*.jpg' | sort)
cp "${files[@]:0:2}" "$photos/enroll/$name/"
cp "${files[@]:2}" "$photos/door/"
chmod -R a+rX "$photos"
dc --profile edge run --rm --no-deps -T -v "$photos:/photos:ro" -e "API_KEY=${API_KEY}" \
  edge register --folder /photos/enroll --max-photos 2 || fail "edge register"
EDGE_API_KEY=$(api edge-key smoke-door)
dc --profile edge run --rm --no-deps -T -v "$photos:/photos:ro" -e "API_KEY=${EDGE_API_KEY}" \
  -e CAMERA_ID=smoke-door -e CAMERA_SOURCE=/photos/door edge || fail "edge camera agent"
api attended "$name" smoke-door

step "HTTPS proxy: the dashboard enrolls and the kiosk in Chromium records a person over https://${SITE_ADDRESS}"
ca="$photos/ca"
mkdir -p "$ca"
for file in root intermediate; do
  dc exec -T proxy cat "/data/caddy/pki/authorities/local/${file}.crt" >"$ca/${file}.crt" ||
    fail "no ${file}.crt from the proxy's local CA"
done
HTTPS_BASE="https://${SITE_ADDRESS}:${HTTPS_PORT}" CA_ROOT="$ca/root.crt" CA_INTERMEDIATE="$ca/intermediate.crt" \
  npx tsx scripts/ci/compose-smoke-kiosk.ts || fail "kiosk over HTTPS"

step "passed: server ${server_mb} MB, edge ${edge_mb} MB"
