# Smart Attendance server: Fastify API, migrations, live relay and the built dashboard. No ONNX Runtime, no
# sharp: the server only matches embeddings, and `npm ci -w @attendance/server` installs that workspace's
# production dependencies alone (test/deploy/dockerfiles.test.ts checks the lockfile closure).
# Build from the repository root with BuildKit (the default builder since Docker Engine 23; DOCKER_BUILDKIT=1
# before):  docker build -f deploy/server.Dockerfile -t smart-attendance-server:0.1.0 .
# Options (docs/operations.md#building-the-images): --build-arg NODE_IMAGE=<a mirror of the Node image>, and
# behind a TLS-intercepting proxy --secret id=extra_ca,src=<its CA bundle> (trusted by npm, never stored).

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- 1. the dashboard and kiosk (Vite; needs the dev dependencies, none of which reach the runtime image)
FROM ${NODE_IMAGE} AS web
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/api-client/package.json packages/api-client/
COPY packages/models/package.json packages/models/
COPY packages/vision/package.json packages/vision/
COPY apps/server/package.json apps/server/
COPY apps/edge/package.json apps/edge/
COPY apps/web/package.json apps/web/
# Every package with an install script is denied in package.json "allowScripts" (onnxruntime-node, esbuild,
# sharp, protobufjs); npm 10 predates allowScripts, so --ignore-scripts applies the same decision.
# `npm ls` fails the build on an incomplete tree: an npm that dies on a network error can still exit 0.
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund \
    && npm ls --all >/dev/null
COPY tsconfig.base.json ./
COPY packages/protocol packages/protocol
COPY packages/api-client packages/api-client
COPY packages/models packages/models
COPY packages/vision packages/vision
COPY scripts/web-build-stamp.ts scripts/
COPY apps/web apps/web
RUN npm run build -w @attendance/web

# --- 2. production dependencies of the server workspace only
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/api-client/package.json packages/api-client/
COPY packages/models/package.json packages/models/
COPY packages/vision/package.json packages/vision/
COPY apps/server/package.json apps/server/
COPY apps/edge/package.json apps/edge/
COPY apps/web/package.json apps/web/
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
    npm ci --omit=dev --workspace @attendance/server --ignore-scripts --no-audit --no-fund \
    && npm ls --all --omit=dev --workspace @attendance/server >/dev/null
# npm ci --workspace still installs the other workspaces' dependencies (ONNX Runtime, sharp: ~470 MB): keep
# only what the server's production dependencies reach, and check again that nothing it needs went with them.
COPY deploy/prune-to-workspace.mjs deploy/
RUN node deploy/prune-to-workspace.mjs apps/server \
  && npm ls --all --omit=dev --workspace @attendance/server >/dev/null \
  && test ! -e node_modules/onnxruntime-node && test ! -e node_modules/sharp

# --- 3. runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data \
    LOG_FILE=false \
    MODELS_DIR=/models \
    WEB_DIST_DIR=/app/apps/web/dist
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/package.json package.json
# tsx compiles with the same compiler options as development and CI.
COPY tsconfig.base.json tsconfig.json ./
COPY packages/protocol packages/protocol
COPY packages/models packages/models
COPY apps/server/package.json apps/server/package.json
COPY apps/server/bin apps/server/bin
COPY apps/server/src apps/server/src
COPY --from=web /src/apps/web/dist apps/web/dist
# The image's own unprivileged user (uid 1000 in node images); /data is the volume for the embedded
# database, generated admin key and logs when they are used.
RUN mkdir -p /data /models && chown node:node /data /models
USER node
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8000/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM → graceful shutdown (readiness 503, in-flight requests finish, WebSockets closed 1001, exit 0).
STOPSIGNAL SIGTERM
CMD ["node", "apps/server/bin/attendance-server.js"]
