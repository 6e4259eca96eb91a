#include <doctest/doctest.h>

#include <algorithm>

#include "dialect/dialect.h"
#include "diff/compare.h"
#include "plan/planner.h"

using namespace bcdb;

namespace {

model::Column col(std::string name, const char* type, bool nullable = false) {
  model::Column c;
  c.name = std::move(name);
  c.type = *model::parse_type(type);
  c.nullable = nullable;
  return c;
}

model::Table parent() {
  model::Table t;
  t.name = "parent";
  t.columns = {col("id", "int64"), col("name", "text"), col("legacy", "text", true)};
  t.columns[0].identity = true;
  t.primary_key = model::PrimaryKey{"", {"id"}};
  return t;
}

model::Table child() {
  model::Table t;
  t.name = "child";
  t.columns = {col("id", "int64"), col("parent_id", "int64")};
  t.columns[0].identity = true;
  t.primary_key = model::PrimaryKey{"", {"id"}};
  t.foreign_keys.push_back({"child_parent_fk", {"parent_id"}, "parent", {"id"}, model::FkAction::cascade,
                            model::FkAction::no_action});
  return t;
}

plan::Plan make(const model::Schema& desired_in, const model::Schema& live_in, std::int64_t rows = 0) {
  auto dialect = dialect::make_dialect("sqlite");
  model::Schema desired = desired_in, live = live_in;
  auto scratch = dialect->connect(dialect::Url::parse("sqlite::memory:"), dialect::Dialect::Access::read_only);
  dialect->canonicalize(desired, *scratch);
  dialect->canonicalize(live, *scratch);
  diff::CompareContext ctx;
  ctx.engine = "sqlite";
  ctx.column_type = [&](const model::Table& t, const model::Column& c) { return dialect->column_type(t, c); };
  auto changes = diff::compare(desired, live, ctx);
  dialect::TableStats stats;
  for (const auto& t : live.tables) stats.rows[t.name] = rows;
  return plan::make_plan(desired, live, changes, *dialect, stats, plan::PlannerOptions{});
}

std::vector<std::string> body(const plan::Step& s) {
  std::vector<std::string> out;
  for (const auto& a : s.actions)
    if (a.stage == plan::Action::Stage::body && a.kind == plan::Action::Kind::exec) out.push_back(a.sql);
  return out;
}

}  // namespace

TEST_CASE("changes land in their blue/green phase, expand before contract") {
  model::Schema live{{parent()}, {}, {}};
  model::Schema desired = live;
  desired.tables[0].columns.pop_back();                           // drop legacy: contract, destructive
  desired.tables[0].columns.push_back(col("email", "text", true));  // add nullable: expand
  desired.tables.push_back(child());                                // new table: expand
  auto p = make(desired, live);
  REQUIRE(p.steps.size() >= 3);
  CHECK(p.steps.front().phase == plan::Phase::expand);
  CHECK(p.steps.back().phase == plan::Phase::contract);
  CHECK(p.steps.back().safety == plan::Safety::destructive);
  for (std::size_t i = 0; i < p.steps.size(); ++i) CHECK(p.steps[i].ordinal == static_cast<int>(i + 1));
}

TEST_CASE("SQLite rebuilds follow the documented order and never rename the old table") {
  model::Schema live{{parent(), child()}, {}, {}};
  model::Schema desired = live;
  desired.tables[0].checks.push_back({"parent_name_set", "length(name) > 0"});
  auto p = make(desired, live);
  REQUIRE(p.steps.size() == 1);
  const auto& s = p.steps.front();
  CHECK(s.summary.rfind("rebuild table parent", 0) == 0);
  // Foreign keys go off outside the transaction.
  REQUIRE(!s.actions.empty());
  CHECK(s.actions.front().stage == plan::Action::Stage::setup);
  CHECK(s.actions.front().sql == "PRAGMA foreign_keys = OFF");
  auto statements = body(s);
  auto at = [&](const std::string& prefix) {
    auto it = std::find_if(statements.begin(), statements.end(), [&](const std::string& x) { return x.rfind(prefix, 0) == 0; });
    return it - statements.begin();
  };
  auto create = at("CREATE TABLE \"_bcdb_new_parent\""), copy = at("INSERT INTO \"_bcdb_new_parent\""),
       drop = at("DROP TABLE \"parent\""), rename = at("ALTER TABLE \"_bcdb_new_parent\" RENAME TO \"parent\"");
  CHECK(create < copy);
  CHECK(copy < drop);
  CHECK(drop < rename);
  CHECK(rename < static_cast<long>(statements.size()));
  for (const auto& x : statements) CHECK(x.find("RENAME TO \"_bcdb") == std::string::npos);  // old table never renamed
  // The checks before commit: the table's own foreign keys, its children's, and the row count.
  auto checks = std::count_if(s.actions.begin(), s.actions.end(), [](const plan::Action& a) {
    return a.kind == plan::Action::Kind::assert_empty && a.sql.rfind("PRAGMA foreign_key_check", 0) == 0;
  });
  CHECK(checks == 2);
  CHECK(std::any_of(s.actions.begin(), s.actions.end(),
                    [](const plan::Action& a) { return a.message.find("same number of rows") != std::string::npos; }));
}

TEST_CASE("a rewrite of a big table is class rewrite, of a small one a brief lock") {
  model::Schema live{{parent()}, {}, {}};
  model::Schema desired = live;
  desired.tables[0].checks.push_back({"parent_name_set", "length(name) > 0"});
  CHECK(make(desired, live, 10).steps.front().safety == plan::Safety::brief_lock);
  CHECK(make(desired, live, 1000000).steps.front().safety == plan::Safety::rewrite);
}

TEST_CASE("an ADD COLUMN SQLite can do in place is a brief metadata lock, not a rebuild") {
  model::Schema live{{parent()}, {}, {}};
  model::Schema desired = live;
  desired.tables[0].columns.push_back(col("email", "text", true));
  auto p = make(desired, live, 1000000);
  REQUIRE(p.steps.size() == 1);
  CHECK(p.steps[0].safety == plan::Safety::brief_lock);
  CHECK(p.steps[0].statements().front() == "ALTER TABLE \"parent\" ADD COLUMN \"email\" TEXT");
}
