#include "check/sync_check.h"

namespace bcdb::check {

SyncReport sync_check(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Desired& desired,
                      const plan::Comparison& comparison, const plan::PlannerOptions& options, const Labels& labels) {
  SyncReport report;
  report.database = connection.url().redacted();
  report.desired_source = desired.source;
  report.tables = desired.schema.tables.size();
  report.drift = differences(comparison.changes, labels);
  report.pending = plan::make_plan(dialect, connection, desired, comparison, options);
  report.unmanaged = comparison.live.unrepresented;
  migrate::History history(dialect, connection);
  report.last_run = history.last_run();
  return report;
}

}  // namespace bcdb::check
