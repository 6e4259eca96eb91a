#include "plan/expression_check.h"

#include "plan/recipes/column_sync.h"

namespace bcdb::plan {
namespace {

// The manifest's name for what a backfill sets: the column itself (its `up`, or a rename's
// old column), or the column whose shadow it is (its `using`).
std::string label(const model::Table& desired, const std::string& set) {
  if (const model::Column* c = desired.find_column(set)) return "column " + c->name + ": " + (c->up ? "up" : "renamed_from");
  for (const auto& c : desired.columns)
    if (recipes::shadow_name(c.name) == set) return "column " + c.name + ": " + (c.using_expr ? "using" : "type");
  return "column " + set;
}

const model::Table* live_table(const model::Table& desired, const model::Schema& live) {
  if (const model::Table* t = live.find_table(desired.qualified_name())) return t;
  if (desired.renamed_from) return live.find_table(model::qualify(desired.schema, *desired.renamed_from));
  return nullptr;
}

}  // namespace

std::vector<std::string> expression_errors(const dialect::Dialect& dialect, dialect::Connection& connection,
                                           const diff::ChangeSet& changes, const model::Schema& desired,
                                           const model::Schema& live) {
  std::vector<std::string> out;
  for (const auto& c : changes) {
    if (c.kind != diff::ChangeKind::backfill) continue;
    const model::Table* d = desired.find_table(c.table);
    const model::Table* l = d ? live_table(*d, live) : nullptr;
    if (!l) continue;
    for (const auto& [column, transform] : c.desired_as<model::Backfill>().set) {
      const std::string& expr = transform.on(dialect.engine());
      if (auto error = connection.prepare_error("SELECT " + expr + " FROM " + dialect.quote_table(l->qualified_name())))
        out.push_back("table " + c.table + ": " + label(*d, column) + ": the database cannot compute " + expr +
                      " over the table's rows: " + *error);
    }
  }
  return out;
}

}  // namespace bcdb::plan
