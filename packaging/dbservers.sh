#!/bin/bash
# Throw-away PostgreSQL 15 and MariaDB 10.11 servers on loopback for bcdb's tests, without
# systemd: `dbservers.sh start|stop|status|reset [postgres|mariadb|postgres-replica|mariadb-replica]`
# (default: both primaries; stop and reset also stop the replicas).
#
#   PostgreSQL  127.0.0.1:$BCDB_PG_PORT (54321), user postgres, trust auth, database postgres
#   MariaDB     127.0.0.1:$BCDB_MY_PORT (33061), user bcdb / password bcdb, database bcdb_test
#
# Replicas of the running primaries, for the tests of migrate --replica (each started afresh and
# removed when stopped; their ports lie below Linux's ephemeral range, 32768-60999, where a
# client connection's own port can take the port a server is about to listen on):
#   postgres-replica  127.0.0.1:$BCDB_PG_REPLICA_PORT (25432): streaming replication from a
#                     pg_basebackup, hot standby
#   mariadb-replica   127.0.0.1:$BCDB_MY_REPLICA_PORT (23306), user bcdb / bcdb: binlog
#                     replication from the primary's position at the start, applying only the
#                     tables of databases matching $BCDB_MY_REPLICA_DATABASES (bcdb_r_%), so the
#                     other tests' traffic on the primary never reaches it
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
pgr_port=${BCDB_PG_REPLICA_PORT:-25432}
pgr_data=$root/pg-replica
myr_port=${BCDB_MY_REPLICA_PORT:-23306}
myr_data=$root/mariadb-replica
myr_sock=$root/myr.sock
myr_databases=${BCDB_MY_REPLICA_DATABASES:-bcdb\\_r\\_%}

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

pg_up() { [ -f "$1/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$1" status >/dev/null 2>&1; }
pg_running() { pg_up "$pg_data"; }

primary_up() {  # primary_up ENGINE CHECK: a replica needs its primary running
  if ! "$2"; then
    echo "dbservers: the $1 primary is not running: start it first" >&2
    return 1
  fi
}

port_free() {  # port_free PORT VARIABLE: refuses a port another server answers on
  if port_open "$1"; then
    echo "dbservers: port $1 is taken by another server; set $2" >&2
    return 1
  fi
}

pg_server() {  # pg_server DATA PORT [OPTIONS]: starts the cluster in DATA and waits for it
  local data=$1 port=$2
  shift 2
  as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off \
     -c synchronous_commit=off -c max_connections=200 -c max_locks_per_transaction=256 $*" >/dev/null
  wait_for "PostgreSQL on port $port" "$pg_bin/pg_isready" -h 127.0.0.1 -p "$port"
}

pg_start() {
  if pg_running; then return 0; fi
  port_free "$pg_port" BCDB_PG_PORT
  mkdir -p "$root"
  chmod 755 "$root"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$pg_data"
    as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/pg-initdb.log" 2>&1
  fi
  # A streaming replica (postgres-replica) needs WAL senders and wal_level replica: PostgreSQL's
  # defaults, stated so that they stay; initdb --auth=trust already lets replication in from
  # 127.0.0.1 (pg_hba.conf).
  pg_server "$pg_data" "$pg_port" -c wal_level=replica -c max_wal_senders=10
}

pg_stop() {
  if pg_running; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null; fi
}

pg_replica_running() { pg_up "$pgr_data"; }

pg_replica_start() {
  if pg_replica_running; then return 0; fi
  primary_up PostgreSQL pg_running
  port_free "$pgr_port" BCDB_PG_REPLICA_PORT
  # A fresh copy every time, and no replication slot: a replica that was down may need WAL the
  # primary has recycled since, and a forgotten slot would keep WAL on the primary forever.
  rm -rf "$pgr_data"
  install -d -o postgres -g postgres -m 700 "$pgr_data"
  as_postgres "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U postgres -D "$pgr_data" -R -X stream \
    --checkpoint=fast >"$root/pg-replica-basebackup.log" 2>&1
  : >"$pgr_data/server.log"  # the copy holds the primary's log
  # A hot standby needs at least the primary's max_connections and max_locks_per_transaction.
  pg_server "$pgr_data" "$pgr_port" -c hot_standby=on
}

pg_replica_stop() {
  if pg_replica_running; then as_postgres "$pg_bin/pg_ctl" -D "$pgr_data" -m fast -w stop >/dev/null; fi
  rm -rf "$pgr_data"
}

my_up() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }  # my_up PIDFILE
my_running() { my_up "$root/mariadb.pid"; }

my_client() { mariadb --no-defaults --protocol=socket -S "$my_sock" -uroot "$@"; }
my_replica_client() { mariadb --no-defaults --protocol=socket -S "$myr_sock" -uroot "$@"; }

my_server() {  # my_server NAME DATA SOCKET PORT [OPTIONS]: starts mariadbd (NAME.pid, NAME.log under $root)
  local name=$1 data=$2 socket=$3 port=$4
  shift 4
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$root/$name-install.log" 2>&1
  fi
  # A private tmpdir: the server's temporary tables must not share /tmp with whatever else
  # on the machine cleans it (a file deleted under it fails the query using it).
  mkdir -p "$root/$name-tmp"
  # --no-defaults skips Debian's utf8mb4 configuration, so the character set is set here.
  # setsid and closed stdio: the server must not hold the caller's pipes (ctest waits on them).
  setsid mariadbd --no-defaults --user=root --datadir="$data" --socket="$socket" --port="$port" \
    --tmpdir="$root/$name-tmp" --bind-address=127.0.0.1 --pid-file="$root/$name.pid" --log-error="$root/$name.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M "$@" </dev/null >>"$root/$name.out" 2>&1 &
  disown || true
  wait_for "MariaDB on port $port" mariadb --no-defaults --protocol=socket -S "$socket" -uroot -e "SELECT 1"
  mariadb --no-defaults --protocol=socket -S "$socket" -uroot -e "
    CREATE USER IF NOT EXISTS 'bcdb'@'127.0.0.1' IDENTIFIED BY 'bcdb';
    CREATE USER IF NOT EXISTS 'bcdb'@'localhost' IDENTIFIED BY 'bcdb';
    GRANT ALL PRIVILEGES ON *.* TO 'bcdb'@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO 'bcdb'@'localhost' WITH GRANT OPTION;"
}

my_kill() {  # my_kill PIDFILE: stops the server and waits until it is gone
  if my_up "$1"; then
    local pid
    pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

my_start() {
  if my_running; then return 0; fi
  port_free "$my_port" BCDB_MY_PORT
  mkdir -p "$root"
  # The binary log (row format, kept an hour) is what a replica (mariadb-replica) reads.
  my_server mariadb "$my_data" "$my_sock" "$my_port" --local-infile=1 --max-connections=300 \
    --server-id=1 --log-bin=mariadb-bin --binlog-format=ROW --max-binlog-size=64M \
    --binlog-expire-logs-seconds=3600
  my_client -e "CREATE DATABASE IF NOT EXISTS bcdb_test"
}

my_stop() { my_kill "$root/mariadb.pid"; }

my_replica_running() { my_up "$root/mariadb-replica.pid"; }

my_replica_start() {
  if my_replica_running; then return 0; fi
  primary_up MariaDB my_running
  if [ "$(my_client -N -e 'SELECT @@log_bin')" != 1 ]; then
    echo "dbservers: the MariaDB primary on port $my_port has no binary log (an older dbservers.sh started" \
      "it); restart it: $0 stop mariadb && $0 start mariadb" >&2
    return 1
  fi
  port_free "$myr_port" BCDB_MY_REPLICA_PORT
  rm -rf "$myr_data"
  my_server mariadb-replica "$myr_data" "$myr_sock" "$myr_port" --max-connections=100 --server-id=2 \
    --skip-slave-start --read-only --relay-log=relay-bin "--replicate-wild-do-table=$myr_databases.%"
  # From the primary's position now: what the primary held before is not on the replica, and
  # the filter keeps the tables of other databases out.
  local file pos
  read -r file pos < <(my_client -N -e "SHOW MASTER STATUS" | cut -f1,2)
  my_replica_client -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$my_port, MASTER_USER='bcdb',
    MASTER_PASSWORD='bcdb', MASTER_LOG_FILE='$file', MASTER_LOG_POS=$pos, MASTER_CONNECT_RETRY=1; START SLAVE"
  wait_for "MariaDB replication from port $my_port" my_replica_io_running
}

my_replica_io_running() { my_replica_client -e "SHOW SLAVE STATUS\G" | grep -q "Slave_IO_Running: Yes"; }

my_replica_stop() {
  my_kill "$root/mariadb-replica.pid"
  rm -rf "$myr_data"
}

status() {
  if pg_running; then echo "postgres: running on 127.0.0.1:$pg_port"; else echo "postgres: stopped"; fi
  if my_running; then echo "mariadb: running on 127.0.0.1:$my_port"; else echo "mariadb: stopped"; fi
  if pg_replica_running; then echo "postgres-replica: running on 127.0.0.1:$pgr_port"; fi
  if my_replica_running; then echo "mariadb-replica: running on 127.0.0.1:$myr_port"; fi
}

usage="usage: $0 start|stop|status|reset [postgres|mariadb|postgres-replica|mariadb-replica]"
action=${1:-status}
which=${2:-all}
run() {  # run ACTION for the selected servers
  case "$which" in
    all) if [ "$1" = stop ]; then pg_replica_stop; my_replica_stop; fi
         "pg_$1"; "my_$1" ;;
    postgres) "pg_$1" ;;
    mariadb) "my_$1" ;;
    postgres-replica) "pg_replica_$1" ;;
    mariadb-replica) "my_replica_$1" ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
}
case "$action" in
  start) run start ;;
  stop) run stop ;;
  status) status ;;
  reset) run stop
         case "$which" in *-replica) ;; *) rm -rf "$root" ;; esac  # a replica is fresh at every start
         run start ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
