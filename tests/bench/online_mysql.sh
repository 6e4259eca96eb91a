#!/bin/bash
# Benchmark: schema changes on MariaDB under a constant write load, naive DDL against bcdb.
#
# accounts(id, owner_id, balance, status varchar(20), note varchar(40) NULL) holds ROWS rows
# (default 2,000,000) and owners(id) 100,000, filled from the SEQUENCE engine. loadgen.cpp
# (compiled here with g++ against mysqlcppconn) writes at a fixed rate (BCDB_BENCH_RATE,
# default 400 tx/s; each transaction updates one random account and inserts one) over 4
# connections, logging every transaction's latency counted from its scheduled start (as
# `pgbench -R` does), so a writer held by a lock, and the backlog behind it, shows up as late
# transactions. For each change
#   (a) an index on accounts(owner_id)          (b) a NOT NULL column with a constant default
#   (c) a foreign key accounts.owner_id -> owners
#   (d) note varchar(40) -> varchar(60)  (utf8mb4: 160 -> 240 bytes, the same 1-byte length prefix)
#   (e) note varchar(40) -> varchar(100) (160 -> 400 bytes: the length prefix grows to 2 bytes)
#   (f) hits int -> bigint (indexed)
# For (e) and (f), which the server can only make by copying the table, Percona's
# pt-online-schema-change (Debian's percona-toolkit, `apt-get install percona-toolkit`; its
# triggers and chunked copy are what bcdb's table copy, plan/recipes/table_copy.h, does too)
# runs the same change as a third contender. bcdb copies the table too (its default on MySQL;
# BCDB_BENCH_MIGRATE=--no-copy-tables measures the shadow column instead).
# the load starts, 3 s later the change runs, and the load stops 3 s after it ends; measured
# twice: the naive statement through the mariadb client (no ALGORITHM clause: the server picks;
# the foreign key with foreign_key_checks on, so the server must copy the table), then
# `bcdb migrate` with manifests describing the table after the change (no --allow-blocking
# unless bcdb refuses, exit 4; the table says so). Between runs the change is undone and the
# table analysed. Reported per run, over the transactions scheduled from 2 s before the change
# to 2 s after it: the longest write latency (the stall), the number of transactions over
# 100 ms, and the change's own wall time (bcdb: whole process, with the time of each step from
# its history table). A sampler polls information_schema.PROCESSLIST every 50 ms from one
# client session and names what ran while writers waited (in a lock wait such as "Waiting for
# table metadata lock", or 100 ms or more into a statement in any state: InnoDB's own waits show
# as "Commit", "Updating", ...), so a stall bcdb causes outside its planned steps (inspection,
# scratch database, history, migration lock, orphan checks) is attributed. The
# metadata_lock_info plugin is not assumed.
#
# usage: tests/bench/online_mysql.sh [BCDB_BINARY] [ROWS]     (default build/bcdb, 2000000)
#   BCDB_BENCH_MY_URL  the server (default mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test); the
#                      script creates and drops its own database there
#   BCDB_BENCH_RATE    loadgen target rate, transactions per second (default 400)
#   BCDB_BENCH_OPS     which changes to run, default "a b c d e f"
#   BCDB_BENCH_MIGRATE extra options for bcdb migrate (e.g. "--batch-time 10ms"; pt-online-
#                      schema-change runs with --chunk-time 0.1, bcdb's default batch time)
#   BCDB_BENCH_KEEP    set: keep the work folder (loadgen logs, sampler output, bcdb output)
# Needs g++ and libmysqlcppconn-dev (packaging/install-deps.sh). A throw-away server:
#   BCDB_DB_ROOT=/tmp/myb/db BCDB_MY_PORT=33099 packaging/dbservers.sh start mariadb
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
rows=${2:-2000000}
rate=${BCDB_BENCH_RATE:-400}
ops=${BCDB_BENCH_OPS:-a b c d e f}
read -r -a migrate_options <<< "${BCDB_BENCH_MIGRATE:-}"
server=${BCDB_BENCH_MY_URL:-mysql://bcdb:bcdb@127.0.0.1:33099/bcdb_test}
owners=100000
threads=4
lead=3 tail=3  # seconds of load before and after the change
. "$here/mysql_common.sh"
require_mysql_tools
parse_mysql_url "$server"
db=bcdb_bench_online_$$
url="${server%/*}/$db"

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  if [ -n "${BCDB_BENCH_KEEP:-}" ]; then echo "work files kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
now() { date +%s.%N; }
elapsed() { awk "BEGIN {printf \"%.2f\", $2 - $1}"; }

g++ -O2 -std=c++17 -pthread -I/usr/include "$here/loadgen.cpp" -o loadgen -lmysqlcppconn

# --- manifests: the table before (base) and after each change ------------------------------
name_a="index on accounts(owner_id)";      naive_a="ALTER TABLE accounts ADD INDEX accounts_owner_idx (owner_id)"
name_b="add column NOT NULL DEFAULT 0";    naive_b="ALTER TABLE accounts ADD COLUMN flag bigint NOT NULL DEFAULT 0"
name_c="foreign key owner_id -> owners";   naive_c="ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id)"
name_d="widen note varchar(40) -> (60)";   naive_d="ALTER TABLE accounts MODIFY note varchar(60) NULL"
name_e="widen note varchar(40) -> (100)";  naive_e="ALTER TABLE accounts MODIFY note varchar(100) NULL"
name_f="hits int -> bigint (indexed)";     naive_f="ALTER TABLE accounts MODIFY hits bigint NOT NULL DEFAULT 0"
pt_e="MODIFY note varchar(100) NULL"
pt_f="MODIFY hits bigint NOT NULL DEFAULT 0"
undo_a="ALTER TABLE accounts DROP INDEX accounts_owner_idx"
undo_b="ALTER TABLE accounts DROP COLUMN flag"
undo_c="ALTER TABLE accounts DROP FOREIGN KEY accounts_owner_fk, DROP INDEX IF EXISTS accounts_owner_fk"
undo_d="ALTER TABLE accounts MODIFY note varchar(40) NULL"
undo_e="ALTER TABLE accounts MODIFY note varchar(40) NULL"
undo_f="ALTER TABLE accounts MODIFY hits int NOT NULL DEFAULT 0"

write_manifests base ""
for op in $ops; do write_manifests "m_$op" "$op"; done

# --- the database: built from bcdb's own plan, then filled ---------------------------------
my -e "CREATE DATABASE $db"
"$bcdb" diff --format sql --db "$url" --manifests base | my "$db" > /dev/null
fill_start=$(now)
my "$db" > /dev/null <<EOF
SET SESSION unique_checks = 0, foreign_key_checks = 0;
INSERT INTO owners SELECT seq FROM seq_1_to_$owners;
INSERT INTO accounts SELECT seq, 1 + seq % $owners, seq % 1000, ELT(1 + seq % 3, 'open', 'frozen', 'closed'),
  concat('note ', seq), seq % 100000 FROM seq_1_to_$rows;
ANALYZE TABLE owners, accounts;
EOF
fill_s=$(elapsed "$fill_start" "$(now)")
"$bcdb" drift --db "$url" --manifests base --quiet || { echo "drift after the build is not clean" >&2; exit 1; }
"$bcdb" migrate --db "$url" --manifests base --quiet  # creates bcdb's history tables, changes nothing

# --- the sampler ---------------------------------------------------------------------------
# Every session in the database but the sampler's and idle ones: poll time, id, command, time
# in the state (ms), state, statement; and a row with id 0 that marks the poll. One poll is one
# statement, so its rows share NOW(6).
sampler_sql="SELECT UNIX_TIMESTAMP(NOW(6)), 0, 'poll', 0, '', '' UNION ALL
  SELECT UNIX_TIMESTAMP(NOW(6)), ID, COMMAND, TIME_MS, coalesce(STATE, ''),
  coalesce(left(regexp_replace(INFO, '\\\\s+', ' '), 160), '') FROM information_schema.PROCESSLIST
  WHERE DB = '$db' AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep';"
sampler_sql=${sampler_sql//$'\n'/ }
writer_re='^(UPDATE accounts SET balance|INSERT INTO accounts [(]id, owner_id|COMMIT)'

# measure LABEL COMMAND...: the load around one command; appends a row to results.
measure() {
  local label=$1; shift
  local log="$work/log_$label" sampler feeder load start end rc=0
  rm -f sampler.fifo && mkfifo sampler.fifo
  my -N -B "$db" < sampler.fifo > "samples_$label" 2>&1 &
  sampler=$!; pids+=("$sampler")
  (while :; do echo "$sampler_sql"; sleep 0.05; done) > sampler.fifo &
  feeder=$!; pids+=("$feeder")
  ./loadgen "$my_host" "$my_port" "$my_user" "$db" "$threads" "$rate" "$rows" "$owners" "$log" > "loadgen_$label.out" 2>&1 &
  load=$!; pids+=("$load")
  sleep $((lead + 1))  # loadgen starts its schedule 1 s after it starts, once connected
  kill -0 "$load" 2>/dev/null || { echo "loadgen stopped:" >&2; cat "loadgen_$label.out" >&2; exit 1; }
  start=$(now)
  "$@" > "ddl_$label.out" 2>&1 || rc=$?
  end=$(now)
  sleep "$tail"
  kill -TERM "$load"
  wait "$load" || { echo "loadgen failed:" >&2; cat "loadgen_$label.out" >&2; exit 1; }
  kill "$feeder" 2>/dev/null || true
  wait "$feeder" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true  # EOF on the fifo ends the client, which flushes its output
  pids=()
  [ -s "$log" ] || { echo "loadgen logged nothing:" >&2; cat "loadgen_$label.out" >&2; exit 1; }
  # scheduled_epoch_us latency_us thread error
  awk -v from="$start" -v to="$end" -v lead=2 -v tail=2 '
    { sched = $1 / 1e6
      if (sched < from - lead || sched > to + tail) next
      n++; if ($2 > max) max = $2; if ($2 > 100000) slow++; if ($4 != 0) failed++ }
    END { printf "%.0f %d %d %d\n", max / 1000, slow, n, failed }' "$log" > "stats_$label"
  echo "$label $(cat "stats_$label") $(elapsed "$start" "$end") $rc" >> results
}

# What ran while writers waited, per sampler poll, by statement: a writer counts as waiting
# when it is in a lock wait or 100 ms into its statement (InnoDB waits show in other states).
stalls() {
  local f="samples_$1"
  [ -s "$f" ] || { echo "    (the sampler recorded nothing)"; return; }
  awk -F'\t' -v re="$writer_re" '
    NF < 6 || $2 == 0 { next }
    { ts = $1; state = $5; info = $6; writer = info ~ re
      if (writer) {
        if ((state ~ /[Ll]ock/ || $4 >= 100) && (!(ts in wstate) || $4 > wms[ts])) { wstate[ts] = state; wms[ts] = $4 }
        next
      }
      if (info != "") {
        what = substr(info, 1, 140) " [" (state == "" ? $3 : state) "]"
        others[ts] = others[ts] (others[ts] == "" ? "" : " + ") what
        if (state ~ /[Ll]ock/) { k = "not a writer, waiting: " substr(info, 1, 140) " [" state "]"; if (!seen[k, ts]++) n[k]++ }
      }
    }
    END {
      for (ts in wstate) { k = "writers (" wstate[ts] ") while: " (ts in others ? others[ts] : "(nothing else in the database)"); n[k]++ }
      for (k in n) printf "    %4d samples (~%d ms): %s\n", n[k], n[k] * 50, k
    }' "$f" | sort -rn | head -8
  local polls; polls=$(awk -F'\t' '$2 == 0' "$f" | wc -l)
  [ -n "$(awk -F'\t' -v re="$writer_re" '$6 ~ re && ($5 ~ /[Ll]ock/ || $4 >= 100)' "$f" | head -1)" ] ||
    echo "    (no writer seen waiting in $polls polls)"
  grep -m1 -v -P '^\d' "$f" | sed 's/^/    sampler: /' || true
}

bcdb_steps() {  # the last run's steps from bcdb's history
  my -N -B "$db" -e "SELECT concat('    step ', ordinal), phase, safety, summary,
      concat(round(duration_ms), ' ms'), concat(attempts, ' attempt(s)'), status
    FROM bcdb_migration_steps WHERE migration_id = (SELECT max(migration_id) FROM bcdb_migration_steps)
    ORDER BY ordinal" | sed 's/\t/ | /g'
}

reset() {  # reset OP: undo the change, analyse, and check that the table is the base again
  my "$db" -e "$1" > /dev/null
  my "$db" -e "ANALYZE TABLE accounts" > /dev/null
  "$bcdb" drift --db "$url" --manifests base --quiet > /dev/null || {
    echo "after the reset the table is not the base one:" >&2
    "$bcdb" drift --db "$url" --manifests base >&2 || true
    exit 1
  }
}

run_bcdb() {  # run_bcdb DIR: bcdb migrate; if it refuses (exit 4), again with --allow-blocking
  local rc=0
  "$bcdb" migrate --db "$url" --manifests "$1" --no-color "${migrate_options[@]}" || rc=$?
  if [ "$rc" -eq 4 ]; then
    echo "bcdb refused without --allow-blocking (exit 4); retrying with it"
    "$bcdb" migrate --db "$url" --manifests "$1" --no-color --allow-blocking "${migrate_options[@]}"
  else
    return "$rc"
  fi
}

rc_of() { awk '{print $NF}' <<< "$(grep "^$1 " results)"; }
undo_after() {  # undo_after LABEL UNDO: undo the change; after a failed run there may be nothing to undo
  if [ "$(rc_of "$1")" = 0 ]; then reset "$2"; else my "$db" -e "$2" > /dev/null 2>&1 || true; reset "SELECT 1"; fi
}

measure control sleep 0
for op in $ops; do
  name="name_$op" naive="naive_$op" undo="undo_$op"
  measure "naive_$op" my "$db" -e "${!naive}"
  "$bcdb" drift --db "$url" --manifests "m_$op" --quiet > /dev/null || echo "note: after the naive $op, bcdb drift against the manifests of $op is not clean" >&2
  undo_after "naive_$op" "${!undo}"
  {
    echo "== ($op) ${!name}"
    echo "  naive: ${!naive}"
    [ "$(rc_of "naive_$op")" = 0 ] || { echo "  naive statement FAILED:"; sed 's/^/    /' "ddl_naive_$op.out"; }
    echo "  naive run, what writers waited behind (PROCESSLIST every 50 ms):"
    stalls "naive_$op"
    echo "  bcdb plan (bcdb diff):"
    "$bcdb" diff --db "$url" --manifests "m_$op" --no-color | sed 's/^/    /'
  } >> details 2>&1
  measure "bcdb_$op" run_bcdb "m_$op"
  {
    if grep -q "refused without --allow-blocking" "ddl_bcdb_$op.out"; then
      echo "  bcdb REFUSED without --allow-blocking (exit 4); measured with it. Its words:"
      sed -n '1,/refused without --allow-blocking/p' "ddl_bcdb_$op.out" | grep -v "refused without --allow-blocking" | sed 's/^/    /'
    fi
    [ "$(rc_of "bcdb_$op")" = 0 ] || { echo "  bcdb migrate FAILED:"; sed 's/^/    /' "ddl_bcdb_$op.out"; }
    grep -q "error 1846" "ddl_bcdb_$op.out" && echo "  the server REFUSED the ALGORITHM bcdb named (error 1846)"
    echo "  bcdb steps (bcdb_migration_steps):"
    bcdb_steps
    echo "  bcdb run, what writers waited behind (PROCESSLIST every 50 ms):"
    stalls "bcdb_$op"
  } >> details 2>&1
  if [ "$(rc_of "bcdb_$op")" = 0 ]; then
    "$bcdb" drift --db "$url" --manifests "m_$op" --quiet > /dev/null || {
      cat details; echo "after bcdb migrate of $op, drift is not clean; bcdb's output:"; cat "ddl_bcdb_$op.out"; exit 1
    } >&2
  fi
  undo_after "bcdb_$op" "${!undo}"
  pt="pt_$op"
  if [ -n "${!pt:-}" ]; then
    measure "pt_$op" pt-online-schema-change --alter "${!pt}" --execute --no-check-alter --recursion-method=none \
      --chunk-time 0.1 "h=$my_host,P=$my_port,u=$my_user,p=$MYSQL_PWD,D=$db,t=accounts"
    [ "$(rc_of "pt_$op")" = 0 ] || { echo "  pt-online-schema-change FAILED:"; sed 's/^/    /' "ddl_pt_$op.out"; } >> details
    undo_after "pt_$op" "${!undo}"
  fi
done

echo "== none (control, load only)"
echo "  what writers waited behind (PROCESSLIST every 50 ms; a writer waits when in a lock wait or >= 100 ms into its statement):"
stalls control
cat details
echo
echo "server: $(my -N -e 'SELECT VERSION()'), innodb_buffer_pool_size $(my -N -e 'SELECT @@innodb_buffer_pool_size DIV 1048576')M," \
  "lock_wait_timeout $(my -N -e 'SELECT @@lock_wait_timeout') s (bcdb sets its own session's: --lock-timeout, default 2 s)"
echo "rows: $rows accounts, $owners owners (filled in ${fill_s} s); load: loadgen $threads connections at $rate tx/s, UPDATE + INSERT per transaction"
echo "window: transactions scheduled from 2 s before the change to 2 s after it; stall = longest latency from the scheduled start"
printf '%-35s | %-34s | %-34s | %-34s\n' "" "naive (mariadb client)" "bcdb migrate" "pt-online-schema-change"
printf '%-35s | %-34s | %-34s | %-34s\n' "operation" "max stall ms  tx>100ms  ddl s" "max stall ms  tx>100ms  ddl s" "max stall ms  tx>100ms  ddl s"
row() {  # row LABEL: "max slow n failed ddl rc"
  local r; r=$(grep "^$1 " results | cut -d' ' -f2-)
  read -r max slow n failed ddl rc <<< "$r"
  local mark=""; [ "$rc" = 0 ] || mark=" (exit $rc)"
  grep -q "refused without --allow-blocking" "ddl_$1.out" 2>/dev/null && mark=" *blocking"
  [ "$failed" = 0 ] || mark="$mark !$failed tx failed"
  printf '%12s  %8s  %6s%s' "$max" "$slow/$n" "$ddl" "$mark"
}
printf '%-35s | %-34s | %s\n' "none (control, load only)" "$(row control)" ""
for op in $ops; do
  name="name_$op"
  pt="pt_$op"; third=""; [ -n "${!pt:-}" ] && third=$(row "pt_$op")
  printf '%-35s | %-34s | %-34s | %-34s\n' "($op) ${!name}" "$(row "naive_$op")" "$(row "bcdb_$op")" "$third"
done
echo "(tx>100ms is slow/total in the window; *blocking: bcdb refused without --allow-blocking (exit 4) and ran with it;"
echo " bcdb's ddl s is the whole process: connect, inspect, scratch database, plan, history, orphan checks, steps)"
