#!/bin/bash
# Benchmark: `bcdb seed commerce` against each engine's own bulk loader loading the very same
# rows from CSV files, whole process each.
#
# For each engine: a fresh database migrated to manifests/commerce (not timed); then
#   bcdb:   `bcdb seed commerce --scale SCALE` (generation included: bcdb makes the rows as it
#           writes them), wall time and peak RSS (/usr/bin/time);
#   native: the seeded tables are exported with the engine's own tool, a second fresh database
#           is migrated, and the engine's loader reads the files, every table in one process:
#           sqlite3 `.import --csv` inside one transaction, psql `\copy ... FROM` (CSV) inside
#           one transaction, mariadb `LOAD DATA LOCAL INFILE` (tab-separated, as SELECT ... INTO
#           OUTFILE wrote it).
# Both load into the same schema (the same keys, indexes, checks and foreign keys).
# Prints rows/s of both, their ratio (bcdb / native: 1.0 = as fast) and bcdb's peak memory,
# then bcdb's peak memory on SQLite at a tenth of the scale, the scale and four times it
# (BCDB_BENCH_MEMORY_SCALES), to show that memory does not grow with the scale.
#
# usage: tests/bench/seed_bench.sh [BCDB_BINARY] [SCALE]   (default build/bcdb, 140000 orders:
#        about 1,000,000 rows in all)
#   BCDB_BENCH_ENGINES  which engines (default "sqlite postgres mysql")
#   BCDB_BENCH_PG_URL   default postgres://postgres@127.0.0.1:54321/postgres (packaging/dbservers.sh)
#   BCDB_BENCH_MY_URL   default mysql://bcdb:bcdb@127.0.0.1:33061/bcdb_test; the server must be on
#                       this machine (SELECT ... INTO OUTFILE writes the export files here)
#   BCDB_BENCH_RUNS     runs per figure; the best of them is reported (default 3)
# Each engine's databases are created and dropped by the script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
scale=${2:-140000}
engines=${BCDB_BENCH_ENGINES:-sqlite postgres mysql}
pg_server=${BCDB_BENCH_PG_URL:-postgres://postgres@127.0.0.1:54321/postgres}
my_server=${BCDB_BENCH_MY_URL:-mysql://bcdb:bcdb@127.0.0.1:33061/bcdb_test}
runs=${BCDB_BENCH_RUNS:-3}
manifests=$(realpath "$here/../../manifests/commerce")
pg_bin=/usr/lib/postgresql/15/bin  # not /usr/bin/psql: Debian's Perl wrapper adds ~50 ms a start
tables="categories products inventory customers addresses carts cart_items orders order_items payments shipments product_reviews"

work=$(mktemp -d /tmp/bcdb-seed-bench-XXXXXX)
chmod 777 "$work"  # the MariaDB server writes the export files here
databases=()
cleanup() {
  for d in "${databases[@]}"; do drop_database "$d" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# --- engines ------------------------------------------------------------------------------
with_db() {  # with_db SERVER_URL NAME -> the server URL naming database NAME
  local server=$1 name=$2 query="" url
  [[ $server == *\?* ]] && query="?${server#*\?}"
  url="${server%%\?*}"
  echo "${url%/*}/$name$query"
}
psql() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
my_args() {  # mysql://user:pass@host:port/db -> mariadb client options and the database
  local rest=${1#mysql://} user pass host port
  user=${rest%%:*}; rest=${rest#*:}; pass=${rest%%@*}; rest=${rest#*@}
  host=${rest%%:*}; rest=${rest#*:}; port=${rest%%/*}; rest=${rest#*/}
  echo "--no-defaults -h$host -P$port -u$user -p$pass ${rest%%\?*}"
}
mariadb_() { local url=$1; shift; mariadb $(my_args "$url") --local-infile=1 "$@"; }

create_database() {  # engine name: a fresh database, migrated to manifests/commerce; sets $url
  local engine=$1 name=$2
  databases+=("$engine:$name")
  case $engine in
    sqlite) rm -f "$work/$name.db"; url="sqlite:$work/$name.db" ;;
    postgres) psql -d "$pg_server" -c "CREATE DATABASE $name" >/dev/null; url=$(with_db "$pg_server" "$name") ;;
    mysql) mariadb_ "$my_server" -e "CREATE DATABASE $name" >/dev/null; url=$(with_db "$my_server" "$name") ;;
  esac
  "$bcdb" migrate --db "$url" --manifests "$manifests" --quiet
}
count_rows() {  # engine url: rows of every table
  local engine=$1 url=$2 t n total=0
  for t in $tables; do
    case $engine in
      sqlite) n=$(sqlite3 "${url#sqlite:}" "SELECT count(*) FROM \"$t\"") ;;
      postgres) n=$(psql -d "$url" -At -c "SELECT count(*) FROM \"$t\"") ;;
      mysql) n=$(mariadb_ "$url" -N -e "SELECT count(*) FROM \`$t\`") ;;
    esac
    total=$(( total + n ))
  done
  echo "$total"
}
drop_database() {
  local engine=${1%%:*} name=${1#*:}
  case $engine in
    sqlite) rm -f "$work/$name.db" ;;
    postgres) psql -d "$pg_server" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 ;;
    mysql) mariadb_ "$my_server" -e "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 ;;
  esac
}

export_tables() {  # engine url dir: one file per table in the native loader's format
  local engine=$1 url=$2 dir=$3 t
  mkdir -p "$dir"; chmod 777 "$dir"
  for t in $tables; do
    case $engine in
      sqlite) sqlite3 -csv "${url#sqlite:}" "SELECT * FROM \"$t\"" > "$dir/$t.csv" ;;
      postgres) psql -d "$url" -c "\\copy \"$t\" TO '$dir/$t.csv' WITH (FORMAT csv)" ;;
      mysql) mariadb_ "$url" -e "SELECT * FROM \`$t\` INTO OUTFILE '$dir/$t.tsv'" ;;
    esac
  done
}

native_load() {  # engine url dir: every table, one process
  local engine=$1 url=$2 dir=$3 t
  case $engine in
    sqlite)
      { echo "BEGIN;"; for t in $tables; do echo ".import --csv $dir/$t.csv $t"; done; echo "COMMIT;"; } |
        sqlite3 -bail "${url#sqlite:}" ;;
    postgres)
      { echo "BEGIN;"; for t in $tables; do echo "\\copy \"$t\" FROM '$dir/$t.csv' WITH (FORMAT csv)"; done
        echo "COMMIT;"; } | psql -d "$url" ;;
    mysql)
      { echo "SET autocommit = 0;"
        for t in $tables; do
          echo "LOAD DATA LOCAL INFILE '$dir/$t.tsv' INTO TABLE \`$t\` CHARACTER SET utf8mb4;"
        done
        echo "COMMIT;"; } | mariadb_ "$url" ;;
  esac
}

# --- measuring ----------------------------------------------------------------------------
# Runs a command under /usr/bin/time; sets $wall (seconds) and $rss (KB).
timed() {
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" > "$work/stdout" 2> "$work/stderr.cmd" ||
    { echo "failed: $*" >&2; cat "$work/stderr.cmd" >&2; return 1; }
  read -r wall rss < <(tail -n 1 "$work/time")
}
# Wall time of a shell function (the native loaders are pipelines); sets $wall (seconds).
timed_function() {
  local start end
  start=$(date +%s%N)
  "$@" > "$work/stdout" 2> "$work/stderr.cmd" || { echo "failed: $*" >&2; cat "$work/stderr.cmd" >&2; return 1; }
  end=$(date +%s%N)
  wall=$(awk -v ns=$(( end - start )) 'BEGIN { printf "%.3f", ns / 1e9 }')
}
best() { printf '%s\n' "$@" | sort -g | head -n 1; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }
per_second() { awk -v r="$1" -v s="$2" 'BEGIN { printf "%d", r / s }'; }

printf '%-9s %10s %10s %12s %10s %12s %7s %10s\n' engine rows bcdb_s bcdb_rows/s native_s native_rows/s ratio bcdb_peak
for engine in $engines; do
  bcdb_walls=() native_walls=() rsses=()
  rows=0
  for run in $(seq "$runs"); do
    create_database "$engine" "bcdb_bench_seed_$$_$run"
    seeded=$url
    timed "$bcdb" seed commerce --db "$seeded" --scale "$scale" --format json
    bcdb_walls+=("$wall"); rsses+=("$rss")
    rows=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inserted"])' "$work/stdout")

    export_tables "$engine" "$seeded" "$work/export_$run"
    drop_database "$engine:bcdb_bench_seed_$$_$run"
    create_database "$engine" "bcdb_bench_native_$$_$run"
    loaded=$url
    timed_function native_load "$engine" "$loaded" "$work/export_$run"
    native_walls+=("$wall")
    loaded_rows=$(count_rows "$engine" "$loaded")
    [ "$loaded_rows" = "$rows" ] || { echo "$engine: the native loader loaded $loaded_rows rows, not $rows" >&2; exit 1; }
    drop_database "$engine:bcdb_bench_native_$$_$run"
    rm -rf "$work/export_$run"
  done
  b=$(best "${bcdb_walls[@]}"); n=$(best "${native_walls[@]}")
  printf '%-9s %10d %10.2f %12d %10.2f %12d %7.2f %7d MB\n' "$engine" "$rows" "$b" "$(per_second "$rows" "$b")" "$n" \
    "$(per_second "$rows" "$n")" "$(awk -v b="$b" -v n="$n" 'BEGIN { print n / b }')" $(( $(max "${rsses[@]}") / 1024 ))
done

echo
echo "bcdb peak memory by scale (SQLite, commerce):"
for s in ${BCDB_BENCH_MEMORY_SCALES:-$(( scale / 10 )) $scale $(( scale * 4 ))}; do
  create_database sqlite "bcdb_bench_memory_$s"
  timed "$bcdb" seed commerce --db "$url" --scale "$s" --format json
  r=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inserted"])' "$work/stdout")
  printf '  --scale %-8d %9d rows  %6.2f s  peak %d MB\n' "$s" "$r" "$wall" $(( rss / 1024 ))
  drop_database "sqlite:bcdb_bench_memory_$s"
done
