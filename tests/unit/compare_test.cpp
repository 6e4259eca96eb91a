#include <doctest/doctest.h>

#include "diff/apply.h"
#include "diff/compare.h"
#include "model/canonical.h"

using namespace bcdb;
using model::Column;
using model::Table;

namespace {

Column col(std::string name, const char* type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = *model::parse_type(type);
  c.nullable = nullable;
  return c;
}

Table orders() {
  Table t;
  t.name = "orders";
  t.columns = {col("id", "int64"), col("total", "decimal(12,2)"), col("note", "text", true)};
  t.primary_key = model::PrimaryKey{"", {"id"}};
  t.indexes.push_back({"orders_total_idx", {{"total", "", false}}, false, "", "", {}});
  return t;
}

diff::ChangeSet changes(const model::Schema& desired, const model::Schema& live) {
  return diff::compare(desired, live, diff::CompareContext{});
}

}  // namespace

TEST_CASE("identical schemas have no changes and the same fingerprint") {
  model::Schema a{{orders()}, {}};
  model::Schema b = a;
  std::reverse(b.tables.front().columns.begin(), b.tables.front().columns.end());
  CHECK(changes(a, b).empty());
  CHECK(model::fingerprint(a) == model::fingerprint(b));
}

TEST_CASE("a changed column type is reported with both sides") {
  model::Schema desired{{orders()}, {}};
  model::Schema live = desired;
  live.tables[0].columns[1].type = *model::parse_type("float64");
  auto cs = changes(desired, live);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].kind == diff::ChangeKind::alter_column);
  CHECK(cs[0].object == "total");
  REQUIRE(cs[0].attributes.size() == 1);
  CHECK(cs[0].attributes[0].attribute == "type");
  CHECK(cs[0].attributes[0].desired == "decimal(12,2)");
  CHECK(cs[0].attributes[0].live == "float64");
}

TEST_CASE("renames come only from explicit hints") {
  model::Schema live{{orders()}, {}};
  model::Schema desired = live;
  desired.tables[0].columns[2].name = "remark";
  auto without_hint = changes(desired, live);
  CHECK(without_hint.size() == 2);  // add remark, drop note: never guessed

  desired.tables[0].columns[2].renamed_from = "note";
  auto with_hint = changes(desired, live);
  REQUIRE(with_hint.size() == 1);
  CHECK(with_hint[0].kind == diff::ChangeKind::rename_column);
}

TEST_CASE("applying the changes to the live schema yields the desired schema") {
  model::Schema live{{orders()}, {}};
  model::Schema desired = live;
  auto& t = desired.tables[0];
  t.columns.push_back(col("placed_at", "timestamptz"));
  t.columns[1].type = *model::parse_type("decimal(14,2)");
  t.indexes.clear();
  t.checks.push_back({"orders_total_nonneg", "total >= 0"});
  Table customers;
  customers.name = "customers";
  customers.columns = {col("id", "int64")};
  desired.tables.push_back(customers);
  live.tables.push_back(Table{"", "legacy", "", {col("x", "text")}, {}, {}, {}, {}, {}, {}, {}});

  auto cs = changes(desired, live);
  model::Schema result = live;
  diff::apply(result, cs);
  CHECK(changes(desired, result).empty());
  CHECK(model::fingerprint(result) == model::fingerprint(desired));
}
