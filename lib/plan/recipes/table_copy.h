#pragma once
// A type change by copying the table (model::TableCopy), where the engine says a shadow column
// costs more than a copy (Capabilities::copy_type_changes: MySQL, whose instantly added column
// grows every row the backfill fills; at 2,000,000 rows the copy takes half the time):
// - expand: the copy, created with the desired definition under a name of bcdb's own, and
//   triggers on the original that apply every insert, update and delete to it;
// - backfill: the existing rows copied in key-range batches, each reading its rows under a
//   shared lock so that a write and the batch never disagree on a row's last value;
// - contract: one atomic RENAME swaps the copy in; the original goes.
// Taken only where nothing else holds on to the table: no foreign key in or out, no trigger of
// the user's, no other change to it in the plan. Re-planned from any point a run stopped at:
// a copy whose triggers are not all there is made again, its backfill from the start.
#include "diff/change.h"
#include "model/schema.h"
#include "plan/recipes/column_sync.h"

namespace bcdb::plan::recipes {

// Whether the changes of `desired` (which `live` holds under the same name) are made by copying
// the table. Throws RefusedError for a conversion that needs `using` and has none.
bool copies_table(const diff::ChangeSet& changes, const model::Table& desired, const model::Table& live,
                  const model::Schema& desired_schema, const model::Schema& live_schema, const RecipeState& state,
                  const RecipeOptions& options);

// The copy's changes, as far as the run that stopped left them: the stale syncs on the table
// dropped, the copy made (unless it and all its triggers are there), its backfill (unless
// finished), the swap.
void emit_table_copy(const model::Table& desired, const model::Table& live, const RecipeState& state,
                     const RecipeOptions& options, diff::ChangeSet& out);

}  // namespace bcdb::plan::recipes
