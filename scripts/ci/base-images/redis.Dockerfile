# Stand-in for the official redis image, built from Debian's redis-server when Docker Hub is unreachable.
# Debian's build keeps protected mode on (connections from other containers refused without a password);
# the official image turns it off, and so does this entry point. Built by scripts/ci/base-images.sh.
ARG DEBIAN_IMAGE=smart-attendance-base/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && apt-get install -y --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
  && mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
