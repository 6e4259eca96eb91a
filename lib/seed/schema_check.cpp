#include "seed/schema_check.h"

#include <set>

namespace bcdb::seed {

std::vector<check::Difference> vertical_differences(const plan::Comparison& comparison) {
  std::set<std::string> tables;
  for (const auto& t : comparison.desired.tables) tables.insert(t.qualified_name());
  diff::ChangeSet mine;
  for (const auto& c : comparison.changes)
    if (tables.count(c.table)) mine.push_back(c);
  return check::differences(mine);
}

plan::Desired with_other_tables(plan::Desired vertical, const model::Schema& live) {
  std::set<std::string> names;
  for (const auto& t : vertical.schema.tables) {
    names.insert(t.qualified_name());
    if (t.renamed_from) names.insert(*t.renamed_from);
  }
  for (const auto& t : live.tables)
    if (!names.count(t.qualified_name())) vertical.schema.tables.push_back(t);
  vertical.source += " (and the database's other tables as they are)";
  return vertical;
}

}  // namespace bcdb::seed
