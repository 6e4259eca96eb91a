#pragma once
// The reliability suite, engine by engine: a plan of 10 or more steps from schema A, holding
// rows in several tables linked by foreign keys, to schema B, spanning expand and contract;
// `bcdb migrate` is SIGKILLed after (BCDB_TEST_KILL_AFTER_STEP) or inside
// (BCDB_TEST_KILL_DURING_STEP) each step in turn, on a fresh database each time. The next
// `bcdb migrate` must finish (exit 0, then no drift), keep every row in the columns B keeps,
// and apply no step again that the killed run recorded as applied.
//
// BCDB_RELIABILITY_STEP=<k> runs only the kill at step k, to reproduce one failure by hand.
#include <type_traits>

#include "convergence.h"
#include "targets.h"

namespace bcdb::test {

enum class KillPoint { after_step, during_step };

// Kills a migration at every step of the plan on `target`, whose bcdb project folder is `dir`;
// returns the number of kills tried.
int check_kill_at_every_step(ConvergenceTarget& target, const TempDir& dir, KillPoint point);

// The same on a new `Target` of targets.h, in a new project folder.
template <typename Target>
int check_kill_at_every_step(KillPoint point) {
  TempDir dir(scratch_dir());
  if constexpr (std::is_constructible_v<Target, const TempDir&>) {
    Target target(dir);
    return check_kill_at_every_step(target, dir, point);
  } else {
    Target target;
    return check_kill_at_every_step(target, dir, point);
  }
}

}  // namespace bcdb::test
