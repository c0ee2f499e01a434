#!/usr/bin/env bash
# Starts PostgreSQL (with pgvector usable) and Redis on their standard loopback ports if they are not running.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  cluster_version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
  if [ -z "$cluster_version" ]; then
    echo "no PostgreSQL cluster found" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "SELECT 1" >/dev/null
# Proves the extension is loadable before any test depends on it.
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
echo "postgresql: up, pgvector $(psql -h 127.0.0.1 -U postgres -d postgres -qtAc "SELECT extversion FROM pg_extension WHERE extname='vector'")"

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "redis: $(redis-cli -h 127.0.0.1 -p 6379 ping)"
