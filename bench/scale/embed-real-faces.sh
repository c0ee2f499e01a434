#!/bin/bash
# Embeds every photo of ../shared/faces with the edge's `attendance embed` (the vision package's Node
# pipeline, default pack faceplugin-512) into $SCALE_DATA/real-faces.jsonl, 40 photos per process.
# Usage: bash bench/scale/embed-real-faces.sh   (MODELS_DIR, FACES_DIR and SCALE_DATA may be overridden)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
faces="${FACES_DIR:-$repo/../shared/faces}"
data="${SCALE_DATA:-/work/bench-data}"
export MODELS_DIR="${MODELS_DIR:-$repo/../shared/models}"
mkdir -p "$data"
out="$data/real-faces.jsonl"
: > "$out"
cd "$repo"
find "$faces" -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.pgm' \) | sort |
  xargs -n 40 npm run -s attendance -w @attendance/edge -- embed >> "$out"
echo "$(grep -c '"embedding"' "$out") faces embedded into $out"
