#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server, with DATABASE_URL pointing at it.
#
#   scripts/with_postgres.sh COMMAND [ARG...]
#
# The server is a fresh cluster in a temp dir (removed afterwards), listening on 127.0.0.1 only
# with trust auth for the `postgres` user there and nowhere else; fsync is off, since nothing in it
# outlives the run. Debian's postgresql is installed when missing and we may (root). Where no server
# can start, it says why and exits 0 without running the command, except under CI=true, where that
# is a failure. The port is $ARCHIVE_PG_PORT (default 54329), or the next free one.
set -euo pipefail

unavailable() {
  echo "PostgreSQL unavailable: $*" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: PostgreSQL must be available, so this is a failure." >&2
    exit 1
  fi
  echo "The PostgreSQL run is skipped." >&2
  exit 0
}

newest_pg_bin() {
  local dirs
  dirs=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V) || true
  echo "${dirs##*$'\n'}"
}

PG_BIN=$(newest_pg_bin)
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    unavailable "PostgreSQL is not installed and this user cannot install it (needs root and apt-get)."
  fi
  echo "Installing Debian's postgresql for the PostgreSQL test run..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    apt-get install -y -q postgresql >/dev/null || unavailable "apt-get could not install postgresql."
  fi
  PG_BIN=$(newest_pg_bin)
  [ -n "$PG_BIN" ] || unavailable "postgresql installed, but no /usr/lib/postgresql/*/bin."
fi

# initdb refuses to run as root: then the cluster belongs to Debian's `postgres` user.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || unavailable "running as root and there is no postgres user to own the cluster."
  as_owner=(runuser -u postgres --)
fi

port=${ARCHIVE_PG_PORT:-54329}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
done

work=$(mktemp -d "${TMPDIR:-/tmp}/archive-pg.XXXXXX")
[ "$(id -u)" = "0" ] && chown postgres: "$work"
chmod 700 "$work"
stop_server() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_server EXIT

if ! "${as_owner[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres -E UTF8 --no-locale \
  >"$work/initdb.log" 2>&1; then
  tail -5 "$work/initdb.log" >&2
  unavailable "initdb failed (above)."
fi
cat >"$work/data/pg_hba.conf" <<HBA
# Throwaway test cluster: the postgres user over TCP from this machine, nothing else.
host all postgres 127.0.0.1/32 trust
HBA
cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
if ! "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 30 start \
  >/dev/null; then
  tail -5 "$work/server.log" >&2
  unavailable "the server did not start (its log above)."
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres archive ||
  unavailable "the server started but would not create a database."
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway)."
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/archive"
status=0
"$@" || status=$?
exit "$status"
