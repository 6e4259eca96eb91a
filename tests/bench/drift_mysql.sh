#!/bin/bash
# Benchmark: `bcdb drift` on a MariaDB database of 2,000 tables (15 columns, 3 indexes and one
# foreign key each) against matching manifests, whole process, compared with two floors, each
# one `mariadb` client process with its output to /dev/null:
#   (b) the same information_schema queries bcdb's inspector runs (extracted at run time from
#       lib/dialect/mysql/catalog_sql.h by mysql_catalog_queries.py, the database bound as a
#       literal where bcdb binds it to a prepared statement's parameter);
#   (c) SHOW CREATE TABLE for every table (the script of statements is written beforehand).
# bcdb also connects, reads the manifests, canonicalises them in a scratch database (created
# and dropped) and compares; all of that is part of its figure, none of the floors'. One more
# run of bcdb and of floor (b) with the server's general log on (SET GLOBAL, if allowed) shows
# where the time goes: each catalog query on both sides, and bcdb's phases (inspection,
# canonicalisation) from the log's microsecond timestamps.
#
# The generator's index t_b covers c01 and c02, and c02 is text, which MySQL indexes only with
# a prefix length (bcdb refuses it, exit 2); the manifests are rewritten here to declare c02
# varchar(200) instead (gen_wide_schema.py stays as the SQLite and PostgreSQL benchmarks use it).
#
# usage: tests/bench/drift_mysql.sh [BCDB_BINARY] [TABLES]     (default build/bcdb, 2000)
#   BCDB_BENCH_MY_URL  the server (default mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test); the
#                      script creates and drops its own database there (user with CREATE and
#                      DROP; SUPER or SYSTEM_VARIABLES_ADMIN for the general-log breakdown)
#   BCDB_BENCH_RUNS    runs per median (default 5)
# A throw-away server: BCDB_DB_ROOT=/tmp/myb/db BCDB_MY_PORT=33099 packaging/dbservers.sh start mariadb
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
tables=${2:-2000}
runs=${BCDB_BENCH_RUNS:-5}
server=${BCDB_BENCH_MY_URL:-mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test}
command -v mariadb > /dev/null || { echo "mariadb client not found; run packaging/install-deps.sh" >&2; exit 2; }

# mysql://user:password@host:port/database (no %-escapes, no ?options) -> the client's options
if [[ ! $server =~ ^(mysql|mariadb)://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([^?/]*)$ ]]; then
  echo "BCDB_BENCH_MY_URL must look like mysql://user:password@host:port/database (no ?options)" >&2
  exit 2
fi
my_user=${BASH_REMATCH[2]} my_host=${BASH_REMATCH[5]} my_port=${BASH_REMATCH[7]:-3306}
export MYSQL_PWD=${BASH_REMATCH[4]}  # the client's password, off the command line
db=bcdb_bench_drift_$$
url="${server%/*}/$db"
my() { mariadb --no-defaults -h"$my_host" -P"$my_port" -u"$my_user" "$@"; }

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
log_restore=""
cleanup() {
  [ -z "$log_restore" ] || my -e "$log_restore" >/dev/null 2>&1 || true
  my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

/usr/bin/python3 "$here/gen_wide_schema.py" manifests "$tables"
sed -i 's/{ name = "c02", type = "text" }/{ name = "c02", type = "varchar(200)" }/' manifests/*.toml
[ "$(cat manifests/*.toml | grep -c '"c02", type = "varchar(200)"')" = "$tables" ] ||
  { echo "gen_wide_schema.py changed: c02 is no longer a plain text column" >&2; exit 1; }
/usr/bin/python3 "$here/mysql_catalog_queries.py" "$here/../.." "$db" > catalog_queries.sql
/usr/bin/python3 "$here/mysql_catalog_queries.py" "$here/../.." "$db" --prepared > catalog_queries_prepared.sql
my -e "CREATE DATABASE $db"
# Build the database from bcdb's own plan (one CREATE TABLE per table), in one client process.
build_start=$(date +%s%N)
"$bcdb" diff --format sql --db "$url" --manifests manifests | my "$db" > /dev/null
build_ms=$(( ($(date +%s%N) - build_start) / 1000000 ))
"$bcdb" drift --db "$url" --manifests manifests --quiet || { echo "drift is not clean" >&2; exit 1; }
my "$db" -N -e "SELECT concat('SHOW CREATE TABLE \`', TABLE_NAME, '\`;') FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = '$db' ORDER BY TABLE_NAME" > show_create.sql
[ "$(wc -l < show_create.sql)" -eq "$tables" ] || { echo "expected $tables tables in $db" >&2; exit 1; }
my "$db" < catalog_queries.sql > /dev/null  # the floors must run clean too
my "$db" < catalog_queries_prepared.sql > /dev/null
my "$db" < show_create.sql > /dev/null

# Wall time of one run of a command, in milliseconds; any failure stops the benchmark.
wall_ms() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null || { echo "failed (exit $?): $*" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
wall_ms_in() {  # wall_ms_in FILE COMMAND...: the same with FILE on stdin
  local file=$1 start end; shift
  start=$(date +%s%N)
  "$@" < "$file" > /dev/null || { echo "failed (exit $?): $* < $file" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
median_ms() {  # median_ms RUNS COMMAND...
  local runs=$1 times=(); shift
  for ((i = 0; i < runs; i++)); do times+=("$(wall_ms "$@")"); done
  median "${times[@]}"
}
median_ms_in() {  # median_ms_in RUNS FILE COMMAND...
  local runs=$1 file=$2 times=(); shift 2
  for ((i = 0; i < runs; i++)); do times+=("$(wall_ms_in "$file" "$@")"); done
  median "${times[@]}"
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
peak_kb_in() { local file=$1; shift; /usr/bin/time -f %M "$@" < "$file" 2>&1 >/dev/null | tail -1; }

# Alternated, after one warm-up each, so that a noisy neighbour hurts all sides alike.
my "$db" < catalog_queries.sql > /dev/null
my "$db" < show_create.sql > /dev/null
"$bcdb" drift --db "$url" --manifests manifests --quiet
floor_times=() show_times=() drift_times=()
for ((r = 0; r < runs; r++)); do
  floor_times+=("$(wall_ms_in catalog_queries.sql my "$db")")
  show_times+=("$(wall_ms_in show_create.sql my "$db")")
  drift_times+=("$(wall_ms "$bcdb" drift --db "$url" --manifests manifests --quiet)")
done
floor=$(median "${floor_times[@]}")
show=$(median "${show_times[@]}")
drift=$(median "${drift_times[@]}")
prepared=$(median_ms_in "$runs" catalog_queries_prepared.sql my "$db")
inspect=$(median_ms "$runs" "$bcdb" inspect --db "$url" --out inspected --force --quiet)
version=$(median_ms "$runs" "$bcdb" --version)
connect=$(median_ms "$runs" my "$db" -e "SELECT 1")
floor_kb=$(peak_kb_in catalog_queries.sql mariadb --no-defaults -h"$my_host" -P"$my_port" -u"$my_user" "$db")
show_kb=$(peak_kb_in show_create.sql mariadb --no-defaults -h"$my_host" -P"$my_port" -u"$my_user" "$db")
drift_kb=$(peak_kb "$bcdb" drift --db "$url" --manifests manifests --quiet)
queries=$(grep -c '^-- k' catalog_queries.sql)

# --- where the time goes: one run each with the general log on (microsecond timestamps) -------
# log_rows FROM_NS TO_NS: the log rows of connections to $db in that time: epoch_s|kind|view or statement
log_rows() {
  local from="${1:0:-9}.${1: -9:6}" to="${2:0:-9}.${2: -9:6}"
  my -N -e "SELECT UNIX_TIMESTAMP(l.event_time), l.command_type,
      coalesce(nullif(regexp_substr(l.argument, '(?i)(?<=information_schema\\\\.)[a-z_]+'), ''),
               left(regexp_replace(l.argument, '\\\\s+', ' '), 40))
    FROM mysql.general_log l
    WHERE l.event_time BETWEEN FROM_UNIXTIME($from) AND FROM_UNIXTIME($to)
      AND l.thread_id IN (SELECT thread_id FROM mysql.general_log WHERE command_type = 'Connect'
        AND argument LIKE '% on $db %' AND event_time BETWEEN FROM_UNIXTIME($from) AND FROM_UNIXTIME($to))
    ORDER BY l.event_time" | tr '\t' '|'
}
breakdown=""
old_log=$(my -N -e "SELECT @@global.general_log, @@global.log_output" 2>/dev/null | tr '\t' ' ') || old_log=""
if [ -n "$old_log" ] && my -e "SET GLOBAL log_output = 'TABLE', general_log = 1" 2>/dev/null; then
  read -r old_on old_output <<< "$old_log"
  log_restore="SET GLOBAL general_log = $old_on, log_output = '$old_output'"
  t0=$(date +%s%N)
  my "$db" < catalog_queries.sql > /dev/null
  t1=$(date +%s%N)
  sleep 0.2
  t2=$(date +%s%N)
  "$bcdb" drift --db "$url" --manifests manifests --quiet > /dev/null
  t3=$(date +%s%N)
  sleep 0.2
  log_rows "$t0" "$t1" > log_floor
  log_rows "$t2" "$t3" > log_bcdb
  my -e "$log_restore"
  log_restore=""
  # The floor: one Query per view; its time runs to the next statement (the client reads and
  # prints the rows in between). bcdb: Prepare, Execute, Close stmt per view; Execute to Close
  # is the server's work plus bcdb reading the rows, Close to the next Prepare bcdb's own work.
  # bcdb's live inspection runs until its query of ENGINES, which starts the canonicalisation.
  breakdown=$(awk -F'|' -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" '
    FNR == 1 { file++ }
    file == 1 { ft[++fn] = $1; fk[fn] = $2; fv[fn] = $3; next }
    { bt[++bn] = $1; bk[bn] = $2; bv[bn] = $3 }
    function ms(x) { return sprintf("%.0f", x * 1000) }
    END {
      for (i = 1; i <= fn; i++) if (fk[i] == "Query") {
        end = i < fn ? ft[i + 1] : ft[fn]; floor_ms[fv[i]] = ms(end - ft[i]); if (!seen[fv[i]]++) order[++no] = fv[i]
      }
      live = 1; eng = 0
      for (i = 1; i <= bn; i++) {
        if (bk[i] == "Connect" && !conn) conn = bt[i]
        if (bk[i] == "Query" && bv[i] == "ENGINES") { live = 0; eng = bt[i] }
        if (bk[i] == "Query" && bv[i] == "COLLATIONS" && live && !first) first = bt[i]
        if (bk[i] == "Query" && index(bv[i], "DROP DATABASE") == 1 && i < bn) drop += bt[i + 1] - bt[i]
        if (bk[i] == "Quit") quit = bt[i]
        if (!live) continue
        v = bv[i]
        if (bk[i] == "Query" && v == "COLLATIONS") { ex[v] = ms(bt[i + 1] - bt[i]); own[v] = 0 }
        if (bk[i] == "Execute") { ex[v] = ms(bt[i + 1] - bt[i]); j = i + 2; own[v] = j <= bn ? ms(bt[j] - bt[i + 1]) : 0 }
        if (bk[i] == "Execute" || (bk[i] == "Query" && v == "COLLATIONS")) if (!seen[v]++) order[++no] = v
      }
      printf "  %-26s %12s  %s\n", "information_schema view", "mariadb (b)", "bcdb: execute + read rows / own work until the next query"
      for (k = 1; k <= no; k++) { v = order[k]; printf "  %-26s %9s ms  %6s ms / %s ms\n", v, floor_ms[v], ex[v], own[v] }
      printf "  floor (b) with the log on: %s ms whole process; first query to last %s ms\n", ms((t1 - t0) / 1e9), ms(ft[fn] - ft[1])
      printf "  bcdb drift with the log on: %s ms whole process =\n", ms((t3 - t2) / 1e9)
      printf "    %5s ms  start, manifests (in parallel), connect, session set-up\n", ms(first - t2 / 1e9)
      printf "    %5s ms  inspection of the live database (%s queries)\n", ms(eng - first), no
      printf "    %5s ms  canonicalisation: scratch database created, filled, inspected, dropped (the DROPs: %s ms)\n",
        ms(quit - eng), ms(drop)
      printf "    %5s ms  after the connection closed: compare, report, exit\n", ms(t3 / 1e9 - quit)
    }' log_floor log_bcdb)
else
  breakdown="  (no breakdown: SET GLOBAL general_log was refused; the user needs SUPER)"
fi

line() { printf '%-48s %s\n' "$1" "$2"; }
line "tables:" "$tables (15 columns, 3 indexes, 1 foreign key each; c02 varchar(200)); built in ${build_ms} ms"
line "server:" "$(my -N -e 'SELECT VERSION()')"
line "(b) mariadb, bcdb's information_schema queries:" "${floor} ms (median of $runs: ${floor_times[*]}), $queries queries, peak ${floor_kb} KB"
line "    the same as PREPARE/EXECUTE USING:" "${prepared} ms (median of $runs)"
line "(c) mariadb, SHOW CREATE TABLE x $tables:" "${show} ms (median of $runs: ${show_times[*]}), peak ${show_kb} KB"
line "(a) bcdb drift, whole process:" "${drift} ms (median of $runs: ${drift_times[*]}), peak ${drift_kb} KB"
line "ratio bcdb / (b):" "$(awk "BEGIN {printf \"%.2f\", $drift / ($floor > 0 ? $floor : 1)}")x (target: within 1.5x)"
line "ratio bcdb / (c):" "$(awk "BEGIN {printf \"%.2f\", $drift / ($show > 0 ? $show : 1)}")x"
line "bcdb inspect --out:" "${inspect} ms (median of $runs; inspection, no canonicalisation, but writes $tables manifest files)"
line "bcdb --version start-up:" "${version} ms; mariadb connect + SELECT 1: ${connect} ms"
echo "where the time goes (one more run of (b) and of bcdb drift with the general log on):"
echo "$breakdown"
