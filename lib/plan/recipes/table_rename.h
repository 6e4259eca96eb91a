#pragma once
// A table renamed with `renamed_from` keeps both names live between expand and contract
// (DESIGN.md, "Changes that span phases: recipes"):
// - where DDL rolls back (PostgreSQL, SQLite), expand renames the table and creates a view
//   under the old name in the same transaction, so no statement ever finds neither; the view
//   is updatable (PostgreSQL's simple views, SQLite's INSTEAD OF triggers); contract drops it;
// - elsewhere (MySQL, MariaDB), expand creates a view under the new name over the old table,
//   and contract swaps the table into the view's name in one atomic RENAME TABLE.
// Re-planned after expand, the view found under the old name is what contract drops. A table
// whose columns change type in the same plan is renamed plainly in contract: a view would stand
// in the way of the type change.
#include "diff/change.h"
#include "model/schema.h"

namespace bcdb::plan::recipes {

struct TableRenameOptions {
  bool transactional_ddl = false;
  // Simple views take writes on their own; otherwise (SQLite) the view's triggers find the
  // row by its primary key, and a table without one is renamed plainly in contract.
  bool updatable_views = true;
  bool case_insensitive_names = false;
};

void keep_both_names(diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                     const TableRenameOptions& options);

}  // namespace bcdb::plan::recipes
