#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   eval "$(bash .ci/postgres.sh start)"   initdb in a temporary directory, start it on a free port
#                                          on 127.0.0.1, create a database, and print the exports
#                                          ROLLOUT_TEST_POSTGRES_URL and ROLLOUT_TEST_POSTGRES_DIR
#   bash .ci/postgres.sh stop              stop that cluster and delete its directory
#   bash .ci/postgres.sh down | up | restart
#                                          stop, start or restart that cluster's server, keeping
#                                          its data (the fault tests take the database away)
#
# PostgreSQL refuses to run as root, so under root (as in CI) the server runs as the `postgres`
# system user that the Debian package creates. Durability is switched off: the data is thrown away.
# Progress goes to stderr; stdout carries only the export lines.
set -euo pipefail

state_file="${TMPDIR:-/tmp}/rollout-ci-postgres.dir"

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "postgres.sh: running as root but there is no 'postgres' user to run the server" >&2
      exit 1
    fi
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bin dir port
  bin=$(bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/rollout-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_server_user "$bin/initdb" -D "$dir/data" -U rollout --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U rollout rollout_test >&2
  echo "$dir" >"$state_file"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
  echo "export ROLLOUT_TEST_POSTGRES_URL=postgresql+psycopg://rollout@127.0.0.1:$port/rollout_test"
  echo "export ROLLOUT_TEST_POSTGRES_DIR=$dir"
}

stop() {
  local bin dir
  dir="${ROLLOUT_TEST_POSTGRES_DIR:-}"
  if [ -z "$dir" ] && [ -f "$state_file" ]; then
    dir=$(cat "$state_file")
  fi
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "postgres.sh: no throwaway cluster to stop" >&2
    return 0
  fi
  bin=$(bindir)
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  rm -f "$state_file"
}

cluster_dir() {
  local dir
  dir="${ROLLOUT_TEST_POSTGRES_DIR:-}"
  if [ -z "$dir" ] && [ -f "$state_file" ]; then
    dir=$(cat "$state_file")
  fi
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "postgres.sh: no throwaway cluster (bash .ci/postgres.sh start)" >&2
    exit 1
  fi
  echo "$dir"
}

control() {
  local bin dir
  bin=$(bindir)
  dir=$(cluster_dir)
  # pg_ctl restart and start reuse the options the server was started with (postmaster.opts).
  case "$1" in
    down) as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 ;;
    up) as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "$(opts "$dir")" start >&2 ;;
    restart) as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 \
               restart >&2 ;;
  esac
}

# The options of the last start (postmaster.opts: the binary, then each option quoted).
opts() {
  sed -e 's/^[^ ]* //' -e 's/"//g' "$1/data/postmaster.opts"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  down|up|restart) control "$1" ;;
  *) echo "usage: bash .ci/postgres.sh start|stop|down|up|restart" >&2; exit 2 ;;
esac
