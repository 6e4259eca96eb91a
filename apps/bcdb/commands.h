#pragma once
// One function per subcommand: options in, exit code out. Failures are bcdb::Error
// exceptions, which main() turns into a message and the exit code of DESIGN.md.
#include "cli_spec.h"
#include "context.h"
#include "options.h"
#include "plan/planner.h"

namespace bcdb::app {

int run_migrate(const Context& ctx, const MigrateOptions& options);
int run_diff(const Context& ctx, const DiffOptions& options);
int run_drift(const Context& ctx, const DriftOptions& options);
int run_sync_check(const Context& ctx, const DriftOptions& options);
int run_verify(const Context& ctx);
int run_verify_queries(const Context& ctx, const VerifyOptions& options);
int run_inspect(const Context& ctx, const InspectOptions& options);
int run_seed(const Context& ctx, const SeedOptions& options);
int run_completions(const Context& ctx, const CliSpec& spec, const CompletionsOptions& options);

plan::PlannerOptions planner_options(const PlanningOptions& options);
// --lock-timeout, range-checked.
int lock_timeout_ms(const PlanningOptions& options);

}  // namespace bcdb::app
