#!/bin/bash
# Throw-away PostgreSQL 15 and MariaDB 10.11 servers on loopback for bcdb's tests, without
# systemd: `dbservers.sh start|stop|status|reset [postgres|mariadb]` (default: both).
#
#   PostgreSQL  127.0.0.1:$BCDB_PG_PORT (54321), user postgres, trust auth, database postgres
#   MariaDB     127.0.0.1:$BCDB_MY_PORT (33061), user bcdb / password bcdb, database bcdb_test
#
# Data lives under $BCDB_DB_ROOT (default /tmp/bcdb-db); it must be a path the postgres user
# can traverse. Starting is idempotent, waits until the server answers, and refuses to run
# tests against somebody else's server on the same port.
set -euo pipefail

root=${BCDB_DB_ROOT:-/tmp/bcdb-db}
pg_port=${BCDB_PG_PORT:-54321}
my_port=${BCDB_MY_PORT:-33061}
pg_bin=/usr/lib/postgresql/15/bin
pg_data=$root/pg
my_data=$root/mariadb
my_sock=$root/my.sock

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # wait_for WHAT COMMAND... : up to 60 s
  local what=$1; shift
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "dbservers: $what did not come up; see its log under $root" >&2
  return 1
}

pg_running() { [ -f "$pg_data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }

pg_start() {
  if pg_running; then return 0; fi
  if port_open "$pg_port"; then
    echo "dbservers: port $pg_port is taken by another server; set BCDB_PG_PORT" >&2
    return 1
  fi
  mkdir -p "$root"
  chmod 755 "$root"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$pg_data"
    as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/pg-initdb.log" 2>&1
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c fsync=off -c full_page_writes=off \
     -c synchronous_commit=off -c max_connections=200 -c max_locks_per_transaction=256" >/dev/null
  wait_for PostgreSQL "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port"
}

pg_stop() {
  if pg_running; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null; fi
}

my_running() { [ -f "$root/mariadb.pid" ] && kill -0 "$(cat "$root/mariadb.pid")" 2>/dev/null; }

my_client() { mariadb --no-defaults --protocol=socket -S "$my_sock" -uroot "$@"; }

my_start() {
  if my_running; then return 0; fi
  if port_open "$my_port"; then
    echo "dbservers: port $my_port is taken by another server; set BCDB_MY_PORT" >&2
    return 1
  fi
  mkdir -p "$root"
  if [ ! -d "$my_data/mysql" ]; then
    mkdir -p "$my_data"
    mariadb-install-db --no-defaults --datadir="$my_data" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$root/mariadb-install.log" 2>&1
  fi
  # --no-defaults skips Debian's utf8mb4 configuration, so the character set is set here.
  # setsid and closed stdio: the server must not hold the caller's pipes (ctest waits on them).
  setsid mariadbd --no-defaults --user=root --datadir="$my_data" --socket="$my_sock" --port="$my_port" \
    --bind-address=127.0.0.1 --pid-file="$root/mariadb.pid" --log-error="$root/mariadb.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M --local-infile=1 \
    --max-connections=300 </dev/null >>"$root/mariadb.out" 2>&1 &
  disown || true
  wait_for MariaDB my_client -e "SELECT 1"
  my_client -e "CREATE USER IF NOT EXISTS 'bcdb'@'127.0.0.1' IDENTIFIED BY 'bcdb';
                CREATE USER IF NOT EXISTS 'bcdb'@'localhost' IDENTIFIED BY 'bcdb';
                GRANT ALL PRIVILEGES ON *.* TO 'bcdb'@'127.0.0.1' WITH GRANT OPTION;
                GRANT ALL PRIVILEGES ON *.* TO 'bcdb'@'localhost' WITH GRANT OPTION;
                CREATE DATABASE IF NOT EXISTS bcdb_test;"
}

my_stop() {
  if my_running; then
    local pid
    pid=$(cat "$root/mariadb.pid")
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

status() {
  if pg_running; then echo "postgres: running on 127.0.0.1:$pg_port"; else echo "postgres: stopped"; fi
  if my_running; then echo "mariadb: running on 127.0.0.1:$my_port"; else echo "mariadb: stopped"; fi
}

action=${1:-status}
which=${2:-all}
run() {  # run ACTION for the selected servers
  case "$which" in
    all) "pg_$1"; "my_$1" ;;
    postgres) "pg_$1" ;;
    mariadb) "my_$1" ;;
    *) echo "usage: $0 start|stop|status|reset [postgres|mariadb]" >&2; exit 2 ;;
  esac
}
case "$action" in
  start) run start ;;
  stop) run stop ;;
  status) status ;;
  reset) run stop; rm -rf "$root"; run start ;;
  *) echo "usage: $0 start|stop|status|reset [postgres|mariadb]" >&2; exit 2 ;;
esac
