#!/bin/bash
# Benchmark: the rate of bcdb's backfill watching a replica (--replica, --max-lag 1s) and
# otherwise unthrottled, against a plain loop of `UPDATE ... WHERE id BETWEEN` statements of the
# same batch size in the engine's own client. Run as backfill_rate_pg.sh or backfill_rate_mysql.sh.
#
# items(id, body) holds ROWS rows (default 500,000), and the manifests rename body to note, so
# `bcdb migrate --phase expand` adds note with its sync triggers and the backfill copies body into
# it. Two identical databases are built that way (not timed; analysed, and on the replica before
# anything runs); then
#   bcdb:  `bcdb migrate --phase backfill --replica REPLICA --max-lag 1s` in one, whole process
#          (planning, keyset bounds, checkpoints and a lag probe before every batch included);
#   plain: in the other, `UPDATE items SET note = body WHERE id BETWEEN a AND b` for consecutive
#          ranges, each its own transaction, one client session (psql, mariadb), with bcdb's mean
#          batch size (or BCDB_BENCH_BATCH), through the same triggers.
# Prints rows/s of both, their ratio (bcdb / plain: 1.0 = as fast), bcdb's batches and the time
# it waited for the replica, and the rate of bcdb's batch loop alone (from its JSON report:
# without the process start, planning and the check after the run). The best of
# BCDB_BENCH_RUNS runs (default 3) is reported; BCDB_BENCH_BATCH sets the plain loop's batch.
#
# usage: tests/bench/backfill_rate_pg.sh [BCDB_BINARY] [ROWS]      (default build/bcdb, 500000)
#   BCDB_BENCH_PG_URL          primary, default postgres://postgres@127.0.0.1:25498/postgres
#   BCDB_BENCH_PG_REPLICA_URL  its streaming replica, default postgres://postgres@127.0.0.1:25499/postgres
#   export BCDB_DB_ROOT=/tmp/bcdb-rb BCDB_PG_PORT=25498 BCDB_PG_REPLICA_PORT=25499
#   packaging/dbservers.sh start postgres && packaging/dbservers.sh start postgres-replica
# usage: tests/bench/backfill_rate_mysql.sh [BCDB_BINARY] [ROWS]
#   BCDB_BENCH_MY_URL          primary, default mysql://bcdb:bcdb@127.0.0.1:23398/bcdb_test
#   BCDB_BENCH_MY_REPLICA_URL  its replica, default mysql://bcdb:bcdb@127.0.0.1:23399/bcdb_test
#   export BCDB_DB_ROOT=/tmp/bcdb-rb BCDB_MY_PORT=23398 BCDB_MY_REPLICA_PORT=23399
#   packaging/dbservers.sh start mariadb && packaging/dbservers.sh start mariadb-replica
# The script creates and drops its own databases, named bcdb_r_bench_* (the names the replica of
# packaging/dbservers.sh applies).
set -euo pipefail
engine=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
rows=${2:-500000}
runs=${BCDB_BENCH_RUNS:-3}
pg_bin=/usr/lib/postgresql/15/bin  # not /usr/bin: Debian's Perl wrappers add ~50 ms a start

on() {  # on SERVER_URL DATABASE: the URL naming DATABASE instead
  local query=""
  [[ $1 == *\?* ]] && query="?${1#*\?}"
  local base="${1%%\?*}"
  echo "${base%/*}/$2$query"
}

# The engine's client: sql URL [client options...] runs what it reads, or -c/-e STATEMENT.
case $engine in
  postgres)
    server=${BCDB_BENCH_PG_URL:-postgres://postgres@127.0.0.1:25498/postgres}
    replica=${BCDB_BENCH_PG_REPLICA_URL:-postgres://postgres@127.0.0.1:25499/postgres}
    sql() { "$pg_bin/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
    seed="INSERT INTO items SELECT g, 'body of item ' || g FROM generate_series(1, $rows) g"
    drop() { sql "$server" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; }
    analyse="VACUUM ANALYZE items"
    flag=-c ;;
  mysql)
    server=${BCDB_BENCH_MY_URL:-mysql://bcdb:bcdb@127.0.0.1:23398/bcdb_test}
    replica=${BCDB_BENCH_MY_REPLICA_URL:-mysql://bcdb:bcdb@127.0.0.1:23399/bcdb_test}
    # mysql://user:password@host:port/database (no %-escapes, no ?options) -> the client's options
    sql() {
      [[ $1 =~ ^(mysql|mariadb)://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([^?/]*)$ ]] ||
        { echo "not a mysql://user:password@host:port/database URL: ${1%%@*}@..." >&2; exit 2; }
      MYSQL_PWD=${BASH_REMATCH[4]} mariadb --no-defaults -N -B -h"${BASH_REMATCH[5]}" -P"${BASH_REMATCH[7]:-3306}" \
        -u"${BASH_REMATCH[2]}" "${BASH_REMATCH[8]}" "${@:2}"
    }
    seed="INSERT INTO items SELECT seq, CONCAT('body of item ', seq) FROM seq_1_to_$rows"
    drop() { sql "$server" -e "DROP DATABASE IF EXISTS $1"; }
    analyse="ANALYZE TABLE items"
    flag=-e ;;
  *) echo "usage: $0 postgres|mysql [BCDB_BINARY] [ROWS]" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
databases=()
cleanup() {
  for d in "${databases[@]}"; do drop "$d" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
now() { date +%s.%N; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }

mkdir base renamed
cat > base/items.toml <<'EOF'
[tables.items]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "body", type = "varchar(200)" } ]
EOF
cat > renamed/items.toml <<'EOF'
[tables.items]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "note", type = "varchar(200)", renamed_from = "body" } ]
EOF

# A database with ROWS rows past its expand phase, on the replica too.
build() {  # build NAME
  local url
  url=$(on "$server" "$1")
  sql "$server" $flag "CREATE DATABASE $1"
  databases+=("$1")
  "$bcdb" migrate --quiet --db "$url" --manifests base
  sql "$url" $flag "$seed"
  "$bcdb" migrate --quiet --db "$url" --manifests renamed --phase expand
  sql "$url" $flag "$analyse" > /dev/null
  for _ in $(seq 1 1200); do
    [ "$(sql "$(on "$replica" "$1")" $flag "SELECT count(*) FROM items" 2>/dev/null)" = "$rows" ] && return 0
    sleep 0.1
  done
  echo "the replica $replica never received $1" >&2
  exit 1
}

best_bcdb=0 best_loop=0 best_plain=0
for run in $(seq 1 "$runs"); do
  a=bcdb_r_bench_$$_${run}_a b=bcdb_r_bench_$$_${run}_b
  build "$a"
  build "$b"

  start=$(now)
  "$bcdb" --format json migrate --db "$(on "$server" "$a")" --manifests renamed --phase backfill \
    --replica "$(on "$replica" "$a")" --max-lag 1s > bcdb.json 2> bcdb.err
  end=$(now)
  read -r batches wait_ms done_rows loop_rate < <(python3 -c '
import json
b = json.load(open("bcdb.json"))["backfills"][0]
print(b["batches"], b["replica_wait_ms"], b["rows_this_run"], round(b["rows_per_second"]))')
  [ "$done_rows" = "$rows" ] || { echo "bcdb backfilled $done_rows of $rows rows" >&2; exit 1; }
  bcdb_rate=$(awk "BEGIN {printf \"%.0f\", $rows / ($end - $start)}")
  batch=${BCDB_BENCH_BATCH:-$(( (rows + batches - 1) / batches ))}

  awk -v rows="$rows" -v batch="$batch" 'BEGIN {
    for (a = 1; a <= rows; a += batch) printf "UPDATE items SET note = body WHERE id BETWEEN %d AND %d;\n", a, a + batch - 1 }' > plain.sql
  start=$(now)
  sql "$(on "$server" "$b")" < plain.sql > /dev/null
  end=$(now)
  plain_rate=$(awk "BEGIN {printf \"%.0f\", $rows / ($end - $start)}")
  [ "$(sql "$(on "$server" "$b")" $flag "SELECT count(*) FROM items WHERE note IS NULL")" = 0 ] ||
    { echo "the plain loop left rows" >&2; exit 1; }

  printf "run %d: bcdb %s rows/s (its batch loop %s; %d batches, %s ms waiting for the replica), plain loop %s rows/s (batch %d)\n" \
    "$run" "$bcdb_rate" "$loop_rate" "$batches" "$wait_ms" "$plain_rate" "$batch"
  [ "$bcdb_rate" -gt "$best_bcdb" ] && best_bcdb=$bcdb_rate
  [ "$loop_rate" -gt "$best_loop" ] && best_loop=$loop_rate
  [ "$plain_rate" -gt "$best_plain" ] && best_plain=$plain_rate
  for d in "$a" "$b"; do drop "$d"; done
  databases=()
done
printf "%s backfill of %d rows, best of %d: bcdb --replica --max-lag 1s %s rows/s (batch loop %s), plain UPDATE loop %s rows/s; ratio %s (batch loop %s)\n" \
  "$engine" "$rows" "$runs" "$best_bcdb" "$best_loop" "$best_plain" "$(ratio "$best_bcdb" "$best_plain")" \
  "$(ratio "$best_loop" "$best_plain")"
