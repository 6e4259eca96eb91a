#!/bin/bash
# Benchmark: `bcdb drift` on a PostgreSQL database of 2,000 tables (15 columns, 3 indexes and one
# foreign key each) against matching manifests, whole process, compared with the floor: one psql
# process running the same catalog queries bcdb's inspector runs (extracted at run time from
# lib/dialect/postgres/catalog_sql.h by pg_catalog_queries.py), output to /dev/null. bcdb also
# connects, reads the manifests, canonicalises them in a scratch schema (a rolled-back
# transaction) and compares; all of that is part of its figure, none of it of the floor's.
#
# usage: tests/bench/drift_pg.sh [BCDB_BINARY] [TABLES]     (default build/bcdb, 2000)
#   BCDB_BENCH_PG_URL  the server (default postgres://postgres@127.0.0.1:54399/postgres); the
#                      script creates and drops its own database there
#   BCDB_BENCH_RUNS    runs per median (default 5)
# A throw-away server: BCDB_DB_ROOT=/tmp/pgb/db BCDB_PG_PORT=54399 packaging/dbservers.sh start postgres
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
tables=${2:-2000}
runs=${BCDB_BENCH_RUNS:-5}
server=${BCDB_BENCH_PG_URL:-postgres://postgres@127.0.0.1:54399/postgres}
pg_bin=/usr/lib/postgresql/15/bin  # not /usr/bin/psql: Debian's Perl wrapper adds ~50 ms a start
psql() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
for b in psql; do  # postgresql-client-15 and postgresql-15 (packaging/install-deps.sh), no contrib
  [ -x "$pg_bin/$b" ] || { echo "$pg_bin/$b not found; run packaging/install-deps.sh" >&2; exit 2; }
done

db=bcdb_bench_drift_$$
query=""
[[ $server == *\?* ]] && query="?${server#*\?}"
url="${server%%\?*}"
url="${url%/*}/$db$query"

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
cleanup() {
  psql -d "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

/usr/bin/python3 "$here/gen_wide_schema.py" manifests "$tables"
/usr/bin/python3 "$here/pg_catalog_queries.py" "$here/../.." > catalog_queries.sql
psql -d "$server" -c "CREATE DATABASE $db"
# Build the database from bcdb's own plan (one transaction per table), in one psql process.
build_start=$(date +%s%N)
"$bcdb" diff --format sql --db "$url" --manifests manifests | psql -d "$url" > /dev/null
build_ms=$(( ($(date +%s%N) - build_start) / 1000000 ))
psql -d "$url" -c "VACUUM ANALYZE" > /dev/null
"$bcdb" drift --db "$url" --manifests manifests --quiet || { echo "drift is not clean" >&2; exit 1; }
psql -d "$url" -f catalog_queries.sql > /dev/null  # the floor must run clean too

# Wall time of one run of a command, in milliseconds; any failure stops the benchmark.
wall_ms() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null || { echo "failed (exit $?): $*" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
median_ms() {  # median_ms RUNS COMMAND...
  local runs=$1 times=(); shift
  for ((i = 0; i < runs; i++)); do times+=("$(wall_ms "$@")"); done
  median "${times[@]}"
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# Alternated, after one warm-up each, so that a noisy neighbour hurts both sides alike.
psql -d "$url" -f catalog_queries.sql > /dev/null
"$bcdb" drift --db "$url" --manifests manifests --quiet
floor_times=() drift_times=()
for ((r = 0; r < runs; r++)); do
  floor_times+=("$(wall_ms psql -d "$url" -f catalog_queries.sql)")
  drift_times+=("$(wall_ms "$bcdb" drift --db "$url" --manifests manifests --quiet)")
done
floor=$(median "${floor_times[@]}")
drift=$(median "${drift_times[@]}")
version=$(median_ms "$runs" "$bcdb" --version)
connect=$(median_ms "$runs" psql -d "$url" -c "SELECT 1")
floor_kb=$(peak_kb "$pg_bin/psql" -X -q -d "$url" -f catalog_queries.sql)
drift_kb=$(peak_kb "$bcdb" drift --db "$url" --manifests manifests --quiet)
queries=$(grep -c '^-- k' catalog_queries.sql)

echo "tables:                    $tables (15 columns, 3 indexes, 1 foreign key each); built in ${build_ms} ms"
echo "server:                    $("$pg_bin/psql" -X -At -d "$url" -c 'SHOW server_version')"
echo "psql catalog queries:      ${floor} ms (median of $runs: ${floor_times[*]}), $queries queries, peak ${floor_kb} KB"
echo "bcdb drift, whole process: ${drift} ms (median of $runs: ${drift_times[*]}), peak ${drift_kb} KB"
echo "ratio bcdb / psql:         $(awk "BEGIN {printf \"%.2f\", $drift / ($floor > 0 ? $floor : 1)}")x (target: within 1.5x)"
echo "bcdb --version start-up:   ${version} ms; psql connect + SELECT 1: ${connect} ms"
