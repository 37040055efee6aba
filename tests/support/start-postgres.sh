#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback from the machine's binaries (initdb, pg_ctl) and
# prints its URL. initdb refuses to run as root, so the server runs as the postgres user.
# Usage: eval "$(tests/support/start-postgres.sh)"   # exports DATELINE_TEST_DATABASE_URL
# Stop it with: pg_ctl -D "$DATELINE_TEST_PGDATA" stop   (as the same user)
set -euo pipefail

run_as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
dir=$(mktemp -d /tmp/dateline-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
run_as_db_user initdb -D "$dir/data" -U dateline --auth=trust --no-sync >"$dir/initdb.log" 2>&1
run_as_db_user pg_ctl -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null
run_as_db_user psql -h 127.0.0.1 -p "$port" -U dateline -d postgres -qc 'CREATE DATABASE dateline_test' >/dev/null
echo "export DATELINE_TEST_DATABASE_URL=postgres://dateline@127.0.0.1:$port/dateline_test"
echo "export DATELINE_TEST_PGDATA=$dir/data"
