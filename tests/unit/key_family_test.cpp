#include <doctest/doctest.h>

#include "plan/recipes/key_family.h"

using namespace bcdb;
using plan::recipes::key_families;
using plan::recipes::RecipeOptions;

namespace {

model::Column col(std::string name, const char* type) {
  model::Column c;
  c.name = std::move(name);
  c.type = *model::parse_type(type);
  return c;
}

// accounts(id PK) referenced by transfers(account_id); `key` and `reference` are their types.
model::Schema bank(const char* key, const char* reference) {
  model::Table accounts;
  accounts.name = "accounts";
  accounts.columns = {col("id", key), col("owner", "text")};
  accounts.primary_key = model::PrimaryKey{"accounts_pkey", {"id"}};
  model::Table transfers;
  transfers.name = "transfers";
  transfers.columns = {col("id", "int64"), col("account_id", reference)};
  transfers.primary_key = model::PrimaryKey{"transfers_pkey", {"id"}};
  transfers.foreign_keys.push_back({"transfers_account_fk", {"account_id"}, "accounts", {"id"}});
  model::Schema s;
  s.tables = {accounts, transfers};
  return s;
}

diff::Change retype(const std::string& table, const std::string& column) {
  diff::Change c{diff::ChangeKind::alter_column, table, column};
  c.attributes.push_back({"type", "bigint", "integer"});
  return c;
}

RecipeOptions postgres_options() {
  RecipeOptions o;
  o.engine = "postgres";
  o.shadow_keys = true;
  o.type_change_rewrites = [](const model::Column& from, const model::Column& to) { return from.type != to.type; };
  o.rows = {{"accounts", 50'000}, {"transfers", 80'000}};
  o.rewrite_threshold_rows = 10'000;
  return o;
}

}  // namespace

TEST_CASE("key family: a widened key and the referencing column that widens with it") {
  const diff::ChangeSet changes{retype("accounts", "id"), retype("transfers", "account_id")};
  auto families = key_families(changes, bank("int64", "int64"), bank("int32", "int32"), postgres_options());
  REQUIRE(families.size() == 1);
  CHECK(families[0].table == "accounts");
  CHECK(families[0].column == "id");
  REQUIRE(families[0].references.size() == 1);
  CHECK(families[0].references[0].table == "transfers");
  CHECK(families[0].references[0].foreign_key.name == "transfers_account_fk");
  CHECK(families[0].references[0].shadowed);
}

TEST_CASE("key family: a referencing column that keeps its type is only re-pointed") {
  const diff::ChangeSet changes{retype("accounts", "id")};
  auto families = key_families(changes, bank("int64", "int32"), bank("int32", "int32"), postgres_options());
  REQUIRE(families.size() == 1);
  REQUIRE(families[0].references.size() == 1);
  CHECK_FALSE(families[0].references[0].shadowed);
}

TEST_CASE("key family: none where the single ALTER stays") {
  const diff::ChangeSet changes{retype("accounts", "id"), retype("transfers", "account_id")};
  const auto desired = bank("int64", "int64"), live = bank("int32", "int32");
  SUBCASE("the engine cannot") {
    auto o = postgres_options();
    o.shadow_keys = false;
    CHECK(key_families(changes, desired, live, o).empty());
  }
  SUBCASE("--allow-blocking, with no shadow under way") {
    auto o = postgres_options();
    o.allow_blocking = true;
    CHECK(key_families(changes, desired, live, o).empty());
  }
  SUBCASE("a small table") {
    auto o = postgres_options();
    o.rows["accounts"] = 10;
    CHECK(key_families(changes, desired, live, o).empty());
  }
  SUBCASE("a narrowing without using") {
    CHECK(key_families(changes, bank("int32", "int32"), bank("int64", "int64"), postgres_options()).empty());
  }
  SUBCASE("a key nothing references") {
    model::Schema d = desired, l = live;
    d.tables[1].foreign_keys.clear();
    l.tables[1].foreign_keys.clear();
    CHECK(key_families(changes, d, l, postgres_options()).empty());
  }
  SUBCASE("a referencing table with a rename of its own") {
    model::Schema d = desired;
    d.tables[1].columns.push_back(col("memo", "text"));
    d.tables[1].columns.back().renamed_from = "note";
    CHECK(key_families(changes, d, live, postgres_options()).empty());
  }
}

TEST_CASE("key family: --allow-blocking finishes a key shadow under way") {
  const diff::ChangeSet changes{retype("accounts", "id"), retype("transfers", "account_id")};
  auto live = bank("int32", "int32");
  live.tables[0].columns.push_back(col("id_bcdb_new", "int64"));
  auto o = postgres_options();
  o.allow_blocking = true;
  CHECK(key_families(changes, bank("int64", "int64"), live, o).size() == 1);
}
