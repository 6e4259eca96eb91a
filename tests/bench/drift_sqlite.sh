#!/bin/bash
# Benchmark: `bcdb drift` on a SQLite database of 2,000 tables (15 columns, 3 indexes and one
# foreign key each) against matching manifests, whole process, compared with the floor: the
# sqlite3 shell running the same catalog queries in one process.
#
# usage: tests/bench/drift_sqlite.sh [BCDB_BINARY] [TABLES]     (default build/bcdb, 2000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
tables=${2:-2000}
work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

/usr/bin/python3 "$here/gen_wide_schema.py" manifests "$tables"
# Build the database from bcdb's own plan (a dry run: empty.db is never created), in one
# sqlite3 process without fsyncs.
{ echo "PRAGMA synchronous = OFF;"; "$bcdb" migrate --dry-run --format sql --db sqlite:empty.db --manifests manifests; } |
  sqlite3 -bail bench.db
"$bcdb" drift --db sqlite:bench.db --manifests manifests --quiet || { echo "drift is not clean" >&2; exit 1; }

# Median wall time of RUNS runs of a command, in milliseconds.
median_ms() {
  local runs=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    # Inside $(...) set -e does not hold: a failing command must stop the benchmark itself.
    "$@" > /dev/null || { echo "benchmark command failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

runs=9
floor=$(median_ms $runs sqlite3 bench.db ".read $here/catalog_queries.sql")
drift=$(median_ms $runs "$bcdb" drift --db sqlite:bench.db --manifests manifests --quiet)
version=$(median_ms $runs "$bcdb" --version)
floor_kb=$(peak_kb sqlite3 bench.db ".read $here/catalog_queries.sql")
drift_kb=$(peak_kb "$bcdb" drift --db sqlite:bench.db --manifests manifests --quiet)

echo "tables:                    $tables (15 columns, 3 indexes, 1 foreign key each)"
echo "sqlite3 catalog queries:   ${floor} ms (median of $runs), peak ${floor_kb} KB"
echo "bcdb drift, whole process: ${drift} ms (median of $runs), peak ${drift_kb} KB"
echo "ratio bcdb / floor:        $(awk "BEGIN {printf \"%.2f\", $drift / ($floor > 0 ? $floor : 1)}")x (target: within 2x)"
echo "bcdb --version start-up:   ${version} ms"
