#include "replica_checks.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "dialect/dialect.h"
#include "json_schema.h"
#include "process.h"
#include "server_db.h"

namespace bcdb::test {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 10000;
constexpr int kRowsPerSecond = 3000;  // so that the rows written before the lag passes 1 s are far fewer than kRows

const char* const kNotesBody = R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "body", type = "varchar(200)" } ]
)toml";

const char* const kNotesNote = R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "note", type = "varchar(200)", renamed_from = "body" } ]
)toml";

// What differs between the engines.
struct ReplicaSql {
  std::string seed;    // fills notes (id, body) with ids 1..N on the primary; "{rows}" stands for N
  std::string pause;   // on the replica: stop applying what the primary sends
  std::string resume;  // on the replica: apply it again
};

ReplicaSql sql_for(TestReplica::Engine engine) {
  if (engine == TestReplica::Engine::postgres)
    return {"INSERT INTO notes (id, body) SELECT g, 'seed-' || g FROM generate_series(1, {rows}) g",
            "SELECT pg_wal_replay_pause()", "SELECT pg_wal_replay_resume()"};
  return {"INSERT INTO notes (id, body) SELECT seq, CONCAT('seed-', seq) FROM seq_1_to_{rows}", "STOP SLAVE SQL_THREAD",
          "START SLAVE SQL_THREAD"};
}

ServerDatabase::Engine engine_of(TestReplica::Engine engine) {
  return engine == TestReplica::Engine::postgres ? ServerDatabase::Engine::postgres : ServerDatabase::Engine::mysql;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

// The replica's connection once it has `rows` rows in notes: it may not even have the database yet.
std::unique_ptr<dialect::Connection> replica_with_rows(const std::string& url, int rows) {
  auto u = dialect::Url::parse(url);
  auto deadline = std::chrono::steady_clock::now() + 30s;
  std::string last;
  for (;;) {
    try {
      auto c = dialect::make_dialect(u.engine)->connect(u, dialect::Dialect::Access::read_only);
      if (c->query("SELECT count(*) FROM notes").rows.at(0).at(0) == dialect::Value(std::to_string(rows))) return c;
      last = "not all rows yet";
    } catch (const std::exception& e) {
      last = e.what();
    }
    if (std::chrono::steady_clock::now() > deadline) FAIL("the replica never received the rows: " << last);
    std::this_thread::sleep_for(100ms);
  }
}

// A table of kRows rows with a renamed column past its expand phase, the replica paused, and
// `bcdb migrate --phase backfill --replica` running against it, until the backfill waits.
class PausedBackfill {
 public:
  PausedBackfill(const TestReplica& replica, const ReplicaSql& sql)
      // Named for the MariaDB replica's filter, which applies only databases named bcdb_r_*.
      : db_(engine_of(replica.engine()), replica.primary_url(), "bcdb_r_"), env_{{"BCDB_DATABASE_URL", db_.url()}} {
    write_file(dir_ / "manifests" / "schema.toml", kNotesBody);
    REQUIRE(bcdb({"migrate"}).exit_code == 0);
    db_.exec(replaced(sql.seed, "{rows}", std::to_string(kRows)));
    write_file(dir_ / "manifests" / "schema.toml", kNotesNote);
    auto expand = bcdb({"migrate", "--phase", "expand"});
    REQUIRE_MESSAGE(expand.exit_code == 0, expand.out << expand.err);

    replica_ = replica_with_rows(replica.url(db_.name()), kRows);
    replica_->execute(sql.pause);
    // A password in the URL (the test servers do not check it on PostgreSQL) must never be shown.
    std::string url = replica.url(db_.name());
    password_ = contains(url, "bcdb:bcdb@") ? "bcdb:bcdb@" : "s3cret-pw";
    if (password_ == "s3cret-pw") url = replaced(url, "postgres@", "postgres:s3cret-pw@");
    std::map<std::string, std::string> env = env_;
    env["NO_COLOR"] = "1";
    run_ = std::make_unique<Spawned>(bcdb_binary(),
                                     std::vector<std::string>{"--format", "json", "migrate", "--phase", "backfill",
                                                              "--replica", url, "--max-lag", "1s", "--batch-rows", "100",
                                                              "--max-rows-per-second", std::to_string(kRowsPerSecond)},
                                     dir_.path(), env);
    // Waiting: the checkpoint stands still (read twice, 1.5 s apart) short of the last row.
    long long before = -1;
    waited_at_ = rows_done();
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (waited_at_ != before && std::chrono::steady_clock::now() < deadline) {
      before = waited_at_;
      std::this_thread::sleep_for(1500ms);
      waited_at_ = rows_done();
    }
    INFO("rows done while the replica was paused: " << waited_at_);
    CHECK(waited_at_ == before);
    CHECK(waited_at_ < kRows);
    CHECK(run_->running());
  }

  ServerDatabase& db() { return db_; }
  dialect::Connection& replica() { return *replica_; }
  Spawned& run() { return *run_; }
  const std::string& password() const { return password_; }
  long long waited_at() const { return waited_at_; }
  RunResult bcdb(const std::vector<std::string>& args) const { return run_bcdb(args, dir_.path(), env_); }

  // The backfill's checkpoint; 0 before the run has created its table.
  long long rows_done() {
    try {
      auto r = db_.rows("SELECT rows_done FROM bcdb_backfills");
      return r.empty() ? 0 : std::stoll(r.at(0).at(0));
    } catch (const std::exception&) {
      return 0;
    }
  }

 private:
  ServerDatabase db_;
  TempDir dir_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<dialect::Connection> replica_;
  std::string password_;
  std::unique_ptr<Spawned> run_;
  long long waited_at_ = 0;
};

}  // namespace

void check_backfill_waits_for_replica(TestReplica::Engine engine) {
  TestReplica replica(engine);
  const ReplicaSql sql = sql_for(engine);
  PausedBackfill b(replica, sql);
  std::this_thread::sleep_for(1000ms);
  CHECK(b.rows_done() == b.waited_at());

  b.replica().execute(sql.resume);
  auto done = b.run().wait();
  REQUIRE_MESSAGE(done.exit_code == 0, done.out << done.err);
  CHECK_MESSAGE(contains(done.err, "waiting for replica "), done.err);
  CHECK_MESSAGE(contains(done.err, "replicas caught up after"), done.err);
  CHECK_FALSE(contains(done.out + done.err, b.password()));
  CHECK(schema_errors("migrate.schema.json", done.out) == "");
  auto json = nlohmann::json::parse(done.out);
  REQUIRE(json["backfills"].size() == 1);
  CHECK(json["backfills"][0]["finished"] == true);
  CHECK(json["backfills"][0]["replica_wait_ms"].get<long long>() >= 2000);  // the 1.5 s and 1 s waits above, at least
  CHECK(b.db().scalar("SELECT count(*) FROM notes WHERE note IS NULL OR note <> body") == "0");
  CHECK(b.rows_done() == kRows);
}

void check_backfill_stops_when_replica_goes(TestReplica::Engine engine) {
  TestReplica replica(engine);
  PausedBackfill b(replica, sql_for(engine));
  replica.stop();
  auto stopped = b.run().wait();
  CHECK(stopped.exit_code == 3);
  CHECK_MESSAGE(contains(stopped.err, "the backfill stopped at its last checkpoint"), stopped.err);
  CHECK_FALSE(contains(stopped.out + stopped.err, b.password()));
  CHECK(b.rows_done() == b.waited_at());

  auto resumed = b.bcdb({"--format", "json", "migrate", "--phase", "backfill"});
  REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.out << resumed.err);
  auto json = nlohmann::json::parse(resumed.out);
  REQUIRE(json["backfills"].size() == 1);
  CHECK(json["backfills"][0]["rows_this_run"].get<long long>() == kRows - b.waited_at());
  CHECK(json["backfills"][0]["resumed"] == (b.waited_at() > 0));
  CHECK(b.db().scalar("SELECT count(*) FROM notes WHERE note IS NULL OR note <> body") == "0");
}

void check_replica_refused_before_any_step(TestReplica::Engine replica_engine) {
  const bool postgres = replica_engine == TestReplica::Engine::postgres;
  ServerDatabase db(engine_of(replica_engine));
  TempDir dir;
  write_file(dir / "manifests" / "schema.toml", kNotesBody);
  std::map<std::string, std::string> env = {{"BCDB_DATABASE_URL", db.url()}};
  // Nothing listens on port 1 of the loopback.
  std::string nowhere = (postgres ? "postgres://postgres:" : "mysql://bcdb:") +
                        std::string("s3cret-pw@127.0.0.1:1/") + db.name();
  auto unreachable = run_bcdb({"migrate", "--replica", nowhere}, dir.path(), env);
  CHECK(unreachable.exit_code == 3);
  CHECK_MESSAGE(contains(unreachable.err, "--replica: cannot connect to "), unreachable.err);
  CHECK(contains(unreachable.err, ":***@127.0.0.1:1/"));
  CHECK_FALSE(contains(unreachable.out + unreachable.err, "s3cret-pw"));
  CHECK(db.rows(postgres ? "SELECT 1 FROM pg_tables WHERE tablename = 'notes'"
                         : "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'")
            .empty());

  // The primary itself is nobody's replica.
  auto primary = run_bcdb({"migrate", "--replica", db.url()}, dir.path(), env);
  CHECK(primary.exit_code == 2);
  CHECK_MESSAGE(contains(primary.err, "is not a replica"), primary.err);
}

}  // namespace bcdb::test
