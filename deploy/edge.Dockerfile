# Smart Attendance edge: the `attendance` CLI (camera agent, enrollment, doctor) with ONNX Runtime (CPU) and
# ffmpeg. Model files are not part of the image: mount a folder of ONNX files at /models.
# Build from the repository root with BuildKit (the default builder since Docker Engine 23; DOCKER_BUILDKIT=1
# before):  docker build -f deploy/edge.Dockerfile -t smart-attendance-edge:0.1.0 .
# Options (docs/operations.md#building-the-images): --build-arg NODE_IMAGE=<a mirror of the Node image>, and
# behind a TLS-intercepting proxy --secret id=extra_ca,src=<its CA bundle> (trusted by npm, never stored).
#
# CUDA variant (see docs/operations.md): build with
#   --build-arg NODE_IMAGE=<an image with Node.js 20 on nvidia/cuda:12.x-cudnn-runtime (cuDNN 9)>
#   --build-arg ORT_CUDA=cuda12
# which runs onnxruntime-node's own installer for the CUDA 12 execution provider (downloaded at build time),
# then run with `--gpus all` and EXECUTION_PROVIDER=cuda DET_SIZE=640.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- 1. production dependencies of the edge workspace only (onnxruntime-node, sharp, ws, tsx)
FROM ${NODE_IMAGE} AS deps
ARG ORT_CUDA=""
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/api-client/package.json packages/api-client/
COPY packages/models/package.json packages/models/
COPY packages/vision/package.json packages/vision/
COPY apps/server/package.json apps/server/
COPY apps/edge/package.json apps/edge/
COPY apps/web/package.json apps/web/
# Install scripts are denied in package.json "allowScripts" (onnxruntime-node, esbuild, sharp, protobufjs):
# the CPU binaries of onnxruntime-node and sharp ship inside their npm packages, so none is needed.
# `npm ls` fails the build on an incomplete tree: an npm that dies on a network error can still exit 0.
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
    npm ci --omit=dev --workspace @attendance/edge --ignore-scripts --no-audit --no-fund \
    && npm ls --all --omit=dev --workspace @attendance/edge >/dev/null
# Only for the CUDA variant: the one install script we run on purpose.
RUN if [ -n "$ORT_CUDA" ]; then \
      node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install="$ORT_CUDA"; \
    fi
# npm ci --workspace still installs the other workspaces' dependencies (the web app's onnxruntime-web, the
# server's database drivers): keep only the edge's own production closure, then check it with npm ls.
COPY deploy/prune-to-workspace.mjs deploy/
RUN node deploy/prune-to-workspace.mjs apps/edge \
  && npm ls --all --omit=dev --workspace @attendance/edge >/dev/null \
  && test ! -e node_modules/onnxruntime-web
# What the edge never loads either: onnxruntime-node's binaries for other systems and CPUs (Windows, macOS,
# the other Linux arch).
RUN arch="$(node -p process.arch)" \
  && for dir in node_modules/onnxruntime-node/bin/napi-v*/*; do \
       if [ "$(basename "$dir")" != linux ]; then rm -rf "$dir"; fi; \
     done \
  && for dir in node_modules/onnxruntime-node/bin/napi-v*/linux/*; do \
       if [ "$(basename "$dir")" != "$arch" ]; then rm -rf "$dir"; fi; \
     done \
  && node -e "require('onnxruntime-node'); require('sharp')"

# --- 2. ffmpeg: Debian's build, but only its two programs and the shared libraries they link. The package's
# dependencies also bring SDL, Mesa and LLVM (for ffplay and GPU paths the agent never takes): about 700 MB
# for the whole package against the size measured in docs/operations.md#images for this closure.
FROM ${NODE_IMAGE} AS ffmpeg
RUN find / -xdev \( -name '*.so' -o -name '*.so.*' \) -printf '%f\n' 2>/dev/null | sort -u >/tmp/base-libs \
  && apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /out/usr/local/bin /out/usr/local/lib/ffmpeg /out/etc/ld.so.conf.d \
  && cp /usr/bin/ffmpeg /usr/bin/ffprobe /out/usr/local/bin/ \
  && ldd /usr/bin/ffmpeg /usr/bin/ffprobe | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
     | while read -r lib; do \
         if ! grep -qxF "$(basename "$lib")" /tmp/base-libs; then cp -L "$lib" /out/usr/local/lib/ffmpeg/; fi; \
       done \
  && echo /usr/local/lib/ffmpeg >/out/etc/ld.so.conf.d/ffmpeg.conf

# --- 3. runtime
FROM ${NODE_IMAGE} AS runtime
COPY --from=ffmpeg /out/ /
# The filters and raw output the camera agent uses (apps/edge/src/camera/ffmpeg-args.ts), on a test source.
RUN ldconfig \
  && ffprobe -hide_banner -version >/dev/null \
  && ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc=size=320x240:rate=10 -frames:v 5 -an \
       -vf 'fps=5,hflip,scale=160:160:force_original_aspect_ratio=decrease,pad=160:160:(ow-iw)/2:(oh-ih)/2' \
       -f rawvideo -pix_fmt rgb24 -y /dev/null
ENV NODE_ENV=production \
    MODELS_DIR=/models \
    EDGE_DATA_DIR=/data/edge
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/package.json package.json
# tsx compiles with the same compiler options as development and CI.
COPY tsconfig.base.json tsconfig.json ./
COPY packages/protocol packages/protocol
COPY packages/api-client packages/api-client
COPY packages/models packages/models
COPY packages/vision packages/vision
COPY apps/edge/package.json apps/edge/package.json
COPY apps/edge/bin apps/edge/bin
COPY apps/edge/src apps/edge/src
# /data/edge holds the durable offline queue: mount a volume so queued check-ins survive a restart.
RUN mkdir -p /data/edge /models && chown -R node:node /data /models
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "apps/edge/bin/attendance.js"]
CMD ["camera"]
