# Stand-in for the official caddy image, built from Debian's caddy package when Docker Hub is unreachable:
# the same paths (/etc/caddy/Caddyfile, data in /data, config in /config) and a wget for health checks (the
# official Alpine image has BusyBox's). Built by scripts/ci/base-images.sh.
ARG DEBIAN_IMAGE=smart-attendance-base/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && apt-get install -y --no-install-recommends caddy wget ca-certificates \
  && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
  && mkdir -p /config/caddy /data/caddy /srv
ENV XDG_CONFIG_HOME=/config \
    XDG_DATA_HOME=/data
VOLUME /config /data
EXPOSE 80 443
WORKDIR /srv
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
