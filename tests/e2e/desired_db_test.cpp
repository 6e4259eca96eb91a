// A live database as the desired side (--to URL), and inspect writing manifests back.
#include <doctest/doctest.h>

#include "json_schema.h"
#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;

TEST_CASE("diff and migrate --to take another SQLite database as the desired schema") {
  Project staging, production;
  staging.manifests(kShopAfter);
  REQUIRE(staging.bcdb({"migrate"}).exit_code == 0);
  production.manifests(kShopBefore);
  REQUIRE(production.bcdb({"migrate"}).exit_code == 0);
  production.db().exec(kShopRows);

  std::string to = "sqlite:" + staging.db_path().string();
  auto diff = production.bcdb({"diff", "--to", to});
  REQUIRE_MESSAGE(diff.exit_code == 0, diff.err);
  CHECK(diff.out.find("create table refunds") != std::string::npos);
  auto drift = production.bcdb({"drift", "--to", to});
  CHECK(drift.exit_code == 1);
  CHECK(drift.out.find("in desired database") != std::string::npos);

  auto migrate = production.bcdb({"migrate", "--to", to, "--allow-destructive"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  CHECK(production.bcdb({"drift", "--to", to}).exit_code == 0);
  CHECK(production.db().count("orders") == 3);
  // The desired database was only read.
  CHECK(staging.db().scalar("SELECT count(*) FROM bcdb_migrations") == "1");
}

TEST_CASE("inspect writes manifests from a database bcdb did not create, and drift against them is clean") {
  Project p;
  p.db().exec(R"sql(
    CREATE TABLE regions (code TEXT NOT NULL, country TEXT NOT NULL, name TEXT, PRIMARY KEY (country, code)) WITHOUT ROWID;
    CREATE TABLE users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email TEXT NOT NULL COLLATE NOCASE UNIQUE,
      score REAL DEFAULT 0.5 CHECK (score >= 0),
      created TEXT DEFAULT (datetime('now')),
      kind VARCHAR(10) NOT NULL DEFAULT 'member',
      region_country TEXT, region_code TEXT,
      CONSTRAINT users_region_fk FOREIGN KEY (region_country, region_code) REFERENCES regions (country, code)
        ON DELETE SET NULL ON UPDATE CASCADE,
      CONSTRAINT users_kind_known CHECK (kind IN ('member', 'admin'))
    );
    CREATE TABLE events (user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE, at INT NOT NULL, payload BLOB,
                         day INT GENERATED ALWAYS AS (at / 86400) VIRTUAL) STRICT;
    CREATE INDEX events_user_at ON events (user_id, at DESC);
    CREATE INDEX users_lower_email ON users (lower(email));
    CREATE INDEX users_admins ON users (created) WHERE kind = 'admin';
    CREATE VIEW admins AS SELECT * FROM users WHERE kind = 'admin';
    CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET created = created WHERE id = new.id; END;
    CREATE TABLE legacy (label TEXT DEFAULT Unknown, code INT UNIQUE ON CONFLICT REPLACE);
  )sql");
  auto r = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(std::filesystem::exists(p.dir() / "inspected" / "users.toml"));
  // Views and triggers are not represented yet: said so, not silently dropped.
  CHECK(r.err.find("view admins") != std::string::npos);
  CHECK(r.err.find("trigger users_touch") != std::string::npos);
  CHECK(r.err.find("table legacy: ON CONFLICT clauses are not represented") != std::string::npos);
  // SQLite stores a bare word after DEFAULT as a string; the manifest says so.
  CHECK(read_file(p.dir() / "inspected" / "legacy.toml").find("default = \"'Unknown'\"") != std::string::npos);

  auto verify = p.bcdb({"verify", "--manifests", "inspected"});
  CHECK_MESSAGE(verify.exit_code == 0, verify.out);
  auto drift = p.bcdb({"drift", "--manifests", "inspected"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out << read_file(p.dir() / "inspected" / "users.toml"));
  auto plan = p.bcdb({"diff", "--manifests", "inspected"});
  CHECK(plan.out.find("nothing to do") != std::string::npos);

  auto json = p.bcdb({"inspect", "--out", "inspected", "--force", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK(schema_errors("inspect.schema.json", json.out) == "");
  CHECK(p.bcdb({"inspect", "--out", "inspected"}).exit_code == 2);  // would overwrite without --force
}

TEST_CASE("inspect of a database half-way through a blue/green rename says so instead of passing it off as the schema") {
  Project p;
  p.manifests(R"toml(
[tables.people]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "full_name", type = "text", nullable = true } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO people (id, full_name) VALUES (1, 'Ada Lovelace')");
  p.manifests(R"toml(
[tables.people]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "name", type = "text", nullable = true, renamed_from = "full_name" } ]
)toml");
  REQUIRE(p.bcdb({"migrate", "--phase", "expand"}).exit_code == 0);
  auto r = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK_MESSAGE(contains(r.err, "table people: a bcdb migration is under way"), r.err);
  auto json = p.bcdb({"inspect", "--out", "inspected", "--force", "--format", "json"});
  CHECK(schema_errors("inspect.schema.json", json.out) == "");
  CHECK(contains(json.out, "a bcdb migration is under way"));

  REQUIRE(p.bcdb({"migrate", "--phase", "backfill"}).exit_code == 0);
  REQUIRE(p.bcdb({"migrate", "--phase", "contract"}).exit_code == 0);
  auto after = p.bcdb({"inspect", "--out", "inspected", "--force"});
  CHECK_FALSE(contains(after.err, "under way"));
  CHECK(contains(read_file(p.dir() / "inspected" / "people.toml"), "\"name\""));
}
