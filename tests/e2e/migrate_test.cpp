// bcdb migrate and bcdb diff through the binary, on the embedded SQLite default.
#include <doctest/doctest.h>

#include "json_schema.h"
#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;

TEST_CASE("first migrate creates bcdb.db with the schema; the second finds nothing to do") {
  Project p;
  p.vertical("commerce");
  auto first = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(std::filesystem::exists(p.db_path()));
  CHECK(p.db().count("orders") == 0);
  CHECK(first.out.find("is in sync") != std::string::npos);

  auto schema = [&] { return p.db().rows("SELECT sql FROM sqlite_schema ORDER BY name"); };
  auto schema_before = schema();
  std::string steps_before = p.db().scalar("SELECT count(*) FROM bcdb_migration_steps");
  auto second = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(second.out.find("in sync") != std::string::npos);
  CHECK(second.out.find("nothing to do") != std::string::npos);
  CHECK(schema() == schema_before);
  CHECK(p.db().scalar("SELECT count(*) FROM bcdb_migration_steps") == steps_before);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("diff shows phases, ordinals, safety classes, SQL and a reason per step") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopAfter);
  auto r = p.bcdb({"diff"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  for (const char* expected : {"expand", "contract", "online", "destructive", "create table refunds",
                               "add column orders.placed_at", "rebuild table orders", "rebuild table customers",
                               "drop column customers.legacy_code", "CREATE TABLE \"refunds\"", "why:", "lock:"})
    CHECK_MESSAGE(r.out.find(expected) != std::string::npos, expected << " missing from:\n" << r.out);
  // Ordinals run 1..n across phases, expand before contract.
  CHECK(r.out.find("expand") < r.out.find("contract"));
}

TEST_CASE("diff --format json validates against schemas/plan.schema.json") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopAfter);
  auto r = p.bcdb({"diff", "--format", "json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(schema_errors("plan.schema.json", r.out) == "");
  CHECK(r.out.find("\"phase\": \"contract\"") != std::string::npos);
}

TEST_CASE("diff --format sql is a script the sqlite3 shell runs as is") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kShopRows);
  p.manifests(kShopAfter);
  auto script = p.bcdb({"diff", "--format", "sql"});
  REQUIRE_MESSAGE(script.exit_code == 0, script.err);
  write_file(p.dir() / "plan.sql", script.out);
  auto applied = run("/bin/sh", {"-c", "sqlite3 -bail bcdb.db < plan.sql"}, p.dir());
  REQUIRE_MESSAGE(applied.exit_code == 0, applied.err << "\n" << script.out);
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  CHECK(p.db().count("orders") == 3);
}

TEST_CASE("migrate applies the plan and keeps every row in surviving columns") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kShopRows);
  p.manifests(kShopAfter);
  auto r = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  auto db = p.db();
  CHECK(db.rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"10", "1", "new", "12.5", "first"},
                                              {"11", "1", "paid", "99.99", "second"},
                                              {"12", "2", "new", "0", "third"}});
  CHECK(db.rows("SELECT id, email FROM customers ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"1", "ada@example.com"}, {"2", "bob@example.com"}});
  // The new default and the new nullability are in force.
  db.exec("INSERT INTO orders (customer_id, total) VALUES (2, 1)");
  CHECK(db.scalar("SELECT status || '/' || coalesce(note, 'null') FROM orders ORDER BY id DESC LIMIT 1") ==
        "pending/null");
}

TEST_CASE("destructive steps are refused with exit 4, each named, and the database is untouched") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kShopRows);
  p.manifests(kShopAfter);
  std::string before = p.snapshot();
  auto r = p.bcdb({"migrate"});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("drop column customers.legacy_code") != std::string::npos);
  CHECK(r.err.find("--allow-destructive") != std::string::npos);
  CHECK(p.snapshot() == before);

  p.manifests(kShopBefore + "\n[tables.extra]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopBefore);
  before = p.snapshot();
  auto drop_table = p.bcdb({"migrate"});
  CHECK(drop_table.exit_code == 4);
  CHECK(drop_table.err.find("drop table extra") != std::string::npos);
  CHECK(p.snapshot() == before);
}

TEST_CASE("narrowing a type is destructive") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::string narrowed = kShopBefore;
  narrowed.replace(narrowed.find("varchar(255)"), 12, "varchar(100)");
  p.manifests(narrowed);
  auto r = p.bcdb({"migrate"});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("alter column customers.email (type)") != std::string::npos);
  CHECK(p.bcdb({"migrate", "--allow-destructive"}).exit_code == 0);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("--phase expand applies only expand steps and --phase contract the rest") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec(kShopRows);
  p.manifests(kShopAfter);

  auto too_early = p.bcdb({"migrate", "--phase", "contract", "--allow-destructive"});
  CHECK(too_early.exit_code == 4);
  CHECK(too_early.err.find("expand phase still has") != std::string::npos);

  auto expand = p.bcdb({"migrate", "--phase", "expand"});
  REQUIRE_MESSAGE(expand.exit_code == 0, expand.err);
  CHECK(expand.out.find("1 contract step remains") != std::string::npos);
  auto db = p.db();
  CHECK(db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'refunds'") == "1");
  // The old version's column is still there for the old version.
  CHECK(db.scalar("SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'legacy_code'") == "1");
  auto drift = p.bcdb({"drift"});
  CHECK(drift.exit_code == 1);
  CHECK(drift.out.find("extra column customers.legacy_code") != std::string::npos);

  CHECK(p.bcdb({"migrate", "--phase", "contract"}).exit_code == 4);
  auto contract = p.bcdb({"migrate", "--phase", "contract", "--allow-destructive"});
  REQUIRE_MESSAGE(contract.exit_code == 0, contract.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(db.count("orders") == 3);
}

TEST_CASE("--dry-run prints the plan and changes nothing") {
  Project p;
  p.vertical("commerce");
  auto fresh = p.bcdb({"migrate", "--dry-run"});
  REQUIRE_MESSAGE(fresh.exit_code == 0, fresh.err);
  CHECK(fresh.out.find("create table orders") != std::string::npos);
  CHECK(fresh.out.find("dry run: nothing was changed") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(p.db_path()));

  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopAfter);
  std::string before = p.snapshot();
  auto r = p.bcdb({"migrate", "--dry-run", "--allow-destructive"});
  CHECK(r.exit_code == 0);
  CHECK(p.snapshot() == before);
  auto json = p.bcdb({"migrate", "--dry-run", "--allow-destructive", "--format", "json"});
  CHECK(schema_errors("migrate.schema.json", json.out) == "");
}

TEST_CASE("migrate --format json reports what was applied") {
  Project p;
  p.manifests(kShopBefore);
  auto r = p.bcdb({"migrate", "--format", "json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(schema_errors("migrate.schema.json", r.out) == "");
  CHECK(r.out.find("\"applied\": 2") != std::string::npos);
}

TEST_CASE("a saved plan applies later, and is refused once the database has changed") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopAfter);
  auto saved = p.bcdb({"diff", "--out", "plan.json", "--quiet"});
  REQUIRE_MESSAGE(saved.exit_code == 0, saved.err);
  CHECK(schema_errors("plan.schema.json", read_file(p.dir() / "plan.json")) == "");

  auto applied = p.bcdb({"migrate", "--plan", "plan.json", "--allow-destructive"});
  REQUIRE_MESSAGE(applied.exit_code == 0, applied.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);

  auto again = p.bcdb({"migrate", "--plan", "plan.json", "--allow-destructive"});
  CHECK(again.exit_code == 4);
  CHECK(again.err.find("has changed since plan.json was made") != std::string::npos);
}
