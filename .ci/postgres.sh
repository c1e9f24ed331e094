#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL on 127.0.0.1, then remove it.
#   .ci/postgres.sh COMMAND...    (DATABASE_URL is set for the command)
# The server refuses to run as root, so it runs as the 'postgres' user.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
export PATH="${bindir:+$bindir:}$PATH"
command -v initdb >/dev/null || { echo "PostgreSQL is not installed (apt-get install postgresql)." >&2; exit 1; }

user=postgres
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
data=$(mktemp -d /tmp/relations-pg.XXXXXX)
chown "$user" "$data"
# A free port, unless one is given.
port=${PGPORT_FOR_TESTS:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

run_as() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
cleanup() { run_as pg_ctl -D "$data/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$data"; }
trap cleanup EXIT

run_as initdb -D "$data/db" -A trust -U postgres >/dev/null
run_as pg_ctl -D "$data/db" -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" -l "$data/log" -w start >/dev/null \
  || { cat "$data/log" >&2; exit 1; }
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
