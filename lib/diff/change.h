#pragma once
// Typed differences between a desired and a live schema. Every command that compares
// (diff, migrate, drift, sync-check) works from one ChangeSet.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/schema.h"

namespace bcdb::diff {

enum class ChangeKind {
  create_table, drop_table, rename_table,
  add_column, drop_column, rename_column, alter_column,
  add_index, drop_index,
  add_unique, drop_unique,
  add_foreign_key, drop_foreign_key,
  add_check, drop_check,
  alter_primary_key, alter_table_options, alter_table_comment,
  // The elements of changes that span phases (lib/plan/recipes/): never found by compare.
  create_sync, drop_sync, backfill, rename_index,
  // A view that keeps a renamed table's other name live while both versions run: `table` is
  // the table it reads, `object` its (qualified) name, `desired` the table it shows.
  create_compat_view, drop_compat_view,
  // A type change's shadow column takes the column's place (model::CutOver in `live`).
  cut_over,
  // A table copied to change its columns' types (model::TableCopy): the copy and its triggers
  // (`desired`), and the swap that gives it the table's name (`live`).
  create_copy, swap_copy,
};
std::string_view to_string(ChangeKind kind);

// One attribute that differs, as text for people: ("type", "decimal(12,2)", "float64").
struct AttributeDiff {
  std::string attribute;
  std::string desired;
  std::string live;
};

using Object = std::variant<std::monostate, model::Table, model::Column, model::Index, model::Unique,
                            model::ForeignKey, model::Check, model::PrimaryKey, model::Sync, model::Backfill,
                            model::CutOver, model::TableCopy>;

struct Change {
  ChangeKind kind;
  std::string table;   // qualified table name; the desired name when the table is renamed
  std::string object;  // column, index or constraint name; empty for table-level changes
  std::vector<AttributeDiff> attributes;  // for alter_* changes
  Object desired;      // the object as the desired schema has it (create, add, alter, rename)
  Object live;         // the object as the database has it (drop, alter, rename)
  bool replaces = false;  // a drop that makes room for an add of the same name
  // A dropped column whose values live on in this one (a rename, a split): no data is lost.
  std::string carried_into;
  // An element of a recipe that must wait for the contract phase although on its own it
  // would not (a column's NOT NULL while the old version still inserts without it).
  bool defer_to_contract = false;
  // An index on a type change's shadow column: built once the backfill has filled the column
  // (a sorted build, not an index maintained row by row through the backfill), first in
  // contract, before the cut-over that gives it its name.
  bool after_backfill = false;
  // A live object a run that died half-way left behind, valid and exactly what this change
  // would build (a concurrently built index, a NOT VALID helper check): the plan takes it over
  // instead of dropping and building it again (Dialect::adopt_leftovers).
  std::string adopts;
  // A table rename that keeps both names live (plan/recipes/table_rename.h): the table takes
  // its new name in expand and a view keeps the old one (`keep_old_name`), or, where DDL does
  // not roll back, a view under the new name is swapped for the table in contract (`over_view`).
  bool keep_old_name = false;
  bool over_view = false;

  template <typename T> const T& desired_as() const { return std::get<T>(desired); }
  template <typename T> const T& live_as() const { return std::get<T>(live); }
};

using ChangeSet = std::vector<Change>;

// Whether one of the change's attributes is `attribute` ("type", "nullable", ...).
bool has_attribute(const Change& change, std::string_view attribute);

// What the change does, as a short phrase: "add column orders.note", "drop index orders_idx".
std::string summary(const Change& change);

// A display name for an unnamed constraint: "foreign key (customer_id) -> customers".
std::string constraint_label(const model::ForeignKey& fk);
std::string constraint_label(const model::Unique& unique);
std::string constraint_label(const model::Check& check);

}  // namespace bcdb::diff
