// Hardening on SQLite (the shared checks are in tests/support/hardening.cpp), plus what only
// SQLite does: it accepts almost any text when a table is created, so bcdb tries each desired
// table in an in-memory database first.
#include <doctest/doctest.h>

#include "hardening.h"
#include "project.h"

using namespace bcdb::test;

TEST_CASE("sqlite hardening: a statement hidden in a manifest expression never runs") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_hidden_statements_refused(target, dir);
}

TEST_CASE("sqlite hardening: the connection runs exactly one statement per call") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_connection_runs_one_statement(target);
}

TEST_CASE("sqlite hardening: an expression SQLite cannot read is an error naming its table and column") {
  Project p;
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "text", default = "a\"b" } ]
)toml");
  auto verify = p.bcdb({"verify"});
  CHECK(verify.exit_code == 1);
  CHECK_MESSAGE(contains(verify.out, "schema.toml:4:85: table t: column a: default is not one SQL expression"), verify.out);
  auto migrate = p.bcdb({"migrate"});
  CHECK(migrate.exit_code == 2);
  CHECK_FALSE(contains(migrate.err, "internal"));
  CHECK_MESSAGE(contains(migrate.err, "table t: column a: default"), migrate.err);

  // Balanced, but not SQL SQLite compiles: refused at plan time, before any step.
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32", default = "1 +" } ]
[tables.u]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "b", type = "int32" } ]
checks = [ { name = "u_b", expr = "b >" } ]
)toml");
  auto bad = p.bcdb({"migrate"});
  CHECK(bad.exit_code == 2);
  CHECK_MESSAGE(contains(bad.err, "table t: column a: SQLite rejects the default '1 +'"), bad.err);
  bool created = std::filesystem::exists(p.db_path()) && p.db().count("sqlite_schema") > 0;
  CHECK_FALSE(created);
}

TEST_CASE("sqlite hardening: another engine's string syntax is a warning in verify and an error on SQLite") {
  Project p;
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "text", default = "'it\\'s'" } ]
)toml");
  auto verify = p.bcdb({"verify"});
  CHECK(verify.exit_code == 0);
  CHECK_MESSAGE(contains(verify.out, "warning: manifests/schema.toml:4:"), verify.out);
  CHECK(contains(verify.out, "as SQLite and PostgreSQL read it"));
  auto migrate = p.bcdb({"migrate"});
  CHECK(migrate.exit_code == 2);
  CHECK_MESSAGE(contains(migrate.err, "manifests/schema.toml:4:"), migrate.err);
}
