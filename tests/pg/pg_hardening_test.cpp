// Hardening on PostgreSQL: the checks shared by every engine (tests/support/hardening.cpp).
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <regex>

#include "dialect/dialect.h"
#include "hardening.h"
#include "server_project.h"

using namespace bcdb::test;

TEST_CASE("postgres hardening: a statement hidden in a manifest expression never runs") {
  TempDir dir(scratch_dir());
  PgTarget target;
  check_hidden_statements_refused(target, dir);
}

TEST_CASE("postgres hardening: the connection runs exactly one statement per call") {
  PgTarget target;
  check_connection_runs_one_statement(target);
}

namespace {

const char* const kTable = "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n";
const char* const kTableWithColumn =
    "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
    "{ name = \"note\", type = \"text\", nullable = true } ]\n";

// The waits a run printed before its retries: "retry N in X ms".
std::vector<int> retry_waits(const std::string& out) {
  std::vector<int> waits;
  std::regex retry(R"(retry \d+ in (\d+) ms)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), retry); it != std::sregex_iterator(); ++it)
    waits.push_back(std::stoi((*it)[1]));
  return waits;
}

}  // namespace

TEST_CASE("postgres hardening: retries back off exponentially with jitter, never in lock-step") {
  PgProject p;
  p.manifests(kTable);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kTableWithColumn);
  auto blocker = open_session(p.db().url_as("bcdb_test_blocker"));
  blocker->begin();
  blocker->execute("LOCK TABLE t IN ACCESS SHARE MODE");
  std::vector<std::vector<int>> runs;
  for (int i = 0; i < 2; ++i) {
    auto r = p.bcdb({"migrate", "--lock-timeout", "20ms", "--retries", "4"});
    CHECK(r.exit_code == 3);
    auto waits = retry_waits(r.out);
    REQUIRE_MESSAGE(waits.size() == 4, r.out);
    for (std::size_t k = 0; k < waits.size(); ++k) {
      int ceiling = std::min(5000, 200 << k);  // 200, 400, 800, 1600 ms
      CHECK(waits[k] >= ceiling / 2);
      CHECK(waits[k] <= ceiling);
    }
    runs.push_back(waits);
  }
  // Exactly 200/400/800/1600 twice over, as before, would be lock-step.
  CHECK(runs[0] != runs[1]);
  CHECK(runs[0] != std::vector<int>{200, 400, 800, 1600});
  blocker->rollback();
}

TEST_CASE("postgres hardening: --lock-timeout 0 is refused, and no statement bcdb runs waits forever") {
  PgProject p;
  p.manifests(kTable);
  auto zero = p.bcdb({"migrate", "--lock-timeout", "0"});
  CHECK(zero.exit_code == 2);
  CHECK(contains(zero.err, "--lock-timeout must be from 1ms to 1h"));
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(std::string(kTableWithColumn) + "indexes = [ { name = \"t_note_idx\", columns = [\"note\"] } ]\n");
  auto plan = p.bcdb({"diff", "--format", "json"});
  REQUIRE(plan.exit_code == 0);
  CHECK_FALSE(contains(plan.out, "lock_timeout = 0"));
  CHECK(contains(plan.out, "SET lock_timeout = '30min'"));  // the concurrent build's long, finite wait
}

TEST_CASE("postgres hardening: a SQL export run by hand in psql waits no longer than bcdb would") {
  PgProject p;
  p.manifests(kTable);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kTableWithColumn);
  auto script = p.bcdb({"diff", "--format", "sql", "--lock-timeout", "300ms"});
  REQUIRE(script.exit_code == 0);
  auto first = script.out.find("SET lock_timeout = '300ms';");
  REQUIRE(first != std::string::npos);
  CHECK(first < script.out.find("ALTER TABLE"));
  write_file(p.dir() / "plan.sql", script.out);
  // A long reader holds the table: without a lock timeout the ALTER would queue behind it, and
  // every writer behind the ALTER, for as long as the reader runs.
  auto reader = open_session(p.db().url_as("bcdb_test_reader"));
  reader->begin();
  reader->execute("LOCK TABLE t IN ACCESS SHARE MODE");
  auto started = std::chrono::steady_clock::now();
  auto psql = run("/usr/lib/postgresql/15/bin/psql", {"-X", "-v", "ON_ERROR_STOP=1", "-f", "plan.sql", p.db().url()}, p.dir());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(psql.exit_code != 0);
  CHECK_MESSAGE(contains(psql.err, "canceling statement due to lock timeout"), psql.err);
  CHECK_MESSAGE(seconds < 10, seconds);
  reader->rollback();
  CHECK(p.db().scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'") == "0");
}

namespace {

// The manifest of table t with a unique constraint on a, NOT NULL on b and a new key (id, a).
std::string online_changes() {
  return "[tables.t]\nprimary_key = { name = \"t_pkey\", columns = [\"id\", \"a\"] }\ncolumns = [\n"
         "  { name = \"id\", type = \"int64\" }, { name = \"a\", type = \"int32\" }, { name = \"b\", type = \"int32\" },\n]\n"
         "uniques = [ { name = \"t_a_key\", columns = [\"a\"] } ]\n";
}

// The SQL of every step the last run applied.
std::string last_run_sql(PgDatabase& db) {
  std::string out;
  for (const auto& row : db.rows("SELECT sql FROM bcdb_migration_steps WHERE migration_id = (SELECT max(id) FROM bcdb_migrations) "
                                 "AND status = 'applied' ORDER BY ordinal"))
    out += row[0] + "\n";
  return out;
}

}  // namespace

TEST_CASE("postgres hardening: a run killed between the steps of an online change is resumed without redoing them") {
  PgProject p;
  p.manifests("[tables.t]\nprimary_key = { name = \"t_pkey\", columns = [\"id\"] }\ncolumns = [\n"
              "  { name = \"id\", type = \"int64\" }, { name = \"a\", type = \"int32\" },\n"
              "  { name = \"b\", type = \"int32\", nullable = true },\n]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO t SELECT g, g, g FROM generate_series(1, 2000) g");
  p.manifests(online_changes());
  auto plan = p.bcdb({"diff"});
  REQUIRE(plan.exit_code == 0);
  INFO(plan.out);
  auto ordinal_of = [&](const std::string& summary) {
    auto at = plan.out.find(summary);
    REQUIRE(at != std::string::npos);
    auto line = plan.out.rfind('\n', at);
    return std::stoi(plan.out.substr(line + 1, at - line));
  };
  struct Case {
    std::string killed_after;  // the summary of the step the run dies after
    std::vector<std::string> not_again;  // SQL the rerun must not send
  };
  for (const Case& k : std::vector<Case>{
           {"add unique constraint t_a_key on t: build its index concurrently", {"CREATE UNIQUE INDEX CONCURRENTLY \"t_a_key\""}},
           {"(nullable): add NOT VALID check", {"ADD CONSTRAINT \"t_b_not_null\""}},
           {"(nullable): validate", {"ADD CONSTRAINT \"t_b_not_null\"", "VALIDATE CONSTRAINT"}},
           {"build the new key's index concurrently", {"CREATE UNIQUE INDEX CONCURRENTLY \"t_pkey_bcdb_new\""}},
       }) {
    INFO("killed after: " << k.killed_after);
    p.manifests("[tables.t]\nprimary_key = { name = \"t_pkey\", columns = [\"id\"] }\ncolumns = [\n"
                "  { name = \"id\", type = \"int64\" }, { name = \"a\", type = \"int32\" },\n"
                "  { name = \"b\", type = \"int32\", nullable = true },\n]\n");
    REQUIRE(p.bcdb({"migrate", "--allow-destructive"}).exit_code == 0);
    p.manifests(online_changes());
    int step = ordinal_of(k.killed_after);
    auto killed = p.bcdb({"migrate"}, {{"BCDB_TEST_KILL_AFTER_STEP", std::to_string(step)}});
    REQUIRE(killed.signal == SIGKILL);
    std::string oids = p.db().scalar("SELECT string_agg(c.oid::text || c.relname, ',' ORDER BY relname) FROM pg_class c "
                                     "WHERE relname IN ('t_a_key', 't_pkey_bcdb_new')");
    auto rerun = p.bcdb({"migrate"});
    REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.err);
    std::string sql = last_run_sql(p.db());
    for (const auto& again : k.not_again) CHECK_MESSAGE(!contains(sql, again), sql);
    CHECK(p.bcdb({"drift"}).exit_code == 0);
    // The index a killed run built is the one the constraint now uses, not a rebuilt one.
    if (contains(oids, "t_a_key")) CHECK(contains(oids, p.db().scalar("SELECT 't_a_key'::regclass::oid::text")));
    CHECK(p.db().scalar("SELECT count(*) FROM t") == "2000");
  }
}

TEST_CASE("postgres hardening: names the engine cannot hold are refused before any step") {
  TempDir dir(scratch_dir());
  PgTarget target;
  check_names_the_engine_cannot_hold(target, dir);
}

TEST_CASE("postgres hardening: a PostgreSQL desired side carries over to SQLite, and what cannot is refused by name") {
  PgProject p;
  p.manifests(read_file(source_dir() / "manifests" / "commerce" / "customers.toml") +
              read_file(source_dir() / "manifests" / "commerce" / "catalog.toml"));
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  // Defaults such as 'shipping'::character varying, and checks printed as = ANY (ARRAY[...]).
  REQUIRE(contains(p.db().scalar("SELECT string_agg(pg_get_constraintdef(oid), ' ') FROM pg_constraint"), "ANY (ARRAY["));
  TempDir dir;
  auto migrate = run_bcdb({"--db", "sqlite:copy.db", "migrate", "--to", p.db().url()}, dir.path());
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  auto drift = run_bcdb({"--db", "sqlite:copy.db", "drift", "--to", p.db().url()}, dir.path());
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  CHECK_FALSE(contains(migrate.err + drift.err, "internal"));

  p.db().exec("ALTER TABLE customers ADD COLUMN search tsvector");
  auto refused = run_bcdb({"--db", "sqlite:other.db", "migrate", "--to", p.db().url()}, dir.path());
  CHECK(refused.exit_code == 2);
  CHECK_MESSAGE(contains(refused.err, "table customers: column search: postgres type tsvector has no sqlite counterpart"),
                refused.err);
  CHECK(contains(refused.err, "bcdb inspect --out"));
}
