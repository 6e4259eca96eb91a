#!/bin/bash
# Benchmark: failed application statements across table copies on MariaDB, bcdb against
# pt-online-schema-change, under the same load.
#
# accounts (online_mysql.sh's table, from mysql_common.sh's write_manifests) holds ROWS rows
# (default 300,000); owners stays empty. loadgen.cpp writes at BCDB_BENCH_RATE (default 800) tx/s over 4 connections with
# server-side prepared statements (LOADGEN_TEXT=1: plain statements), never retrying. Each
# contender changes hits int -> bigint CYCLES times (default 8) by copying the table, and the
# change is undone by hand between cycles; a contender's load runs across all its cycles.
#   bcdb:   `bcdb migrate --copy-tables` (expand: copy + triggers, backfill, contract: the swap)
#   pt-osc: pt-online-schema-change --alter "MODIFY hits bigint ..." --execute
# Reported per contender: failed transactions of all, and the first error of each connection.
# A connection whose prepared statements meet MDEV-26048 keeps failing with "Table '..._c'
# doesn't exist" while the triggers stand, which is what this counts.
#
# usage: tests/bench/copy_cutover_mysql.sh [BCDB_BINARY] [CYCLES] [ROWS]
#   BCDB_BENCH_MY_URL  the server (default mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test); the
#                      script creates and drops its own database there
#   BCDB_BENCH_RATE    loadgen target rate (default 800)
# Needs g++, libmysqlcppconn-dev and, for the second contender, percona-toolkit. A throw-away
# server: BCDB_DB_ROOT=/tmp/myb/db BCDB_MY_PORT=33099 packaging/dbservers.sh start mariadb
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
cycles=${2:-8}
rows=${3:-300000}
rate=${BCDB_BENCH_RATE:-800}
server=${BCDB_BENCH_MY_URL:-mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test}
threads=4 owners=100
. "$here/mysql_common.sh"
require_mysql_tools
parse_mysql_url "$server"
db=bcdb_bench_cutover_$$
url="${server%/*}/$db"

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
load=""
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  my -e "DROP DATABASE IF EXISTS $db" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
g++ -O2 -std=c++17 -pthread -I/usr/include "$here/loadgen.cpp" -o loadgen -lmysqlcppconn

write_manifests base ""
write_manifests wide f  # hits int -> bigint
my -e "CREATE DATABASE $db"
"$bcdb" migrate --db "$url" --manifests base --quiet
my "$db" -e "INSERT INTO accounts SELECT seq, 1 + seq % $owners, 0, 'open', concat('note ', seq), seq % 1000 FROM seq_1_to_$rows"
undo="ALTER TABLE accounts MODIFY hits int NOT NULL DEFAULT 0"

bcdb_change() { "$bcdb" migrate --db "$url" --manifests wide --copy-tables --rewrite-threshold 100 --quiet; }
pt_change() {
  pt-online-schema-change --alter "MODIFY hits bigint NOT NULL DEFAULT 0" \
    "D=$db,t=accounts,h=$my_host,P=$my_port,u=$my_user" --execute --chunk-time 0.1 > pt.out 2>&1 ||
    { cat pt.out >&2; return 1; }
}

run() {  # run LABEL CHANGE_FUNCTION
  local label=$1 change=$2 log="$work/log_$1"
  ./loadgen "$my_host" "$my_port" "$my_user" "$db" "$threads" "$rate" "$rows" "$owners" "$log" > "loadgen_$label.out" 2>&1 &
  load=$!
  sleep 2  # loadgen starts its schedule 1 s after it starts, once connected
  local start=$SECONDS
  for _ in $(seq 1 "$cycles"); do
    "$change"
    my "$db" -e "$undo"
  done
  local took=$((SECONDS - start))
  sleep 1
  kill -INT "$load"; wait "$load" || true; load=""
  local failed total
  failed=$(awk '$4 != 0' "$log" | wc -l) total=$(wc -l < "$log")
  printf '%-7s %6d failed of %7d transactions (%d cycles in %d s)\n' "$label" "$failed" "$total" "$cycles" "$took"
  grep 'a transaction failed' "loadgen_$label.out" | sed 's/^/          /' || true
}

echo "accounts: $rows rows; load: $threads connections at $rate tx/s, $([ "${LOADGEN_TEXT:-}" = 1 ] && echo plain || echo prepared) statements"
run bcdb bcdb_change
if command -v pt-online-schema-change > /dev/null; then
  run pt-osc pt_change
else
  echo "pt-osc  not installed (apt-get install percona-toolkit): skipped"
fi
