#!/usr/bin/env bash
# Run a command with a throwaway Redis on 127.0.0.1 as the shared cache, then remove it.
#   .ci/redis.sh COMMAND...    (CACHE_URL is set for the command)
set -euo pipefail
command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)." >&2; exit 1; }
data=$(mktemp -d /tmp/relations-redis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$port" --dir "$data" --save "" --appendonly no --daemonize yes \
  --pidfile "$data/redis.pid" --logfile "$data/log" >/dev/null
cleanup() {
  pid=$(cat "$data/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    # Its last words go to the log: removing the folder before then leaves it behind.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export CACHE_URL="redis://127.0.0.1:$port/0"
"$@"
