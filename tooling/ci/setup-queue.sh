#!/usr/bin/env bash
# Redis for @happyhorse/queue's tests: installs redis-server from apt when missing and starts it on
# 127.0.0.1:6379 when nothing answers there. Idempotent; a warm machine spends a few milliseconds.
set -euo pipefail

PORT="${HAPPYHORSE_REDIS_PORT:-6379}"

if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  echo "setup-queue: Redis answers on 127.0.0.1:$PORT" >&2
  exit 0
fi

if ! command -v redis-server >/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""
    [[ "$(id -u)" == "0" ]] || SUDO="sudo"
    echo "setup-queue: installing redis-server from apt" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  else
    echo "setup-queue: redis-server is missing and apt-get is not available" >&2
    exit 1
  fi
fi

# No persistence: the tests use their own key prefixes and clean up.
redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no >/dev/null
for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
    echo "setup-queue: started Redis on 127.0.0.1:$PORT" >&2
    exit 0
  fi
  sleep 0.1
done
echo "setup-queue: Redis did not answer on 127.0.0.1:$PORT" >&2
exit 1
