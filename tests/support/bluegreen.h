#pragma once
// The blue/green checks of online changes, engine by engine: each runs the real binary against
// a ConvergenceTarget of targets.h in the project folder `dir`.
#include "convergence.h"
#include "targets.h"

namespace bcdb::test {

// A NOT NULL column without a default or up on a table holding rows, and a rename whose source
// the database does not have, are refused by diff and migrate before any step (exit 4, and 2
// for the manifest mistake), naming the column's file:line:col; nothing is applied.
void check_plan_time_refusals(ConvergenceTarget& target, const TempDir& dir);


// A column renamed with renamed_from on a table holding rows, with the old version's workload
// running through expand and backfill and the new version's from the end of expand through
// contract: no statement of either fails, every row reads the same through both names before
// contract, and after it every value either version wrote is there under the new name.
void check_column_rename_both_names_live(ConvergenceTarget& target, const TempDir& dir);

// A backfill killed with SIGKILL after a few batches resumes from its checkpoint: the rerun
// does not start from the first key, and every row ends up filled.
void check_backfill_resumes(ConvergenceTarget& target, const TempDir& dir);


// full_name split into first_name and last_name (up per engine, down joining them), the old
// version writing full_name and the new one first_name and last_name while both run: no
// statement fails, every row agrees under both shapes before contract, nothing is lost after.
void check_column_split_both_versions_write(ConvergenceTarget& target, const TempDir& dir);


// A rename given up after its expand (the manifests go back to the old name): the next migrate
// drops the sync triggers with the new column, and writes through the old name keep working.
void check_abandoned_rename(ConvergenceTarget& target, const TempDir& dir);


// A table renamed with renamed_from, the old version's workload naming the old table through
// expand and the new version's naming the new one from the end of expand through contract: no
// statement fails, both names read the same rows before contract, the old name is gone after
// it and every value either version wrote is in the renamed table.
void check_table_rename_both_names_live(ConvergenceTarget& target, const TempDir& dir);


// int -> bigint on a table above --rewrite-threshold goes through a shadow column (--allow-blocking
// keeps the one ALTER): both versions write the column through expand, the backfill and the
// cut-over; no statement fails, the shadow equals every row before contract, nothing is lost,
// and the column ends bigint under its own name with its index.
// The table is referenced by another, so that the engines that otherwise copy the table (MySQL)
// take the shadow too.
void check_type_change_through_shadow(ConvergenceTarget& target, const TempDir& dir);

// MySQL: the same change on a table nothing else holds on to copies it (plan/recipes/
// table_copy.h). A backfill killed half-way, and then a copy whose triggers are not all there
// (a run that died creating them), are taken up again; both versions write throughout; the copy
// equals every row before contract, the swap loses nothing, and nothing of bcdb's is left.
void check_type_change_through_copy(ConvergenceTarget& target, const TempDir& dir);


// varchar -> int on a large table: refused at plan time without `using`; with it, a row that
// does not convert stops the backfill with its key named and nothing cut over; fixed, the next
// migrate finishes and every value converted.
void check_conversion_checked_on_every_row(ConvergenceTarget& target, const TempDir& dir);


// A view bcdb does not manage that reads a column the plan drops stops diff and migrate at plan
// time (exit 4, the view and column named, nothing applied); a column no view reads goes.
void check_view_in_the_way_refused(ConvergenceTarget& target, const TempDir& dir);

// Two columns renamed at once that share an index: the old index goes once, the new one is
// built, and the values move.
void check_renamed_columns_sharing_an_index(ConvergenceTarget& target, const TempDir& dir);

// A renamed table that also loses a column, phase by phase: the view that keeps its other name
// is bcdb's own, never a view in the way of the drop.
void check_table_rename_with_a_dropped_column(ConvergenceTarget& target, const TempDir& dir);

// A key column renamed in place (contract) beside a column renamed online: the online rename's
// new column, sync and backfill still run before contract, where the old version needs them.
void check_key_rename_beside_an_online_rename(ConvergenceTarget& target, const TempDir& dir);

// A foreign key redefined (its ON DELETE) on a table with a column renamed online: the old key
// goes and the new one comes in the same phase, and every phase ends where its plan said.
void check_replaced_foreign_key_beside_a_rename(ConvergenceTarget& target, const TempDir& dir);

}  // namespace bcdb::test
