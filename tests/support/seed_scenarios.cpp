#include "seed_scenarios.h"

#include <doctest/doctest.h>

#include <csignal>

#include "seed_checksum.h"

namespace bcdb::test {

RunResult seed_server(ServerDatabase& db, std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  TempDir dir;
  args.insert(args.begin(), {"--db", db.url(), "seed"});
  return run_bcdb(args, dir.path(), env);
}

void check_same_rows_as_sqlite(ServerDatabase::Engine engine, const std::vector<std::string>& verticals,
                               const std::string& scale, const std::string& seed,
                               const std::map<std::string, std::string>& env) {
  for (const auto& vertical : verticals) {
    CAPTURE(vertical);
    ServerDatabase db(engine);
    auto r = seed_server(db, {vertical, "--migrate", "--scale", scale, "--seed", seed}, env);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(server_seed_checksums(db, vertical) == sqlite_seed_checksums(vertical, scale, seed));
  }
}

void check_killed_seed_resumes(ServerDatabase& db) {
  auto killed = seed_server(db, {"payments", "--migrate", "--scale", "300"},
                            {{"BCDB_TEST_SEED_CHUNK_ROWS", "100"}, {"BCDB_TEST_KILL_AFTER_ROWS", "1750"}});
  REQUIRE(killed.signal == SIGKILL);
  CHECK(db.scalar("SELECT status FROM bcdb_seeds") == "running");
  auto again = seed_server(db, {"payments", "--scale", "300"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("stopped half-way") != std::string::npos);
  CHECK(server_seed_checksums(db, "payments") == sqlite_seed_checksums("payments", "300", "1"));
  CHECK(db.rows("SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0").empty());
  auto third = seed_server(db, {"payments", "--scale", "300"});
  CHECK(third.exit_code == 0);
  CHECK(third.out.find("nothing to insert") != std::string::npos);
}

void check_truncate_replaces(ServerDatabase& db) {
  REQUIRE(seed_server(db, {"auth", "--migrate", "--scale", "120"}).exit_code == 0);
  CHECK(seed_server(db, {"auth", "--scale", "120", "--seed", "5"}).exit_code == 4);
  auto replaced = seed_server(db, {"auth", "--scale", "120", "--seed", "5", "--truncate"});
  REQUIRE_MESSAGE(replaced.exit_code == 0, replaced.err);
  CHECK(db.scalar("SELECT count(*) FROM users") == "120");
  CHECK(server_seed_checksums(db, "auth") == sqlite_seed_checksums("auth", "120", "5"));
  TempDir dir;
  auto drift = run_bcdb({"--db", db.url(), "--manifests", (source_dir() / "manifests" / "auth").string(), "drift"},
                        dir.path());
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
}

}  // namespace bcdb::test
