#include "diff/change.h"

#include <algorithm>

#include "support/strings.h"

namespace bcdb::diff {

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::create_table: return "create_table";
    case ChangeKind::drop_table: return "drop_table";
    case ChangeKind::rename_table: return "rename_table";
    case ChangeKind::add_column: return "add_column";
    case ChangeKind::drop_column: return "drop_column";
    case ChangeKind::rename_column: return "rename_column";
    case ChangeKind::alter_column: return "alter_column";
    case ChangeKind::add_index: return "add_index";
    case ChangeKind::drop_index: return "drop_index";
    case ChangeKind::add_unique: return "add_unique";
    case ChangeKind::drop_unique: return "drop_unique";
    case ChangeKind::add_foreign_key: return "add_foreign_key";
    case ChangeKind::drop_foreign_key: return "drop_foreign_key";
    case ChangeKind::add_check: return "add_check";
    case ChangeKind::drop_check: return "drop_check";
    case ChangeKind::alter_primary_key: return "alter_primary_key";
    case ChangeKind::alter_table_options: return "alter_table_options";
    case ChangeKind::alter_table_comment: return "alter_table_comment";
    case ChangeKind::create_sync: return "create_sync";
    case ChangeKind::drop_sync: return "drop_sync";
    case ChangeKind::backfill: return "backfill";
    case ChangeKind::rename_index: return "rename_index";
    case ChangeKind::create_compat_view: return "create_compat_view";
    case ChangeKind::drop_compat_view: return "drop_compat_view";
    case ChangeKind::cut_over: return "cut_over";
    case ChangeKind::create_copy: return "create_copy";
    case ChangeKind::swap_copy: return "swap_copy";
  }
  return "unknown";
}

std::string summary(const Change& c) {
  const std::string qualified = c.table + (c.object.empty() ? "" : "." + c.object);
  auto attributes = [&] {
    std::vector<std::string> names;
    for (const auto& a : c.attributes) names.push_back(a.attribute);
    return str::join(names, ", ");
  };
  switch (c.kind) {
    case ChangeKind::create_table: return "create table " + c.table;
    case ChangeKind::drop_table: return "drop table " + c.table;
    case ChangeKind::rename_table:
      return "rename table " + c.attributes.front().live + " to " + c.table +
             (c.keep_old_name ? " (the old name stays as a view until contract)" : "");
    case ChangeKind::add_column: return "add column " + qualified;
    case ChangeKind::drop_column: return "drop column " + qualified;
    case ChangeKind::rename_column: return "rename column " + c.table + "." + c.attributes.front().live + " to " + c.object;
    case ChangeKind::alter_column: return "alter column " + qualified + " (" + attributes() + ")";
    case ChangeKind::add_index: return (c.replaces || !std::holds_alternative<std::monostate>(c.live) ? "recreate index " : "add index ") + c.object + " on " + c.table;
    case ChangeKind::drop_index: return "drop index " + c.object + " on " + c.table;
    case ChangeKind::add_unique: return "add unique constraint " + c.object + " on " + c.table;
    case ChangeKind::drop_unique: return "drop unique constraint " + c.object + " on " + c.table;
    case ChangeKind::add_foreign_key: return "add foreign key " + c.object + " on " + c.table;
    case ChangeKind::drop_foreign_key: return "drop foreign key " + c.object + " on " + c.table;
    case ChangeKind::add_check: return "add check " + c.object + " on " + c.table;
    case ChangeKind::drop_check: return "drop check " + c.object + " on " + c.table;
    case ChangeKind::alter_primary_key: return "change primary key of " + c.table;
    case ChangeKind::alter_table_options: return "change options of " + c.table + " (" + attributes() + ")";
    case ChangeKind::alter_table_comment: return "change comment of " + c.table;
    case ChangeKind::create_sync: return "keep " + qualified + " in step with the old columns (sync triggers)";
    case ChangeKind::drop_sync: return "drop the sync triggers on " + c.table;
    case ChangeKind::backfill: return "backfill " + qualified;
    case ChangeKind::rename_index: return "rename index " + c.live_as<model::Index>().name + " to " + c.object + " on " + c.table;
    case ChangeKind::create_compat_view: return "create view " + c.object + " over " + c.table + " (the new name, until contract)";
    case ChangeKind::drop_compat_view: return "drop view " + c.object + " (the old name of " + c.table + ")";
    case ChangeKind::cut_over: {
      const auto& cut = c.live_as<model::CutOver>();
      std::vector<std::string> columns, members;
      for (const auto& s : cut.swaps) columns.push_back(s.column);
      for (const auto& m : cut.referencing)
        for (const auto& s : m.swaps) members.push_back(m.table + "." + s.column);
      return "cut over " + c.table + "." + str::join(columns, ", ") + " to the new type (the shadow column takes its place)" +
             (members.empty() ? "" : ", with " + str::join(members, ", "));
    }
    case ChangeKind::create_copy:
      return "copy " + c.table + " to change " + c.object + " (a copy with the new types, kept in step by triggers)";
    case ChangeKind::swap_copy: return "swap " + c.table + " for its copy with the new types (one atomic rename)";
  }
  return std::string(to_string(c.kind));
}

bool has_attribute(const Change& change, std::string_view attribute) {
  return std::any_of(change.attributes.begin(), change.attributes.end(),
                     [&](const AttributeDiff& a) { return a.attribute == attribute; });
}

std::string constraint_label(const model::ForeignKey& fk) {
  return "foreign key (" + str::join(fk.columns, ", ") + ") -> " + fk.ref_table;
}

std::string constraint_label(const model::Unique& unique) {
  return "unique (" + str::join(unique.columns, ", ") + ")";
}

std::string constraint_label(const model::Check& check) { return "check (" + check.expr + ")"; }

}  // namespace bcdb::diff
