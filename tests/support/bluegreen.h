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

}  // namespace bcdb::test
