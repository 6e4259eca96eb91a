// drift, sync-check and verify: the CI gates and their exit codes.
#include <doctest/doctest.h>

#include "json_schema.h"
#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;

TEST_CASE("drift lists every difference, one per line, and exits 1") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  // Someone changed the database by hand.
  p.db().exec("CREATE TABLE scratch (x INT); ALTER TABLE orders ADD COLUMN coupon TEXT;"
              "CREATE INDEX orders_status_idx ON orders (status);");
  p.manifests(kShopAfter);
  auto r = p.bcdb({"drift"});
  CHECK(r.exit_code == 1);
  for (const char* line : {"missing table refunds", "extra table scratch", "extra column orders.coupon",
                           "missing column orders.placed_at", "extra index orders_status_idx on orders",
                           "missing index orders_customer_idx on orders",
                           "changed orders.status: default 'pending' in manifest, 'new' in database",
                           "changed orders.note: nullable nullable in manifest, not null in database",
                           "missing unique constraint customers_email_key on customers",
                           "missing foreign key orders_customer_fk on orders",
                           "missing check orders_total_nonneg on orders", "extra column customers.legacy_code"})
    CHECK_MESSAGE(r.out.find(line) != std::string::npos, line << " missing from:\n" << r.out);
}

TEST_CASE("drift names the attribute that differs, with both values") {
  Project p;
  p.manifests(R"toml(
[tables.orders]
columns = [ { name = "total", type = "decimal(12,2)" } ]
)toml");
  p.db().exec("CREATE TABLE orders (total REAL NOT NULL)");
  auto r = p.bcdb({"drift"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("changed orders.total: type decimal(12,2) in manifest, float64 in database") != std::string::npos);
}

TEST_CASE("drift --format json validates and is empty when in sync") {
  Project p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto clean = p.bcdb({"drift", "--format", "json"});
  CHECK(clean.exit_code == 0);
  CHECK(schema_errors("drift.schema.json", clean.out) == "");
  CHECK(clean.out.find("\"in_sync\": true") != std::string::npos);
  p.manifests(kShopAfter);
  auto dirty = p.bcdb({"drift", "--format", "json"});
  CHECK(dirty.exit_code == 1);
  CHECK(schema_errors("drift.schema.json", dirty.out) == "");
  CHECK(dirty.out.find("\"attribute\": \"default\"") != std::string::npos);
}

TEST_CASE("sync-check passes when in sync and fails on drift, pending steps or a failed run") {
  Project p;
  p.manifests(kShopBefore);
  auto missing = p.bcdb({"sync-check"});
  CHECK(missing.exit_code == 3);  // no database yet
  CHECK(missing.err.find("does not exist") != std::string::npos);
  p.db().exec("CREATE TABLE unrelated (id INTEGER PRIMARY KEY)");
  auto before = p.bcdb({"sync-check"});
  CHECK(before.exit_code == 1);  // nothing migrated yet: everything is pending
  REQUIRE(p.bcdb({"migrate", "--allow-destructive"}).exit_code == 0);
  auto ok = p.bcdb({"sync-check"});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("in sync") != std::string::npos);
  auto json = p.bcdb({"sync-check", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK(schema_errors("sync-check.schema.json", json.out) == "");

  p.manifests(kShopAfter);
  auto pending = p.bcdb({"sync-check", "--format", "json"});
  CHECK(pending.exit_code == 1);
  CHECK(schema_errors("sync-check.schema.json", pending.out) == "");
  CHECK(pending.out.find("\"in_sync\": false") != std::string::npos);

  // A failed last run keeps the gate closed even when the schema matches.
  p.manifests(kShopBefore);
  p.db().exec("UPDATE bcdb_migrations SET status = 'failed', error = 'boom' WHERE id = (SELECT max(id) FROM bcdb_migrations)");
  auto failed = p.bcdb({"sync-check"});
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.find("failed") != std::string::npos);
  CHECK(failed.out.find("NOT in sync") != std::string::npos);
}

TEST_CASE("verify checks manifests without a database and reports all problems at once") {
  TempDir dir;
  write_file(dir / "manifests" / "a.toml", R"toml(
[tables.orders]
primary_key = ["id"]
colums = []
columns = [
  { name = "id", type = "int64", nullable = true },
  { name = "total", type = "decimel(12,2)" },
  { name = "total", type = "text" },
  { name = "customer_id", type = "int32" },
]
indexes = [ { name = "orders_x_idx", columns = ["nope"] } ]
foreign_keys = [ { columns = ["customer_id"], references = { table = "customers", columns = ["id"] } } ]
checks = [ { name = "empty", expr = "  " } ]
)toml");
  write_file(dir / "manifests" / "b.toml", R"toml(
[tables.customers]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
[tables.broken
)toml");
  auto r = run_bcdb({"verify"}, dir.path());
  CHECK(r.exit_code == 1);
  for (const char* expected : {"a.toml:4:1", "unknown key 'colums'", "did you mean 'columns'",
                               "primary key: column id is nullable", "decimel", "did you mean 'decimal", "duplicate column",
                               "nope", "type", "empty", "b.toml:5:"})
    CHECK_MESSAGE(r.out.find(expected) != std::string::npos, expected << " missing from:\n" << r.out);
  auto json = run_bcdb({"verify", "--format", "json"}, dir.path());
  CHECK(json.exit_code == 1);
  CHECK(schema_errors("verify.schema.json", json.out) == "");

  // Every other command refuses the same manifests with exit code 2 and the same messages.
  for (const char* command : {"migrate", "diff", "drift", "sync-check"}) {
    auto other = run_bcdb({command}, dir.path());
    CHECK_MESSAGE(other.exit_code == 2, command);
    CHECK_MESSAGE(other.err.find("unknown key 'colums'") != std::string::npos, command);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "bcdb.db"));
}

TEST_CASE("verify warns of up, down and using expressions that read names the table does not declare") {
  TempDir dir;
  write_file(dir / "manifests" / "people.toml", R"toml(
[tables.people]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "first_name", type = "text", nullable = true, up = "split_part(fulname, ' ', 1)", down = { full_name = "first_name || ' ' || last_name" } },
  { name = "last_name", type = "text", nullable = true, up = "split_part(full_name, ' ', 2)" },
  { name = "n", type = "int64", using = { expr = "CAST(n AS bigint) + offset_by", mysql = "n + 0" } },
  { name = "code", type = "varchar(20)", renamed_from = "old_code", up = "upper(old_code) || CAST(id AS text)" },
]
)toml");
  auto r = run_bcdb({"verify"}, dir.path());
  CHECK_MESSAGE(r.exit_code == 0, r.out);  // advice: the live table may hold those columns
  CHECK_MESSAGE(contains(r.out, "people.toml:6:63: table people: column first_name: up reads fulname, which the manifest "
                                "declares as no column of the table"),
                r.out);
  CHECK_MESSAGE(contains(r.out, "column n: using reads offset_by"), r.out);
  CHECK_FALSE(contains(r.out, "full_name,"));  // a column down fills is known
  CHECK_FALSE(contains(r.out, "column last_name"));
  CHECK_FALSE(contains(r.out, "column code"));  // renamed_from's old name, and a type after AS
  auto json = run_bcdb({"verify", "--format", "json"}, dir.path());
  CHECK(json.exit_code == 0);
  CHECK(schema_errors("verify.schema.json", json.out) == "");
  CHECK(contains(json.out, "up reads fulname"));
}

TEST_CASE("verify accepts the demo manifests") {
  TempDir dir;
  auto r = run_bcdb({"verify", "--manifests", (source_dir() / "manifests" / "commerce").string()}, dir.path());
  CHECK_MESSAGE(r.exit_code == 0, r.out);
  CHECK(r.out.find("valid") != std::string::npos);
}

TEST_CASE("the demo manifests and inspect's output follow schemas/manifest.schema.json") {
  Project p;
  p.vertical("commerce");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  REQUIRE(p.bcdb({"inspect", "--out", "inspected"}).exit_code == 0);
  std::vector<std::string> args = {(source_dir() / "tests/support/validate_toml.py").string(),
                                   (source_dir() / "schemas/manifest.schema.json").string()};
  for (const auto& folder : {source_dir() / "manifests" / "commerce", p.dir() / "inspected"})
    for (const auto& entry : std::filesystem::directory_iterator(folder)) args.push_back(entry.path().string());
  auto r = run("/usr/bin/python3", args, p.dir());
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
}
