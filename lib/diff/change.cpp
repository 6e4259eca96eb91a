#include "diff/change.h"

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
  }
  return "unknown";
}

std::string constraint_label(const model::ForeignKey& fk) {
  return "foreign key (" + str::join(fk.columns, ", ") + ") -> " + fk.ref_table;
}

std::string constraint_label(const model::Unique& unique) {
  return "unique (" + str::join(unique.columns, ", ") + ")";
}

std::string constraint_label(const model::Check& check) { return "check (" + check.expr + ")"; }

}  // namespace bcdb::diff
