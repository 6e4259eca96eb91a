// bcdb on PostgreSQL, end to end through the binary against the test server.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "dialect/dialect.h"
#include "json_schema.h"
#include "server_project.h"
#include "pg_rich_schema.h"
#include "process.h"
#include "../e2e/schemas_fixture.h"

using namespace bcdb::test;

namespace {

const std::string kPgShopRows = R"sql(
INSERT INTO customers (id, email, legacy_code) VALUES (1, 'ada@example.com', 'A1'), (2, 'bob@example.com', NULL);
INSERT INTO orders (id, customer_id, status, total, note) VALUES
  (10, 1, 'new', 12.50, 'first'), (11, 1, 'paid', 99.99, 'second'), (12, 2, 'new', 0, 'third');
)sql";

}  // namespace

TEST_CASE("postgres: first migrate creates the schema, the second finds nothing to do") {
  PgProject p;
  p.manifests(kShopBefore);
  auto first = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(p.db().scalar("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('customers', 'orders')") == "2");
  auto second = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(contains(second.out, "nothing to do"));
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  CHECK(p.db().scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "succeeded");
}

TEST_CASE("postgres: the plan uses the online forms and keeps every row") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kPgShopRows);
  p.manifests(kShopAfter);
  auto diff = p.bcdb({"diff"});
  REQUIRE_MESSAGE(diff.exit_code == 0, diff.err);
  for (const char* expected :
       {"CREATE INDEX CONCURRENTLY", "NOT VALID", "VALIDATE CONSTRAINT", "CREATE UNIQUE INDEX CONCURRENTLY",
        "UNIQUE USING INDEX", "DROP NOT NULL", "SET DEFAULT 'pending'", "DROP COLUMN \"legacy_code\""})
    CHECK_MESSAGE(contains(diff.out, expected), expected << " missing from:\n" << diff.out);
  CHECK(schema_errors("plan.schema.json", p.bcdb({"diff", "--format", "json"}).out) == "");

  auto migrate = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  CHECK_MESSAGE(p.bcdb({"drift"}).exit_code == 0, p.bcdb({"drift"}).out);
  CHECK(p.db().rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"10", "1", "new", "12.50", "first"},
                                              {"11", "1", "paid", "99.99", "second"},
                                              {"12", "2", "new", "0.00", "third"}});
  CHECK(p.db().scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0");
}

TEST_CASE("postgres: SET NOT NULL goes through a validated check") {
  PgProject p;
  p.manifests(R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true }, { name = "body", type = "text", nullable = true } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO notes (body) VALUES ('a'), ('b')");
  p.manifests(R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true }, { name = "body", type = "text" } ]
)toml");
  auto diff = p.bcdb({"diff"});
  CHECK(contains(diff.out, "CHECK (\"body\" IS NOT NULL) NOT VALID"));
  CHECK(contains(diff.out, "VALIDATE CONSTRAINT"));
  CHECK(contains(diff.out, "SET NOT NULL"));
  auto r = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(p.db().scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'body'") == "t");
  CHECK(p.db().scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = 'notes'::regclass AND contype = 'c'") == "0");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("postgres: a rewriting type change is refused without --allow-blocking") {
  PgProject p;
  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int32" }, { name = "label", type = "varchar(10)" } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO counters SELECT g, 'x' FROM generate_series(1, 20000) g; ANALYZE counters");
  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "label", type = "varchar(10)" } ]
)toml");
  std::string before = p.db().scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'counters'::regclass AND attname = 'id'");
  auto refused = p.bcdb({"migrate"});
  CHECK(refused.exit_code == 4);
  CHECK(contains(refused.err, "rewrite"));
  CHECK(contains(refused.err, "--allow-blocking"));
  CHECK(p.db().scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'counters'::regclass AND attname = 'id'") == before);
  REQUIRE(p.bcdb({"migrate", "--allow-blocking"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT count(*) FROM counters") == "20000");

  // Widening a varchar is metadata only: no flag needed.
  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "label", type = "varchar(40)" } ]
)toml");
  auto widen = p.bcdb({"migrate", "--format", "json"});
  REQUIRE_MESSAGE(widen.exit_code == 0, widen.err);
  CHECK(contains(widen.out, "\"safety\": \"brief-lock\""));
}

TEST_CASE("postgres: a volatile default is a rewrite, a constant one is not") {
  PgProject p;
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO t SELECT g FROM generate_series(1, 50000) g; ANALYZE t");
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32", default = "0" },
            { name = "b", type = "float64", default = "random()" } ]
)toml");
  auto plan = p.bcdb({"diff"});
  CHECK(contains(plan.out, "volatile function random()"));
  CHECK(contains(plan.out, "brief-lock  add column t.a"));
  CHECK(contains(plan.out, "rewrite     add column t.b"));
}

TEST_CASE("postgres: a statement waits at most --lock-timeout for a lock, and is retried") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::string altered = kShopBefore;
  altered.replace(altered.find("{ name = \"note\", type = \"text\" }"), 33, "{ name = \"note\", type = \"text\", nullable = true }");
  p.manifests(altered);
  // Another session holds a lock that conflicts with ALTER TABLE for the whole run.
  auto blocker = open_session(p.db().url_as("bcdb_test_other"));
  blocker->begin();
  blocker->execute("LOCK TABLE orders IN ACCESS SHARE MODE");
  auto r = p.bcdb({"migrate", "--lock-timeout", "100ms", "--retries", "2"});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, "did not get its lock after 3 attempts"));
  CHECK(contains(r.out, "retry 1"));
  CHECK(p.db().scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "failed");
  // Released while bcdb backs off: the retry succeeds.
  Spawned run(bcdb_binary(), {"migrate", "--lock-timeout", "200ms", "--retries", "5"}, p.dir(),
              {{"BCDB_DATABASE_URL", p.db().url()}});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  blocker->rollback();
  auto ok = run.wait();
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("postgres: two migrate runs at once on a plan that builds an index concurrently both finish") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO customers (id, email) SELECT g, 'c' || g FROM generate_series(0, 99) g;"
              "INSERT INTO orders (customer_id, total, note) SELECT g % 100, g, 'n' FROM generate_series(1, 50000) g");
  p.manifests(kShopAfter);
  std::map<std::string, std::string> env = {{"BCDB_DATABASE_URL", p.db().url()}, {"BCDB_TEST_STEP_DELAY_MS", "30"}};
  std::vector<std::string> args = {"migrate", "--allow-destructive", "--allow-blocking"};
  Spawned a(bcdb_binary(), args, p.dir(), env), b(bcdb_binary(), args, p.dir(), env);
  auto ra = a.wait(), rb = b.wait();
  REQUIRE_MESSAGE(ra.exit_code == 0, ra.err);
  REQUIRE_MESSAGE(rb.exit_code == 0, rb.err);
  CHECK(contains(ra.out + rb.out, "nothing to do"));
  CHECK(contains(ra.out + rb.out, "waiting for the migration lock"));
  // Besides the run that created the tables, exactly one run applied steps.
  CHECK(p.db().scalar("SELECT count(DISTINCT migration_id) FROM bcdb_migration_steps WHERE migration_id > 1") == "1");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("postgres: a run killed after a step is finished by the next") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kPgShopRows);
  p.manifests(kShopAfter);
  auto killed = p.bcdb({"migrate", "--allow-destructive"}, {{"BCDB_TEST_KILL_AFTER_STEP", "3"}});
  REQUIRE(killed.signal == SIGKILL);
  CHECK(p.bcdb({"drift"}).exit_code == 1);
  auto again = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(contains(again.out, "earlier run stopped before finishing"));
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT count(*) FROM orders") == "3");
}

TEST_CASE("postgres: a run killed inside CREATE INDEX CONCURRENTLY leaves an INVALID index the next run rebuilds") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::string indexed = kShopBefore + "";
  indexed.replace(indexed.find("[tables.orders]"), 15,
                  "[tables.orders]\nindexes = [ { name = \"orders_status_idx\", columns = [\"status\"] } ]");
  p.manifests(indexed);
  // An open transaction with a snapshot makes the concurrent build wait in its last phase,
  // after the catalog already holds the (not yet valid) index.
  auto holder = open_session(p.db().url_as("bcdb_test_other"));
  holder->execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  holder->query("SELECT count(*) FROM customers");
  Spawned run(bcdb_binary(), {"migrate"}, p.dir(), {{"BCDB_DATABASE_URL", p.db().url()}});
  for (int i = 0; i < 100 && p.db().scalar("SELECT count(*) FROM pg_class WHERE relname = 'orders_status_idx'") == "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(run.pid(), SIGKILL);
  run.wait();
  // The crash takes bcdb's server session with it (as a lost connection would), which aborts
  // the build half-way.
  p.db().rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND application_name = 'bcdb'");
  holder->rollback();
  CHECK(p.db().scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_status_idx'::regclass") == "f");
  auto drift = p.bcdb({"drift"});
  CHECK(drift.exit_code == 1);
  CHECK(contains(drift.out, "INVALID"));
  auto again = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(p.db().scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_status_idx'::regclass") == "t");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("postgres: sync-check, drift and verify outputs validate; the password never shows") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto sync = p.bcdb({"sync-check", "--format", "json"});
  CHECK(sync.exit_code == 0);
  CHECK(schema_errors("sync-check.schema.json", sync.out) == "");
  p.manifests(kShopAfter);
  auto drift = p.bcdb({"drift", "--format", "json"});
  CHECK(drift.exit_code == 1);
  CHECK(schema_errors("drift.schema.json", drift.out) == "");

  std::string secret = "Sup3r-s3cret-pw";
  auto wrong = run_bcdb({"drift", "--db", "postgres://nobody:" + secret + "@127.0.0.1:54321/postgres"}, p.dir());
  CHECK(wrong.exit_code == 3);
  CHECK_FALSE(contains(wrong.out + wrong.err, secret));
  CHECK(contains(wrong.err, "postgres://nobody:***@127.0.0.1:54321/postgres"));
}

TEST_CASE("postgres: libpq's environment variables fill what the URL leaves out") {
  PgProject p;
  p.manifests(kShopBefore);
  auto r = run_bcdb({"migrate", "--db", "postgres:///" + p.db().name()}, p.dir(),
                    {{"PGHOST", "127.0.0.1"}, {"PGPORT", "54321"}, {"PGUSER", "postgres"}});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(p.db().scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'") == "1");
}

TEST_CASE("postgres: --to takes another database as the desired schema") {
  PgProject production;
  PgDatabase staging;
  production.manifests(kShopAfter);
  REQUIRE(run_bcdb({"migrate", "--db", staging.url()}, production.dir()).exit_code == 0);
  production.manifests(kShopBefore);
  REQUIRE(production.bcdb({"migrate"}).exit_code == 0);
  auto r = production.bcdb({"migrate", "--to", staging.url(), "--allow-destructive"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(production.bcdb({"drift", "--to", staging.url()}).exit_code == 0);
}

TEST_CASE("postgres: inspect round-trips pgbench's schema") {
  PgProject p;
  auto init = run("/usr/lib/postgresql/15/bin/pgbench",
                  {"-i", "-s", "1", "-q", "-h", "127.0.0.1", "-p", "54321", "-U", "postgres", p.db().name()}, p.dir());
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  auto r = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(contains(r.err, "fillfactor"));  // reported, not dropped silently
  auto drift = p.bcdb({"drift", "--manifests", "inspected"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  auto plan = p.bcdb({"diff", "--manifests", "inspected"});
  CHECK(contains(plan.out, "nothing to do"));
}

TEST_CASE("postgres: inspect round-trips a rich schema, and reports what it cannot hold") {
  PgProject p;
  p.db().exec(kRichSchema);
  auto r = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  for (const char* note : {"enum type public.mood", "view public.open_orders", "trigger orders_touch",
                           "partitioned by RANGE", "GENERATED ALWAYS AS IDENTITY"})
    CHECK_MESSAGE(contains(r.err, note), note << " not reported in:\n" << r.err);
  // Manifests declare validated constraints: the two NOT VALID ones are the only difference,
  // reported by inspect, and migrate validates them.
  CHECK(contains(r.err, "constraint orders_status_known on public.orders is NOT VALID"));
  auto drift = p.bcdb({"drift", "--manifests", "inspected"});
  CHECK(drift.exit_code == 1);
  CHECK_MESSAGE(contains(drift.out, "differs from inspected in 2 places"), drift.out);
  CHECK(contains(drift.out, "changed check orders_status_known on orders: validated yes in manifest, no in database"));
  CHECK(contains(drift.out, "changed foreign key refs_e_fkey on refs: validated yes in manifest, no in database"));
  p.db().exec("DROP TABLE bcdb_migrations");  // the fixture's look-alike, not bcdb's history
  auto migrate = p.bcdb({"migrate", "--manifests", "inspected"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  auto clean = p.bcdb({"drift", "--manifests", "inspected"});
  CHECK_MESSAGE(clean.exit_code == 0, clean.out);
  auto plan = p.bcdb({"diff", "--manifests", "inspected"});
  CHECK_MESSAGE(contains(plan.out, "nothing to do"), plan.out);
}

const std::string kTwoSchemas = R"toml(
[tables.accounts]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "name", type = "text" } ]

[tables.invoices]
schema = "billing"
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "account_id", type = "int64" } ]
foreign_keys = [ { name = "invoices_account_fk", columns = ["account_id"], references = { table = "accounts" } } ]
)toml";

TEST_CASE("postgres: a manifest table names its schema; --schema selects the schemas bcdb owns") {
  PgProject p;
  p.manifests(kTwoSchemas);
  auto r = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(p.db().scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'billing' AND tablename = 'invoices'") == "1");
  CHECK(p.db().scalar("SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'invoices_account_fk'") ==
        "accounts");

  // A schema nobody named is not bcdb's: its tables are neither drift nor dropped.
  p.db().exec("CREATE SCHEMA reporting; CREATE TABLE reporting.daily (day date PRIMARY KEY)");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  // A table of an owned schema that the manifests do not have is.
  p.db().exec("CREATE TABLE billing.stray (id int)");
  auto drift = p.bcdb({"drift"});
  CHECK(drift.exit_code == 1);
  CHECK_MESSAGE(contains(drift.out, "billing.stray"), drift.out);

  // Owning reporting too makes its table drift; owning only billing is refused, since the
  // manifests put accounts in the default schema.
  auto owned = p.bcdb({"drift", "--schema", "public,billing", "--schema", "reporting"});
  CHECK_MESSAGE(owned.exit_code == 1, owned.err);
  CHECK_MESSAGE(contains(owned.out, "reporting.daily"), owned.out);
  auto narrow = p.bcdb({"drift", "--schema", "billing"});
  CHECK(narrow.exit_code == 2);
  CHECK_MESSAGE(contains(narrow.err, "table accounts is in the default schema"), narrow.err);

  // Dropping the stray table takes --allow-destructive like any other drop.
  auto refused = p.bcdb({"migrate"});
  CHECK(refused.exit_code == 4);
  CHECK(p.bcdb({"migrate", "--allow-destructive"}).exit_code == 0);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'reporting'") == "1");

  // Inspect writes only the schemas asked for.
  auto inspect = p.bcdb({"inspect", "--out", "only-billing", "--schema", "billing"});
  REQUIRE_MESSAGE(inspect.exit_code == 0, inspect.err);
  CHECK(contains(inspect.out, "wrote 1 table"));
}

TEST_CASE("postgres: --schema on SQLite is a usage error") {
  TempDir dir;
  write_file(dir.path() / "manifests" / "schema.toml", kShopBefore);
  auto r = run_bcdb({"drift", "--schema", "public"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK_MESSAGE(contains(r.err, "sqlite databases have no schemas"), r.err);
}

TEST_CASE("postgres: URL query options reach libpq; the password is redacted everywhere") {
  PgProject p;
  p.manifests(kShopBefore);
  std::string secret = "n0t-f0r-l0gs";
  std::string url = "postgresql://postgres:" + secret + "@127.0.0.1:54321/" + p.db().name() +
                    "?sslmode=disable&application_name=bcdb-e2e&connect_timeout=5";
  // The step delay keeps the run open long enough to see its session from outside.
  std::map<std::string, std::string> env = {{"BCDB_TEST_STEP_DELAY_MS", "1500"}};
  std::string seen;
  std::thread watcher([&] {
    PgDatabase observer;
    for (int i = 0; i < 60 && seen.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      seen = observer.scalar("SELECT coalesce(string_agg(DISTINCT application_name, ','), '') FROM pg_stat_activity "
                             "WHERE datname = '" + p.db().name() + "' AND application_name = 'bcdb-e2e'");
    }
  });
  auto r = run_bcdb({"migrate", "--db", url, "--format", "json"}, p.dir(), env);
  watcher.join();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(seen == "bcdb-e2e");
  CHECK_FALSE(contains(r.out + r.err, secret));
  CHECK(contains(r.out, "postgresql://postgres:***@127.0.0.1:54321/"));
  CHECK(p.db().scalar("SELECT count(*) FROM bcdb_migrations WHERE concat(desired_source, error) LIKE '%" + secret + "%'") == "0");

  auto bad = run_bcdb({"drift", "--db", url + "&sslmode=bogus"}, p.dir());
  CHECK(bad.exit_code == 3);
  CHECK_MESSAGE(contains(bad.err, "sslmode"), bad.err);
  CHECK_FALSE(contains(bad.err, secret));
}
