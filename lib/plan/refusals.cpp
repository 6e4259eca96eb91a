#include "plan/refusals.h"

#include "plan/view_dependencies.h"

namespace bcdb::plan {
namespace {

using diff::ChangeKind;

bool needs_a_value(const model::Column& c) {
  return !c.nullable && !c.default_expr && !c.identity && !c.generated && !c.up;
}

}  // namespace

Refusals refusals(const diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                  const std::function<bool(const std::string&)>& has_rows) {
  Refusals out;
  bool fresh = std::none_of(desired.tables.begin(), desired.tables.end(),
                            [&](const model::Table& t) { return live.find_table(t.qualified_name()) != nullptr; });
  for (const auto& c : changes) {
    if (c.kind == ChangeKind::create_table) {
      const auto& t = c.desired_as<model::Table>();
      if (t.renamed_from && !fresh)
        out.manifest.push_back("table " + t.qualified_name() + ": renamed_from names table " + *t.renamed_from +
                               ", which the database does not have (nor " + t.name +
                               "): fix the name, or remove renamed_from to create the table");
      continue;
    }
    if (c.kind != ChangeKind::add_column) continue;
    const auto& col = c.desired_as<model::Column>();
    const std::string label = "table " + c.table + ": column " + col.name;
    if (col.renamed_from) {
      out.manifest.push_back(label + ": renamed_from names column " + *col.renamed_from + ", which table " + c.table +
                             " does not have (nor " + col.name + "): fix the name, or remove renamed_from to add the column");
      continue;
    }
    if (needs_a_value(col) && has_rows(c.table))
      out.plan.push_back(label + ": it is NOT NULL without a default, and " + c.table +
                         " holds rows that would have no value for it; give it a default, or up = \"...\" to compute "
                         "it from each row (added nullable, backfilled, then made NOT NULL in contract), or make it "
                         "nullable");
  }
  for (auto& line : views_in_the_way(changes, desired, live)) out.plan.push_back(std::move(line));
  return out;
}

}  // namespace bcdb::plan
