// Blue/green changes on sqlite: the checks shared by every engine are in tests/support/bluegreen.cpp.
#include <doctest/doctest.h>

#include "bluegreen.h"
#include "project.h"

using namespace bcdb::test;

TEST_CASE("sqlite blue/green: what cannot be done to the rows as they are is refused at plan time") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_plan_time_refusals(target, dir);
}

TEST_CASE("sqlite blue/green: a renamed column is live under both names from expand to contract") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_column_rename_both_names_live(target, dir);
}

TEST_CASE("sqlite blue/green: a backfill killed half-way resumes from its checkpoint") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_backfill_resumes(target, dir);
}

TEST_CASE("sqlite blue/green: a column split in two is written by both versions and loses nothing") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_column_split_both_versions_write(target, dir);
}

TEST_CASE("sqlite blue/green: a rename given up after expand leaves no trigger behind") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_abandoned_rename(target, dir);
}

TEST_CASE("sqlite blue/green: a renamed table is live under both names from expand to contract") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_table_rename_both_names_live(target, dir);
}

TEST_CASE("sqlite blue/green: a view that reads a column the plan drops is found at plan time") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_view_in_the_way_refused(target, dir);
}

TEST_CASE("sqlite blue/green: two renamed columns that share an index") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_renamed_columns_sharing_an_index(target, dir);
}

TEST_CASE("sqlite blue/green: a renamed table that also loses a column, phase by phase") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_table_rename_with_a_dropped_column(target, dir);
}

TEST_CASE("sqlite blue/green: a column renamed while its table leaves STRICT ends with its declared type") {
  Project p;
  p.manifests(R"toml(
[tables.t0]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true }, { name = "s2", type = "char(12)" } ]
sqlite = { strict = true }
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO t0 (s2) VALUES ('a'), ('b')");
  p.manifests(R"toml(
[tables.t0]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true }, { name = "s0", type = "char(12)", nullable = true, renamed_from = "s2" } ]
)toml");
  // expand adds s0 to the STRICT table, where SQLite spells it TEXT; contract's rebuild must
  // give it char(12) when the table stops being STRICT.
  for (const char* phase : {"expand", "backfill", "contract"}) {
    auto r = p.bcdb({"migrate", "--phase", phase, "--allow-blocking", "--allow-destructive"});
    REQUIRE_MESSAGE(r.exit_code == 0, phase << ": " << r.out << r.err);
  }
  CHECK(p.db().scalar("SELECT type FROM pragma_table_info('t0') WHERE name = 's0'") == "CHAR(12)");
  CHECK(p.db().scalar("SELECT group_concat(s0, ',') FROM t0") == "a,b");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("sqlite blue/green: a phase is refused while the phases before it have steps left") {
  Project p;
  p.manifests(R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "body", type = "text" } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO notes (id, body) VALUES (1, 'one')");
  p.manifests(R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "note", type = "text", renamed_from = "body" } ]
)toml");
  const std::string before = p.snapshot();
  auto early = p.bcdb({"migrate", "--phase", "backfill"});
  CHECK(early.exit_code == 4);
  CHECK_MESSAGE(early.err.find("run `bcdb migrate --phase expand` first") != std::string::npos, early.err);
  CHECK(p.snapshot() == before);
  REQUIRE(p.bcdb({"migrate", "--phase", "expand"}).exit_code == 0);
  auto contract = p.bcdb({"migrate", "--phase", "contract"});
  CHECK(contract.exit_code == 4);
  CHECK_MESSAGE(contract.err.find("run `bcdb migrate --phase backfill` first") != std::string::npos, contract.err);
  REQUIRE(p.bcdb({"migrate", "--phase", "backfill"}).exit_code == 0);
  REQUIRE(p.bcdb({"migrate", "--phase", "contract"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT note FROM notes WHERE id = 1") == "one");
}

TEST_CASE("sqlite blue/green: a key column renamed in place beside a column renamed online") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_key_rename_beside_an_online_rename(target, dir);
}

TEST_CASE("sqlite blue/green: a foreign key redefined beside a column renamed online, phase by phase") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_replaced_foreign_key_beside_a_rename(target, dir);
}
