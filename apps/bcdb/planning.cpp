#include "commands.h"

namespace bcdb::app {

plan::PlannerOptions planner_options(const PlanningOptions& options) {
  plan::PlannerOptions p;
  p.rewrite_threshold_rows = parse_count(options.rewrite_threshold, "--rewrite-threshold");
  return p;
}

}  // namespace bcdb::app
