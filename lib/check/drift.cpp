#include "check/drift.h"

namespace bcdb::check {
namespace {

using diff::ChangeKind;

std::string object_of(ChangeKind k) {
  switch (k) {
    case ChangeKind::create_table:
    case ChangeKind::drop_table:
    case ChangeKind::rename_table:
    case ChangeKind::create_compat_view:  // recipe elements, as below
    case ChangeKind::drop_compat_view:
    case ChangeKind::create_copy:
    case ChangeKind::swap_copy:
      return "table";
    case ChangeKind::add_column:
    case ChangeKind::drop_column:
    case ChangeKind::rename_column:
    case ChangeKind::alter_column:
    case ChangeKind::cut_over:
    case ChangeKind::create_sync:  // recipe elements: drift compares plainly and never finds them
    case ChangeKind::drop_sync:
    case ChangeKind::backfill:
      return "column";
    case ChangeKind::add_index:
    case ChangeKind::drop_index:
    case ChangeKind::rename_index:
      return "index";
    case ChangeKind::add_unique:
    case ChangeKind::drop_unique:
      return "unique";
    case ChangeKind::add_foreign_key:
    case ChangeKind::drop_foreign_key:
      return "foreign_key";
    case ChangeKind::add_check:
    case ChangeKind::drop_check:
      return "check";
    case ChangeKind::alter_primary_key:
      return "primary_key";
    case ChangeKind::alter_table_options:
      return "options";
    case ChangeKind::alter_table_comment:
      return "comment";
  }
  return "table";
}

std::string display_object(const std::string& object) {
  if (object == "foreign_key") return "foreign key";
  if (object == "unique") return "unique constraint";
  if (object == "primary_key") return "primary key";
  return object;
}

// "orders.total" for columns, "orders_idx on orders" for indexes and constraints.
std::string object_name(const diff::Change& c, const std::string& object) {
  if (object == "table" || object == "primary_key" || object == "options" || object == "comment") return c.table;
  if (object == "column") return c.table + "." + c.object;
  return c.object + " on " + c.table;
}

}  // namespace

std::vector<Difference> differences(const diff::ChangeSet& changes, const Labels& labels) {
  std::vector<Difference> out;
  for (const auto& c : changes) {
    // A replaced index or constraint is one difference, reported by its add half.
    if (c.replaces) continue;
    std::string object = object_of(c.kind);
    Difference base{"", object, c.table, c.object, "", "", "", ""};
    std::string name = object_name(c, object);
    switch (c.kind) {
      case ChangeKind::create_table:
      case ChangeKind::add_column:
      case ChangeKind::add_index:
      case ChangeKind::add_unique:
      case ChangeKind::add_foreign_key:
      case ChangeKind::add_check:
        if (c.attributes.empty()) {
          base.kind = "missing";
          base.message = "missing " + display_object(object) + " " + name;
          out.push_back(base);
          continue;
        }
        break;
      case ChangeKind::drop_table:
      case ChangeKind::drop_column:
      case ChangeKind::drop_index:
      case ChangeKind::drop_unique:
      case ChangeKind::drop_foreign_key:
      case ChangeKind::drop_check:
        base.kind = "extra";
        base.message = "extra " + display_object(object) + " " + name;
        out.push_back(base);
        continue;
      default:
        break;
    }
    for (const auto& a : c.attributes) {
      Difference d = base;
      d.kind = "changed";
      d.attribute = a.attribute;
      d.desired = a.desired;
      d.live = a.live;
      std::string subject = object == "column" ? name : display_object(object) + " " + name;
      d.message = "changed " + subject + ": " + a.attribute + " " + (a.desired.empty() ? "empty" : a.desired) +
                  " in " + labels.desired + ", " + (a.live.empty() ? "empty" : a.live) + " in " + labels.live;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace bcdb::check
