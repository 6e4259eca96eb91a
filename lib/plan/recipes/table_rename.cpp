#include "plan/recipes/table_rename.h"

#include <algorithm>

#include "support/strings.h"

namespace bcdb::plan::recipes {
namespace {

using diff::Change;
using diff::ChangeKind;

bool has_view(const model::Schema& live, const std::string& name, const TableRenameOptions& options) {
  for (const auto& o : live.engine_objects)
    if (o.kind == "view" && (options.case_insensitive_names ? str::iequals(o.name, name) : o.name == name)) return true;
  return false;
}

bool retypes(const diff::ChangeSet& changes, const std::string& table) {
  return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
    return c.kind == ChangeKind::alter_column && c.table == table && diff::has_attribute(c, "type");
  });
}

}  // namespace

void keep_both_names(diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                     const TableRenameOptions& options) {
  diff::ChangeSet added;
  for (auto& c : changes) {
    if (c.kind != ChangeKind::rename_table) continue;
    const auto& table = c.live_as<model::Table>();
    if (!options.updatable_views && !table.primary_key) continue;
    // A view reads its columns' types: the engine would refuse to change one under it.
    if (retypes(changes, c.table)) continue;
    if (options.transactional_ddl) {
      c.keep_old_name = true;
      Change drop{ChangeKind::drop_compat_view, c.table, c.attributes.front().live};
      drop.live = table;
      added.push_back(std::move(drop));
      continue;
    }
    c.over_view = true;
    if (has_view(live, c.table, options)) continue;  // expand already ran
    Change view{ChangeKind::create_compat_view, table.qualified_name(), c.table};
    view.desired = table;
    added.push_back(std::move(view));
  }
  // After expand: the table has its new name and the view holds the old one.
  for (const auto& d : desired.tables) {
    if (!d.renamed_from) continue;
    std::string old_name = model::qualify(d.schema, *d.renamed_from);
    const model::Table* renamed = live.find_table(d.qualified_name());
    if (!renamed || live.find_table(old_name) || desired.find_table(old_name) || !has_view(live, old_name, options))
      continue;
    Change drop{ChangeKind::drop_compat_view, d.qualified_name(), old_name};
    drop.live = *renamed;
    added.push_back(std::move(drop));
  }
  changes.insert(changes.end(), added.begin(), added.end());
}

}  // namespace bcdb::plan::recipes
