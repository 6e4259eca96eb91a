// Autovacuum in the way of a step's lock (dialect/postgres/maintenance_locks.cpp): a brief-lock step
// must not queue behind an autovacuum worker, with every writer queued behind the step, until
// the server cancels the worker at deadlock_timeout. Each run below has a lock timeout shorter
// than deadlock_timeout and no retries: a step that queued behind the worker fails.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <unistd.h>

#include "dialect/dialect.h"
#include "server_project.h"

using namespace bcdb::test;

namespace {

const char* const kBefore =
    "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
    "{ name = \"note\", type = \"text\", nullable = true } ]\n";
const char* const kAfter =
    "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
    "{ name = \"note\", type = \"text\", nullable = true }, { name = \"flag\", type = \"int64\", nullable = true } ]\n";

// Autovacuum wakes every second while the test runs (the default is a minute), and is reset
// after it: the server is shared by the other tests.
class FrequentAutovacuum {
 public:
  FrequentAutovacuum() : admin_(open_session(pg_server_url())) { set("ALTER SYSTEM SET autovacuum_naptime = 1"); }
  ~FrequentAutovacuum() {
    try {
      set("ALTER SYSTEM RESET autovacuum_naptime");
    } catch (const std::exception&) {
    }
  }
  FrequentAutovacuum(const FrequentAutovacuum&) = delete;
  FrequentAutovacuum& operator=(const FrequentAutovacuum&) = delete;

 private:
  void set(const std::string& sql) {
    admin_->execute(sql);
    admin_->query("SELECT pg_reload_conf()");
  }
  std::unique_ptr<bcdb::dialect::Connection> admin_;
};

// A login role without superuser or pg_signal_backend: it cannot cancel an autovacuum worker.
class PlainRole {
 public:
  explicit PlainRole(std::string name) : name_(std::move(name)), admin_(open_session(pg_server_url())) {
    admin_->execute("CREATE ROLE " + name_ + " LOGIN");
  }
  ~PlainRole() {
    try {
      admin_->execute("DROP ROLE IF EXISTS " + name_);
    } catch (const std::exception&) {
    }
  }
  PlainRole(const PlainRole&) = delete;
  PlainRole& operator=(const PlainRole&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::unique_ptr<bcdb::dialect::Connection> admin_;
};

// The autovacuum worker holding a lock on t, once one does (throttled to a crawl, it keeps the
// lock for minutes); empty if none came within a minute.
std::string autovacuum_on_t(PgDatabase& db) {
  const std::string sql =
      "SELECT a.pid::text FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE a.backend_type = 'autovacuum worker' AND l.locktype = 'relation' AND l.granted "
      "AND l.relation = 't'::regclass AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
  for (int i = 0; i < 600; ++i) {
    auto rows = db.rows(sql);
    if (!rows.empty()) return rows.front().front();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "";
}

// t with dead rows that autovacuum comes for, and vacuums slowly.
void table_autovacuum_works_on(PgProject& p, const std::string& url) {
  p.manifests(kBefore);
  auto created = p.bcdb({"migrate"}, {{"BCDB_DATABASE_URL", url}});
  REQUIRE_MESSAGE(created.exit_code == 0, created.out << created.err);
  p.db().exec("INSERT INTO t SELECT g, repeat('x', 100) FROM generate_series(1, 50000) g");
  p.db().exec(
      "ALTER TABLE t SET (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0, "
      "autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1)");
  p.db().exec("DELETE FROM t WHERE id % 2 = 0");
  p.manifests(kAfter);
}

}  // namespace

TEST_CASE("postgres: a brief-lock step ends an autovacuum of its table, or waits it out, instead of queueing "
          "writers behind it") {
  FrequentAutovacuum frequent;

  SUBCASE("bcdb may cancel the worker: it does, and the step takes its lock at once") {
    PgProject p;
    table_autovacuum_works_on(p, p.db().url());
    REQUIRE_MESSAGE(!autovacuum_on_t(p.db()).empty(), "no autovacuum worker came for t within a minute");
    auto r = p.bcdb({"migrate", "--lock-timeout", "300ms", "--retries", "0"});
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK_MESSAGE(r.out.find("cancelled autovacuum on t") != std::string::npos, r.out);
    CHECK(p.db().scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND "
                        "column_name = 'flag'") == "1");
    CHECK(p.db().scalar("SELECT count(*) FROM t") == "25000");
  }

  SUBCASE("bcdb's role may not cancel it: the step waits without asking for its lock, then takes it") {
    PlainRole role("bcdb_test_autovacuum_" + std::to_string(getpid()));  // outlives the database it owns
    PgProject p;
    p.db().exec("ALTER DATABASE " + p.db().name() + " OWNER TO " + role.name());
    std::string url = p.db().url();
    const auto user = url.find("://postgres@");
    REQUIRE_MESSAGE(user != std::string::npos, "the test server's URL names another user: " << url);
    url.replace(user + 3, 8, role.name());
    table_autovacuum_works_on(p, url);
    std::string worker = autovacuum_on_t(p.db());
    REQUIRE_MESSAGE(!worker.empty(), "no autovacuum worker came for t within a minute");
    // The worker ends on its own here, as it would have: bcdb must have waited for it.
    std::thread ends([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      open_session(pg_server_url())->query("SELECT pg_cancel_backend(" + worker + ")");
    });
    auto r = p.bcdb({"migrate", "--lock-timeout", "300ms", "--retries", "0"}, {{"BCDB_DATABASE_URL", url}});
    ends.join();
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK_MESSAGE(r.out.find("holds ShareUpdateExclusiveLock on t") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("waited") != std::string::npos, r.out);
    CHECK(p.db().scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND "
                        "column_name = 'flag'") == "1");
  }
}
