#pragma once
// sync-check: the CI gate. In sync means: manifests valid, no drift, no pending steps, and
// the last recorded migration did not fail.
#include <optional>
#include <string>
#include <vector>

#include "check/drift.h"
#include "dialect/dialect.h"
#include "migrate/history.h"
#include "plan/pipeline.h"

namespace bcdb::check {

struct SyncReport {
  std::string database;        // redacted
  std::string desired_source;
  std::size_t tables = 0;      // in the desired schema
  std::vector<Difference> drift;
  plan::Plan pending;
  std::optional<migrate::RunRecord> last_run;
  std::vector<std::string> unmanaged;  // objects in the database bcdb does not compare

  bool last_run_ok() const { return !last_run || last_run->status == "succeeded"; }
  bool in_sync() const { return drift.empty() && pending.empty() && last_run_ok(); }
};

// `comparison` is plan::compare of `desired` against the connection's database.
SyncReport sync_check(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Desired& desired,
                      const plan::Comparison& comparison, const plan::PlannerOptions& options, const Labels& labels);

}  // namespace bcdb::check
