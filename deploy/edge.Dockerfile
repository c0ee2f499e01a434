# syntax=docker/dockerfile:1
# Smart Attendance edge: the `attendance` CLI (camera agent, enrollment, doctor) with ONNX Runtime (CPU) and
# ffmpeg. Model files are not part of the image: mount a folder of ONNX files at /models.
# Build from the repository root:  docker build -f deploy/edge.Dockerfile -t smart-attendance-edge .
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
COPY packages/models/package.json packages/models/
COPY packages/vision/package.json packages/vision/
COPY apps/server/package.json apps/server/
COPY apps/edge/package.json apps/edge/
COPY apps/web/package.json apps/web/
# Install scripts are denied in package.json "allowScripts" (onnxruntime-node, esbuild, sharp, protobufjs):
# the CPU binaries of onnxruntime-node and sharp ship inside their npm packages, so none is needed.
RUN npm ci --omit=dev --workspace @attendance/edge --ignore-scripts --no-audit --no-fund
# Only for the CUDA variant: the one install script we run on purpose.
RUN if [ -n "$ORT_CUDA" ]; then \
      node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install="$ORT_CUDA"; \
    fi

# --- 2. runtime
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    MODELS_DIR=/models \
    EDGE_DATA_DIR=/data/edge
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/package.json package.json
# tsx compiles with the same compiler options as development and CI.
COPY tsconfig.base.json tsconfig.json ./
COPY packages/protocol packages/protocol
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
