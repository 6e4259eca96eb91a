#include <fstream>

#include "commands.h"
#include "manifest/manifest.h"
#include "report/json.h"
#include "report/text.h"
#include "support/error.h"

namespace bcdb::app {

int run_diff(const Context& ctx, const DiffOptions& o) {
  std::string format = ctx.format({"text", "sql", "json"});
  plan::PlannerOptions options = planner_options(o.planning);
  const int lock_timeout = lock_timeout_ms(o.planning);
  Compared c = load_and_compare(ctx, o.planning.to);
  plan::Plan plan = plan::make_plan(*c.session.dialect, *c.session.connection, c.desired, c.comparison, options);
  // A plan in JSON carries its desired schema, so that migrate --plan can plan it again.
  if (o.out || format == "json")
    for (const auto& t : c.desired.schema.tables) plan.desired_toml += manifest::to_toml(t) + "\n";

  if (o.out) {
    std::ofstream file(*o.out, std::ios::binary | std::ios::trunc);
    if (!file) throw ConfigError("cannot write the plan to '" + *o.out + "'");
    file << report::plan_json(plan, plan.steps);
    if (!file.flush()) throw ConfigError("cannot write the plan to '" + *o.out + "'");
  }
  if (format == "json")
    ctx.out() << report::plan_json(plan, plan.steps);
  else if (format == "sql")
    ctx.out() << report::plan_sql(plan, plan.steps, c.session.dialect->lock_timeout_sql(lock_timeout));
  else
    ctx.out() << report::plan_text(plan, plan.steps, ctx.style());
  if (o.out && format == "text" && !ctx.quiet())
    ctx.out() << "saved the plan to " << *o.out << "; apply it with: bcdb migrate --plan " << *o.out << "\n";
  return o.exit_code && !plan.empty() ? static_cast<int>(ExitCode::different) : 0;
}

}  // namespace bcdb::app
