# Stand-in for the official pgvector/pgvector:0.8.0-pg15 image, built from Debian packages when Docker Hub is
# unreachable: PostgreSQL 15 from bookworm and pgvector built from Debian trixie's source package (bookworm
# has no pgvector package). The entry point reads POSTGRES_USER/PASSWORD/DB like the official image.
# Built by scripts/ci/base-images.sh.
ARG DEBIAN_IMAGE=smart-attendance-base/debian:bookworm

FROM ${DEBIAN_IMAGE} AS pgvector
RUN echo 'deb-src http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/trixie-src.list \
  && apt-get update \
  && apt-get install -y --no-install-recommends postgresql-server-dev-15 build-essential dpkg-dev ca-certificates
WORKDIR /src
# OPTFLAGS="": pgvector defaults to -march=native, which would tie the image to the build machine's CPU.
RUN apt-get source --download-only pgvector \
  && dpkg-source -x --no-check ./pgvector_*.dsc pgvector \
  && make -C pgvector OPTFLAGS="" PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config \
  && make -C pgvector OPTFLAGS="" PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config install DESTDIR=/out

FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-15 \
  && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
  && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
  && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY --from=pgvector /out/usr /usr
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
