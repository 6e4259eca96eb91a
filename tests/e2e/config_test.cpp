// Where the database and the manifests come from: --db > BCDB_DATABASE_URL > DATABASE_URL >
// bcdb.toml (its --env section first) > sqlite:bcdb.db.
#include <doctest/doctest.h>

#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;

namespace {

bool has_table(const std::filesystem::path& db, const std::string& table) {
  if (!std::filesystem::exists(db)) return false;
  return SqliteDb(db).scalar("SELECT count(*) FROM sqlite_schema WHERE name = '" + table + "'") == "1";
}

}  // namespace

TEST_CASE("bcdb.toml names the database and the manifest folder") {
  TempDir dir;
  write_file(dir / "db" / "schema" / "shop.toml", kShopBefore);
  write_file(dir / "bcdb.toml", "database = \"sqlite:app.db\"\nmanifests = \"db/schema\"\n");
  auto r = run_bcdb({"migrate"}, dir.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(has_table(dir / "app.db", "orders"));
  CHECK_FALSE(std::filesystem::exists(dir / "bcdb.db"));
}

TEST_CASE("--env picks a section of bcdb.toml and ${env:NAME} fills in secrets") {
  TempDir dir;
  write_file(dir / "manifests" / "shop.toml", kShopBefore);
  write_file(dir / "bcdb.toml", R"toml(
database = "sqlite:dev.db"
[env.staging]
database = "sqlite:${env:STAGING_FILE}"
)toml");
  auto r = run_bcdb({"migrate", "--env", "staging"}, dir.path(), {{"STAGING_FILE", "staging.db"}});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(has_table(dir / "staging.db", "orders"));
  CHECK_FALSE(std::filesystem::exists(dir / "dev.db"));

  auto unset = run_bcdb({"drift", "--env", "staging"}, dir.path(), {{"STAGING_FILE", ""}});
  CHECK(unset.exit_code == 2);
  CHECK(unset.err.find("environment variable STAGING_FILE is not set") != std::string::npos);

  auto typo = run_bcdb({"drift", "--env", "stagin"}, dir.path());
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'staging'?") != std::string::npos);
}

TEST_CASE("flag beats BCDB_DATABASE_URL beats DATABASE_URL beats bcdb.toml beats the default") {
  TempDir dir;
  write_file(dir / "manifests" / "shop.toml", kShopBefore);
  write_file(dir / "bcdb.toml", "database = \"sqlite:toml.db\"\n");
  std::map<std::string, std::string> both = {{"BCDB_DATABASE_URL", "sqlite:bcdb_env.db"},
                                             {"DATABASE_URL", "sqlite:plain_env.db"}};
  REQUIRE(run_bcdb({"migrate", "--db", "sqlite:flag.db"}, dir.path(), both).exit_code == 0);
  CHECK(has_table(dir / "flag.db", "orders"));
  REQUIRE(run_bcdb({"migrate"}, dir.path(), both).exit_code == 0);
  CHECK(has_table(dir / "bcdb_env.db", "orders"));
  REQUIRE(run_bcdb({"migrate"}, dir.path(), {{"DATABASE_URL", "sqlite:plain_env.db"}}).exit_code == 0);
  CHECK(has_table(dir / "plain_env.db", "orders"));
  REQUIRE(run_bcdb({"migrate"}, dir.path()).exit_code == 0);
  CHECK(has_table(dir / "toml.db", "orders"));
  std::filesystem::remove(dir / "bcdb.toml");
  REQUIRE(run_bcdb({"migrate"}, dir.path()).exit_code == 0);
  CHECK(has_table(dir / "bcdb.db", "orders"));
}

TEST_CASE("a broken bcdb.toml is refused with file:line:col") {
  TempDir dir;
  write_file(dir / "manifests" / "shop.toml", kShopBefore);
  write_file(dir / "bcdb.toml", "databse = \"sqlite:x.db\"\n");
  auto r = run_bcdb({"drift"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bcdb.toml:1:1: unknown key 'databse' (did you mean 'database'?)") != std::string::npos);
  write_file(dir / "bcdb.toml", "database = 5\n");
  auto wrong_type = run_bcdb({"drift"}, dir.path());
  CHECK(wrong_type.exit_code == 2);
  CHECK(wrong_type.err.find("database must be a string") != std::string::npos);
}

TEST_CASE("a missing manifest folder, or one with only subfolders, is a clear error") {
  TempDir dir;
  auto missing = run_bcdb({"drift"}, dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("manifests") != std::string::npos);
  write_file(dir / "manifests" / "commerce" / "a.toml", kShopBefore);
  auto nested = run_bcdb({"drift"}, dir.path());
  CHECK(nested.exit_code == 2);
  CHECK(nested.err.find("--manifests manifests/commerce") != std::string::npos);
}
