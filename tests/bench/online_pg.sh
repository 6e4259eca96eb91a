#!/bin/bash
# Benchmark: schema changes on PostgreSQL under a constant write load, naive DDL against bcdb.
#
# accounts(id, owner_id, balance, status, note) holds ROWS rows (default 2,000,000) and
# owners(id) 100,000; customers(id int) ROWS rows, and orders(customer_id -> customers) ROWS rows.
# pgbench writes at a fixed rate (BCDB_BENCH_RATE, default 400 tx/s; each transaction updates
# one random account and inserts one, updates one customer and inserts an order of theirs) with
# 4 clients, logging every
# transaction's latency. With -R the latency counts from the scheduled start, so a writer held
# by a lock, and the backlog behind it, shows up as late transactions. For each change
#   (a) an index on accounts(owner_id)       (b) a foreign key accounts.owner_id -> owners
#   (c) a check balance >= 0                 (d) a NOT NULL column with a constant default
#   (e) SET NOT NULL on the filled nullable column note
#   (f) int -> bigint on the indexed column hits (a rewrite: bcdb's shadow column and cut-over)
#   (g) int -> bigint on the primary key customers.id that orders.customer_id references, and on
#       orders.customer_id (the sequence-overflow fix: shadows on both, one cut-over)
# the load starts, 3 s later the change runs, and the load stops 3 s after it ends; measured
# twice: the naive statement through psql, then `bcdb migrate` with manifests describing the
# table after the change (no --allow-blocking unless bcdb refuses; the table says so). Between
# runs the change is undone and the table vacuumed. Reported per run, over the transactions
# scheduled from 2 s before the change to 2 s after it: the longest write latency (the stall),
# the number of transactions over 100 ms, and the change's own wall time (bcdb: whole process,
# with the time of each step from its history table). A sampler polls pg_stat_activity every
# 50 ms and names the statement that writers waited behind, so a stall bcdb causes outside its
# planned steps (inspection, scratch schema, history, migration lock) is attributed.
#
# usage: tests/bench/online_pg.sh [BCDB_BINARY] [ROWS]     (default build/bcdb, 2000000)
#   BCDB_BENCH_PG_URL  the server (default postgres://postgres@127.0.0.1:54399/postgres); the
#                      script creates and drops its own database there
#   BCDB_BENCH_RATE    pgbench target rate, transactions per second (default 400)
#   BCDB_BENCH_OPS     which changes to run, default "a b c d e f g"
#   BCDB_BENCH_MIGRATE extra options for bcdb migrate (e.g. "--batch-time 10ms": shorter
#                      batches hold each row lock for less time, so writers wait less)
#   BCDB_BENCH_KEEP    set: keep the work folder (pgbench logs, sampler output, bcdb output)
# A throw-away server: BCDB_DB_ROOT=/tmp/pgb/db BCDB_PG_PORT=54399 packaging/dbservers.sh start postgres
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bcdb=$(realpath "${1:-$here/../../build/bcdb}")
rows=${2:-2000000}
rate=${BCDB_BENCH_RATE:-400}
ops=${BCDB_BENCH_OPS:-a b c d e f g}
read -r -a migrate_options <<< "${BCDB_BENCH_MIGRATE:-}"
server=${BCDB_BENCH_PG_URL:-postgres://postgres@127.0.0.1:54399/postgres}
pg_bin=/usr/lib/postgresql/15/bin  # not /usr/bin: Debian's Perl wrappers add ~50 ms a start
owners=100000
lead=3 tail=3  # seconds of load before and after the change
psql() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
for b in psql pgbench; do  # postgresql-client-15 and postgresql-15 (packaging/install-deps.sh), no contrib
  [ -x "$pg_bin/$b" ] || { echo "$pg_bin/$b not found; run packaging/install-deps.sh" >&2; exit 2; }
done

db=bcdb_bench_online_$$
query=""
[[ $server == *\?* ]] && query="?${server#*\?}"
url="${server%%\?*}"
url="${url%/*}/$db$query"

work=$(mktemp -d /tmp/bcdb-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  psql -d "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  if [ -n "${BCDB_BENCH_KEEP:-}" ]; then echo "work files kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
now() { date +%s.%N; }
elapsed() { awk "BEGIN {printf \"%.2f\", $2 - $1}"; }

# --- manifests: the table before (base) and after each change ------------------------------
name_a="index on accounts(owner_id)";      naive_a="CREATE INDEX accounts_owner_idx ON accounts (owner_id)"
name_b="foreign key owner_id -> owners";   naive_b="ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id)"
name_c="check balance >= 0";               naive_c="ALTER TABLE accounts ADD CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0)"
name_d="add column NOT NULL DEFAULT 0";    naive_d="ALTER TABLE accounts ADD COLUMN flag bigint NOT NULL DEFAULT 0"
name_e="SET NOT NULL on note (filled)";    naive_e="ALTER TABLE accounts ALTER COLUMN note SET NOT NULL"
name_f="int -> bigint on hits (indexed)";  naive_f="ALTER TABLE accounts ALTER COLUMN hits TYPE bigint"
name_g="int -> bigint, referenced key";  naive_g="ALTER TABLE customers ALTER COLUMN id TYPE bigint; ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint"
undo_a="DROP INDEX accounts_owner_idx"
undo_b="ALTER TABLE accounts DROP CONSTRAINT accounts_owner_fk"
undo_c="ALTER TABLE accounts DROP CONSTRAINT accounts_balance_nonneg"
undo_d="ALTER TABLE accounts DROP COLUMN flag"
undo_e="ALTER TABLE accounts ALTER COLUMN note DROP NOT NULL"
undo_f="ALTER TABLE accounts ALTER COLUMN hits TYPE integer"
undo_g="ALTER TABLE orders ALTER COLUMN customer_id TYPE integer; ALTER TABLE customers ALTER COLUMN id TYPE integer"

write_manifests() {  # write_manifests DIR OP   (OP "" for the base)
  local dir=$1 op=$2 note_null=", nullable = true" extra="" flag="" hits="int32" owner_idx="" key="int32"
  mkdir -p "$dir"
  cat > "$dir/owners.toml" <<'EOF'
[tables.owners]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
EOF
  [ "$op" = g ] && key="int64"
  cat > "$dir/customers.toml" <<EOF
[tables.customers]
primary_key = ["id"]
columns = [ { name = "id", type = "$key" }, { name = "name", type = "text" }, { name = "visits", type = "int64", default = "0" } ]

[tables.orders]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true }, { name = "customer_id", type = "$key" }, { name = "amount", type = "int64" } ]
indexes = [ { name = "orders_customer_idx", columns = ["customer_id"] } ]
foreign_keys = [ { name = "orders_customer_fk", columns = ["customer_id"], references = { table = "customers", columns = ["id"] } } ]
EOF
  case $op in
    a) owner_idx=', { name = "accounts_owner_idx", columns = ["owner_id"] }' ;;
    b) extra='foreign_keys = [ { name = "accounts_owner_fk", columns = ["owner_id"], references = { table = "owners", columns = ["id"] } } ]' ;;
    c) extra='checks = [ { name = "accounts_balance_nonneg", expr = "balance >= 0" } ]' ;;
    d) flag='  { name = "flag", type = "int64", default = "0" },' ;;
    e) note_null="" ;;
    f) hits="int64" ;;
  esac
  cat > "$dir/accounts.toml" <<EOF
[tables.accounts]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "owner_id", type = "int64" },
  { name = "balance", type = "int64" },
  { name = "status", type = "text" },
  { name = "note", type = "text"$note_null },
  { name = "hits", type = "$hits", default = "0" },
$flag
]
indexes = [ { name = "accounts_hits_idx", columns = ["hits"] }$owner_idx ]
$extra
EOF
}
write_manifests base ""
for op in $ops; do write_manifests "m_$op" "$op"; done

# --- the database: built from bcdb's own plan, then filled ---------------------------------
psql -d "$server" -c "CREATE DATABASE $db"
"$bcdb" diff --format sql --db "$url" --manifests base | psql -d "$url" > /dev/null
fill_start=$(now)
psql -d "$url" <<EOF
INSERT INTO owners SELECT g FROM generate_series(1, $owners) g;
INSERT INTO accounts SELECT g, 1 + g % $owners, g % 1000, (ARRAY['open', 'frozen', 'closed'])[1 + g % 3],
  'note ' || g, g % 100000 FROM generate_series(1, $rows) g;
INSERT INTO customers SELECT g, 'customer ' || g, 0 FROM generate_series(1, $rows) g;
INSERT INTO orders (customer_id, amount) SELECT 1 + g % $rows, g FROM generate_series(1, $rows) g;
VACUUM ANALYZE owners;
VACUUM ANALYZE accounts;
VACUUM ANALYZE customers;
VACUUM ANALYZE orders;
EOF
fill_s=$(elapsed "$fill_start" "$(now)")
"$bcdb" drift --db "$url" --manifests base --quiet || { echo "drift after the build is not clean" >&2; exit 1; }
"$bcdb" migrate --db "$url" --manifests base --quiet  # creates bcdb's history tables, changes nothing

# --- the load ------------------------------------------------------------------------------
cat > load.sql <<'EOF'
\set id random(1, :rows)
\set owner random(1, :owners)
\set fresh random(:rows + 1, 9000000000000000000)
\set customer random(1, :rows)
BEGIN;
UPDATE accounts SET balance = balance + 1 WHERE id = :id;
INSERT INTO accounts (id, owner_id, balance, status, note) VALUES (:fresh, :owner, 0, 'open', 'new');
UPDATE customers SET visits = visits + 1 WHERE id = :customer;
INSERT INTO orders (customer_id, amount) VALUES (:customer, 1);
END;
EOF
# Writers (application_name pgbench) and everyone else waiting for a lock, with what blocks them.
cat > sampler.sql <<'EOF'
SELECT extract(epoch FROM statement_timestamp()), a.application_name, a.pid, b.application_name, b.pid,
       regexp_replace(left(a.query, 100), '\s+', ' ', 'g'), regexp_replace(left(b.query, 160), '\s+', ' ', 'g'),
       b.state
FROM pg_stat_activity a
CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS blocker(pid)
JOIN pg_stat_activity b ON b.pid = blocker.pid
WHERE a.wait_event_type = 'Lock' AND a.datname = current_database() \watch 0.05
EOF

# measure LABEL COMMAND...: the load around one command; appends a row to results.
measure() {
  local label=$1; shift
  local prefix="$work/log_$label" sampler load start end rc=0
  "$pg_bin/psql" -X -q -At -F '|' -d "$url" -f sampler.sql > "samples_$label" 2>/dev/null &
  sampler=$!; pids+=("$sampler")
  "$pg_bin/pgbench" -n -c 4 -j 2 -R "$rate" -T 3600 -l --log-prefix="$prefix" -f load.sql \
    -D rows="$rows" -D owners="$owners" "$url" > "pgbench_$label.out" 2>&1 &
  load=$!; pids+=("$load")
  sleep "$lead"
  start=$(now)
  "$@" > "ddl_$label.out" 2>&1 || rc=$?
  end=$(now)
  sleep "$tail"
  # Ending the load: terminating its sessions makes pgbench finish and write its logs.
  psql -d "$url" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE application_name = 'pgbench' AND datname = current_database()" > /dev/null
  wait "$load" 2>/dev/null || true
  kill -INT "$sampler" 2>/dev/null || true  # ends \watch; psql then exits and flushes
  wait "$sampler" 2>/dev/null || true
  pids=()
  [ "$(cat "$prefix".* | wc -l)" -gt 0 ] || { echo "pgbench logged nothing:" >&2; cat "pgbench_$label.out" >&2; exit 1; }
  # client tx latency_us script epoch_s epoch_us lag_us: scheduled start = end - latency
  cat "$prefix".* | awk -v from="$start" -v to="$end" -v lead=2 -v tail=2 '
    { done_at = $5 + $6 / 1e6; sched = done_at - $3 / 1e6
      if (sched < from - lead || sched > to + tail) next
      n++; if ($3 > max) max = $3; if ($3 > 100000) slow++ }
    END { printf "%.0f %d %d\n", max / 1000, slow, n }' > "stats_$label"
  echo "$label $(cat "stats_$label") $(elapsed "$start" "$end") $rc" >> results
}

# Writers' lock waits seen by the sampler during one run, by blocking statement.
stalls() {
  [ -n "$(tr -d '[:space:]' < "samples_$1")" ] || { echo "    (no lock waits seen)"; return; }
  # One sample is one poll (its timestamp); several writers may wait in the same one.
  awk -F'|' '$2 == "pgbench" { k = $7 " [" $4 ", " $8 "]"; if (!seen[k, $1]++) n[k]++ }
    END { for (q in n) printf "    %4d samples (~%d ms): writers waited behind %s\n", n[q], n[q] * 50, q }' \
    "samples_$1" | sort -rn
  awk -F'|' '$2 != "pgbench" && $2 != "" { k = $2 " waited behind " $4 ": " $7; if (!seen[k, $1]++) n[k]++ }
    END { for (q in n) printf "    %4d samples (~%d ms): %s\n", n[q], n[q] * 50, q }' \
    "samples_$1" | sort -rn
}

bcdb_steps() {  # the last run's steps from bcdb's history
  "$pg_bin/psql" -X -At -F ' | ' -d "$url" -c "SELECT '    step ' || ordinal, phase, safety, summary,
      round(duration_ms::numeric) || ' ms', attempts || ' attempt(s)', status
    FROM bcdb_migration_steps WHERE migration_id = (SELECT max(migration_id) FROM bcdb_migration_steps)
    ORDER BY ordinal"
}

reset() {  # reset OP: undo the change, vacuum, and check that the table is the base again
  psql -d "$url" -c "$1" > /dev/null
  psql -d "$url" -c "VACUUM ANALYZE accounts" -c "VACUUM ANALYZE customers" -c "VACUUM ANALYZE orders" > /dev/null
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
    echo "bcdb refused without --allow-blocking; retrying with it"
    "$bcdb" migrate --db "$url" --manifests "$1" --no-color --allow-blocking "${migrate_options[@]}"
  else
    return "$rc"
  fi
}

measure control sleep 0
details=""
for op in $ops; do
  name="name_$op" naive="naive_$op" undo="undo_$op"
  measure "naive_$op" psql -d "$url" -c "${!naive}"
  "$bcdb" drift --db "$url" --manifests "m_$op" --quiet > /dev/null || echo "note: after the naive $op, bcdb drift against the manifests of $op is not clean" >&2
  reset "${!undo}"
  {
    echo "== ($op) ${!name}"
    echo "  naive: ${!naive}"
    stalls "naive_$op"
    echo "  bcdb plan (bcdb diff):"
    "$bcdb" diff --db "$url" --manifests "m_$op" --no-color | sed 's/^/    /'
  } >> details 2>&1
  measure "bcdb_$op" run_bcdb "m_$op"
  {
    grep -q "refused without --allow-blocking" "ddl_bcdb_$op.out" && echo "  bcdb REFUSED without --allow-blocking; measured with it"
    [ "$(awk '{print $NF}' <<< "$(grep "^bcdb_$op " results)")" = 0 ] || { echo "  bcdb migrate FAILED:"; sed 's/^/    /' "ddl_bcdb_$op.out"; }
    echo "  bcdb steps (bcdb_migration_steps):"
    bcdb_steps
    echo "  bcdb run, writers' lock waits sampled every 50 ms:"
    stalls "bcdb_$op"
  } >> details 2>&1
  "$bcdb" drift --db "$url" --manifests "m_$op" --quiet > /dev/null || {
    cat details; echo "after bcdb migrate of $op, drift is not clean; bcdb's output:"; cat "ddl_bcdb_$op.out"; exit 1
  } >&2
  reset "${!undo}"
done

cat details
echo
echo "rows: $rows accounts, $owners owners (filled in ${fill_s} s); load: pgbench -c 4 -j 2 -R $rate, UPDATE + INSERT of accounts, UPDATE of customers + INSERT of orders per transaction"
echo "window: transactions scheduled from 2 s before the change to 2 s after it; stall = longest latency from the scheduled start"
printf '%-35s | %-34s | %-34s\n' "" "naive (psql)" "bcdb migrate"
printf '%-35s | %-34s | %-34s\n' "operation" "max stall ms  tx>100ms  ddl s" "max stall ms  tx>100ms  ddl s"
row() {  # row LABEL: "max slow n ddl rc"
  local r; r=$(grep "^$1 " results | cut -d' ' -f2-)
  read -r max slow n ddl rc <<< "$r"
  local mark=""; [ "$rc" = 0 ] || mark=" (exit $rc)"
  grep -q "refused without --allow-blocking" "ddl_$1.out" 2>/dev/null && mark=" *blocking"
  printf '%12s  %8s  %6s%s' "$max" "$slow/$n" "$ddl" "$mark"
}
printf '%-35s | %-34s | %s\n' "none (control, load only)" "$(row control)" ""
for op in $ops; do
  name="name_$op"
  printf '%-35s | %-34s | %-34s\n' "($op) ${!name}" "$(row "naive_$op")" "$(row "bcdb_$op")"
done
echo "(tx>100ms is slow/total in the window; bcdb's ddl s is the whole process: connect, inspect, scratch schema, plan, history, steps)"
