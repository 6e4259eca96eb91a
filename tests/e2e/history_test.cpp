// History, the migration lock and crash recovery, with real processes.
#include <doctest/doctest.h>

#include <csignal>

#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;

TEST_CASE("every run and every step is recorded") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto db = p.db();
  auto run = db.rows("SELECT id, phase, status, length(from_fingerprint), length(to_fingerprint), "
                     "length(manifest_checksum), bcdb_version, who <> '', steps_planned, steps_applied, "
                     "finished_at IS NOT NULL FROM bcdb_migrations");
  REQUIRE(run.size() == 1);
  CHECK(run[0] == std::vector<std::string>{"1", "all", "succeeded", "64", "64", "64", "0.1.0", "1", "2", "2", "1"});
  auto steps = db.rows("SELECT migration_id, ordinal, phase, safety, status, sql LIKE 'CREATE TABLE%' FROM "
                       "bcdb_migration_steps ORDER BY ordinal");
  CHECK(steps == std::vector<std::vector<std::string>>{{"1", "1", "expand", "online", "applied", "1"},
                                                       {"1", "2", "expand", "online", "applied", "1"}});
  // bcdb's own tables are never drift.
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("two migrate processes at once: one applies, the other waits and finds nothing to do") {
  Project p;
  p.vertical("commerce");
  std::map<std::string, std::string> slow = {{"BCDB_TEST_STEP_DELAY_MS", "40"}, {"NO_COLOR", "1"},
                                             {"BCDB_DATABASE_URL", ""}, {"DATABASE_URL", ""}};
  Spawned a(bcdb_binary(), {"migrate"}, p.dir(), slow);
  Spawned b(bcdb_binary(), {"migrate"}, p.dir(), slow);
  RunResult ra = a.wait(), rb = b.wait();
  REQUIRE_MESSAGE(ra.exit_code == 0, ra.err);
  REQUIRE_MESSAGE(rb.exit_code == 0, rb.err);
  std::string outputs = ra.out + rb.out;
  CHECK(outputs.find("nothing to do") != std::string::npos);
  CHECK(outputs.find("waiting for the migration lock") != std::string::npos);
  auto db = p.db();
  // No step ran twice: one run applied them all, once each.
  CHECK(db.scalar("SELECT count(*) FROM bcdb_migration_steps") ==
        db.scalar("SELECT count(DISTINCT summary) FROM bcdb_migration_steps"));
  CHECK(db.scalar("SELECT count(DISTINCT migration_id) FROM bcdb_migration_steps") == "1");
  CHECK(db.scalar("SELECT group_concat(status) FROM bcdb_migrations") == "succeeded,succeeded");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("a migrate killed after a step is finished by the next run") {
  Project p;
  p.vertical("commerce");
  auto killed = p.bcdb({"migrate"}, {{"BCDB_TEST_KILL_AFTER_STEP", "5"}});
  REQUIRE(killed.signal == SIGKILL);
  auto db = p.db();
  CHECK(db.scalar("PRAGMA integrity_check") == "ok");
  CHECK(db.scalar("SELECT count(*) FROM bcdb_migration_steps") == "5");
  CHECK(p.bcdb({"drift"}).exit_code == 1);

  auto again = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("1 earlier run stopped before finishing") != std::string::npos);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(db.scalar("SELECT group_concat(status) FROM bcdb_migrations") == "interrupted,succeeded");
}

TEST_CASE("a migrate killed inside a table rebuild loses no row; the next run finishes") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto db = p.db();
  db.exec(kShopRows);
  auto orders_before = db.rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id");
  p.manifests(kShopAfter);
  // Step 3 rebuilds orders; the kill lands after the copy and the drop, before the commit.
  auto killed = p.bcdb({"migrate", "--allow-destructive"}, {{"BCDB_TEST_KILL_DURING_STEP", "3"}});
  REQUIRE(killed.signal == SIGKILL);
  CHECK(db.scalar("PRAGMA integrity_check") == "ok");
  CHECK(db.rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id") == orders_before);
  CHECK(db.rows("SELECT name FROM sqlite_schema WHERE name LIKE '_bcdb_new_%'").empty());

  auto again = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(db.rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id") == orders_before);
  CHECK(db.count("customers") == 2);
}
