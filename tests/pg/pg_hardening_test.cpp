// Hardening on PostgreSQL: the checks shared by every engine (tests/support/hardening.cpp).
#include <doctest/doctest.h>

#include <chrono>
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

std::unique_ptr<bcdb::dialect::Connection> session(const std::string& url) {
  return bcdb::dialect::make_dialect("postgres")->connect(bcdb::dialect::Url::parse(url),
                                                          bcdb::dialect::Dialect::Access::read_write);
}

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
  auto blocker = session(p.db().url_as("bcdb_test_blocker"));
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
  auto reader = session(p.db().url_as("bcdb_test_reader"));
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
