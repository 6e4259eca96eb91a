#include "plan/expression_check.h"

#include "plan/recipes/column_sync.h"

namespace bcdb::plan {
namespace {

// The desired column a recipe's column stands for: itself, or the column whose shadow it is.
const model::Column* column_for(const model::Table& desired, const std::string& name) {
  if (const model::Column* c = desired.find_column(name)) return c;
  for (const auto& c : desired.columns)
    if (recipes::shadow_name(c.name) == name) return &c;
  return nullptr;
}

// The manifest's name for what a backfill sets: the column itself (its `up`, or a rename's
// old column), or the column whose shadow (or table copy: `copy`) it is (its `using`).
std::string label(const model::Table& desired, const std::string& set, bool copy) {
  const model::Column* c = column_for(desired, set);
  if (!c) return "column " + set;
  if (c->name == set && !copy) return "column " + c->name + ": " + (c->up ? "up" : "renamed_from");
  return "column " + c->name + ": " + (c->using_expr ? "using" : "type");
}

const model::Table* live_table(const model::Table& desired, const model::Schema& live) {
  if (const model::Table* t = live.find_table(desired.qualified_name())) return t;
  if (desired.renamed_from) return live.find_table(model::qualify(desired.schema, *desired.renamed_from));
  return nullptr;
}

// The row a sync trigger sees, for a SELECT: the live table with the columns expand adds as
// NULLs of their types.
std::string row_source(const dialect::Dialect& dialect, const model::Sync& sync, const model::Table& desired,
                       const model::Table& live) {
  std::string select = "SELECT *";
  for (const auto& name : sync.row) {
    if (live.find_column(name)) continue;
    const model::Column* c = column_for(desired, name);
    select += ", " + (c ? dialect.typed_null(desired, *c) : std::string("NULL")) + " AS " + dialect.quote(name);
  }
  return "(" + select + " FROM " + dialect.quote_table(live.qualified_name()) + ") AS bcdb_row";
}

}  // namespace

std::vector<std::string> expression_errors(const dialect::Dialect& dialect, dialect::Connection& connection,
                                           const diff::ChangeSet& changes, const model::Schema& desired,
                                           const model::Schema& live) {
  std::vector<std::string> out;
  for (const auto& c : changes) {
    if (c.kind != diff::ChangeKind::backfill && c.kind != diff::ChangeKind::create_sync) continue;
    const model::Table* d = desired.find_table(c.table);
    const model::Table* l = d ? live_table(*d, live) : nullptr;
    if (!l) continue;
    if (c.kind == diff::ChangeKind::create_sync) {
      // down: the old columns' values from the new row, which the trigger computes on the old
      // version's writes.
      const auto& sync = c.desired_as<model::Sync>();
      const std::string row = row_source(dialect, sync, *d, *l);
      for (const auto& column : sync.columns)
        for (const auto& [old, transform] : column.down) {
          const std::string& expr = transform.on(dialect.engine());
          if (auto error = connection.prepare_error("SELECT " + expr + " FROM " + row))
            out.push_back("table " + c.table + ": column " + column.column + ": down" + (old.empty() ? "" : "." + old) +
                          ": the database cannot compute " + expr + " over the table's rows: " + *error);
        }
      continue;
    }
    const auto& backfill = c.desired_as<model::Backfill>();
    for (const auto& [column, transform] : backfill.set) {
      const std::string& expr = transform.on(dialect.engine());
      if (auto error = connection.prepare_error("SELECT " + expr + " FROM " + dialect.quote_table(l->qualified_name())))
        out.push_back("table " + c.table + ": " + label(*d, column, !backfill.into.empty()) + ": the database cannot compute " + expr +
                      " over the table's rows: " + *error);
    }
  }
  return out;
}

}  // namespace bcdb::plan
