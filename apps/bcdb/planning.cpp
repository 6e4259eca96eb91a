#include "commands.h"

namespace bcdb::app {

plan::PlannerOptions planner_options(const PlanningOptions& options) {
  plan::PlannerOptions p;
  p.rewrite_threshold_rows = parse_count(options.rewrite_threshold, "--rewrite-threshold", 0, Ranges::rows_max);
  if (options.copy_tables) p.copy_tables = true;
  if (options.no_copy_tables) p.copy_tables = false;
  return p;
}

int lock_timeout_ms(const PlanningOptions& options) {
  return static_cast<int>(
      parse_duration_ms(options.lock_timeout, "--lock-timeout", Ranges::lock_timeout_min, Ranges::lock_timeout_max));
}

}  // namespace bcdb::app
