# Stand-in for the official node:20.19-bookworm-slim image, built from Debian packages when Docker Hub is
# unreachable: Node.js 20.19 from Debian trixie, npm 10 from the npm registry (as the official image ships),
# and the `node` user with uid/gid 1000. Built by scripts/ci/base-images.sh.
ARG DEBIAN_IMAGE=smart-attendance-base/debian:trixie

FROM ${DEBIAN_IMAGE} AS npm
RUN apt-get update \
  && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
  && rm -rf /var/lib/apt/lists/*
RUN --mount=type=secret,id=extra_ca \
  if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
  npm install --global --prefix /opt/npm --no-audit --no-fund npm@10.8.2 \
  && /opt/npm/bin/npm --version

FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && apt-get install -y --no-install-recommends nodejs ca-certificates \
  && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
  && groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY --from=npm /opt/npm/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && node --version && npm --version
CMD ["node"]
