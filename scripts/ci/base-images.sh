# Sourced by scripts/ci/compose-smoke.sh. The stack's base images: the official ones when the registry
# answers, else local stand-ins built from Debian packages (recipes in scripts/ci/base-images/):
#   smart-attendance-base/debian:{bookworm,trixie}   debootstrap --variant=minbase, imported
#   smart-attendance-base/node:20                   Node.js 20.19 (trixie) + npm 10, user node (1000)
#   smart-attendance-base/postgres:15-pgvector      PostgreSQL 15 (bookworm) + pgvector (trixie source)
#   smart-attendance-base/redis:7                   redis-server (bookworm), protected mode off
#   smart-attendance-base/caddy:2                   caddy (bookworm) with the official image's paths
# Each carries the hash of its recipe in a label; an image whose label matches is not built again, which
# keeps a warm run's builds to the project's own images. Needs dk (docker-engine.sh) and root.

BASE_IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/base-images" && pwd)"
RECIPE_LABEL=org.smart-attendance.recipe
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }

image_is_current() {
  [ "$(dk image inspect --format "{{ index .Config.Labels \"${RECIPE_LABEL}\" }}" "$1" 2>/dev/null)" = "$2" ]
}

# A registry is used only if it answers for all three images; pulling none is the offline case.
official_images_reachable() {
  local image
  for image in "$@"; do
    if ! dk image inspect "$image" >/dev/null 2>&1 && ! timeout 60 "$(docker_client)" pull -q "$image" >/dev/null 2>&1; then
      return 1
    fi
  done
}

build_debian_rootfs_image() {
  local suite="$1" tag="smart-attendance-base/debian:$1"
  local hash
  hash=$(printf 'debootstrap --variant=minbase %s %s\n' "$suite" "$DEBIAN_MIRROR" |
    cat - "${BASE_IMAGES_DIR}/apt-docker-clean.conf" | sha256sum | cut -c1-16)
  DEBIAN_HASH="$hash"
  if image_is_current "$tag" "$hash"; then return; fi
  echo "base images: debootstrap ${suite} (minbase)"
  local root
  root=$(mktemp -d "${SMOKE_STATE_DIR}/rootfs-${suite}.XXXXXX")
  local status=0
  nice -n 10 debootstrap --variant=minbase "$suite" "$root" "$DEBIAN_MIRROR" >"${root}.log" 2>&1 || status=$?
  # debootstrap mounts /proc and /sys inside the root while it works; nothing may stay mounted there.
  awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r umount -l
  if [ "$status" -eq 0 ]; then
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    # As Debian's official images: no recommends, and no downloaded .deb left in an image layer.
    printf 'APT::Install-Recommends "false";\n' >"$root/etc/apt/apt.conf.d/90-no-recommends"
    cp "${BASE_IMAGES_DIR}/apt-docker-clean.conf" "$root/etc/apt/apt.conf.d/docker-clean"
    tar -C "$root" --one-file-system -c . |
      dk import --change "LABEL ${RECIPE_LABEL}=${hash}" --change 'CMD ["bash"]' - "$tag" >/dev/null || status=$?
  else
    tail -n 20 "${root}.log" >&2
  fi
  rm -rf --one-file-system "$root" "${root}.log"
  return "$status"
}

# build_from_recipe NAME TAG DEBIAN_SUITE FILES...: docker build of base-images/NAME.Dockerfile.
build_from_recipe() {
  local name="$1" tag="$2" suite="$3"
  shift 3
  build_debian_rootfs_image "$suite"
  local hash
  hash=$(printf '%s\n' "$DEBIAN_HASH" "$(recipe_hash "${BASE_IMAGES_DIR}/${name}.Dockerfile" "$@")" | sha256sum | cut -c1-16)
  if image_is_current "$tag" "$hash"; then
    echo "base images: ${tag} is current (recipe ${hash})"
    return
  fi
  echo "base images: building ${tag}"
  local secret=()
  if [ -n "${EXTRA_CA_BUNDLE:-}" ]; then secret=(--secret "id=extra_ca,src=${EXTRA_CA_BUNDLE}"); fi
  docker_build_quiet --label "${RECIPE_LABEL}=${hash}" \
    --build-arg "DEBIAN_IMAGE=smart-attendance-base/debian:${suite}" "${secret[@]}" \
    -f "${BASE_IMAGES_DIR}/${name}.Dockerfile" -t "$tag" "$BASE_IMAGES_DIR"
}

# docker build with its progress kept in a log, shown only when the build fails.
docker_build_quiet() {
  local log
  log=$(mktemp "${SMOKE_STATE_DIR}/build.XXXXXX")
  if ! dk build --progress plain "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# Exports NODE_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE and CADDY_IMAGE for the compose file and the Dockerfiles.
base_images_prepare() {
  local official=(node:20.19-bookworm-slim pgvector/pgvector:0.8.0-pg15 redis:7.4-alpine caddy:2.8.4-alpine)
  if [ "${SMOKE_BASE_IMAGES:-auto}" != local ] && official_images_reachable "${official[@]}"; then
    echo "base images: the official ones (${official[*]})"
    export NODE_IMAGE="${official[0]}" POSTGRES_IMAGE="${official[1]}" REDIS_IMAGE="${official[2]}" \
      CADDY_IMAGE="${official[3]}"
    return
  fi
  echo "base images: registry unreachable, building local stand-ins from Debian packages"
  mkdir -p "$SMOKE_STATE_DIR"
  build_from_recipe node smart-attendance-base/node:20 trixie
  build_from_recipe postgres smart-attendance-base/postgres:15-pgvector bookworm \
    "${BASE_IMAGES_DIR}/postgres-entrypoint.sh"
  build_from_recipe redis smart-attendance-base/redis:7 bookworm "${BASE_IMAGES_DIR}/redis-entrypoint.sh"
  build_from_recipe caddy smart-attendance-base/caddy:2 bookworm
  export NODE_IMAGE=smart-attendance-base/node:20 POSTGRES_IMAGE=smart-attendance-base/postgres:15-pgvector \
    REDIS_IMAGE=smart-attendance-base/redis:7 CADDY_IMAGE=smart-attendance-base/caddy:2
}
