#pragma once
#include <cstdint>
#include <optional>

#include "dialect/dialect.h"
#include "diff/change.h"
#include "plan/plan.h"

namespace bcdb::plan {

struct PlannerOptions {
  // A table scan or rewrite under a write-blocking lock is a brief lock up to this many
  // rows, and class `rewrite` above it.
  std::int64_t rewrite_threshold_rows = 10000;
  // Rewrites may block writes (--allow-blocking): a type change stays one ALTER instead of
  // going through a shadow column.
  bool allow_blocking = false;
  // Such a type change copies the table where the engine can (MySQL's
  // Capabilities::copy_type_changes) instead of filling a shadow column: unset, wherever the
  // engine can; true (--copy-tables), refused where it cannot; false (--no-copy-tables), never.
  std::optional<bool> copy_tables;
};

// Where a change belongs in a blue/green rollout, and whether it loses data.
struct Placement {
  Phase phase = Phase::expand;
  bool destructive = false;
  int rank = 0;  // order within the phase
};
// Renderers mark a step destructive when any change it implements is.
Placement place(const diff::Change& change);

// ChangeSet + dialect rules + table sizes -> Plan. `live` and `desired` are canonical for the
// dialect; `changes` is diff::compare(desired, live).
Plan make_plan(const model::Schema& desired, const model::Schema& live, const diff::ChangeSet& changes,
               const dialect::Dialect& dialect, const dialect::TableStats& stats, const PlannerOptions& options);

}  // namespace bcdb::plan
