#include <fstream>

#include "commands.h"
#include "report/json.h"
#include "report/text.h"
#include "support/error.h"

namespace bcdb::app {

int run_diff(const Context& ctx, const DiffOptions& o) {
  std::string format = ctx.format({"text", "sql", "json"});
  dialect::Url url = ctx.database_url();
  plan::Desired desired = ctx.desired(o.planning.to);
  Session session = open_session(url, dialect::Dialect::Access::read_only);
  plan::Comparison comparison = plan::compare(*session.dialect, *session.connection, desired);
  plan::Plan plan =
      plan::make_plan(*session.dialect, *session.connection, desired, comparison, planner_options(o.planning));

  if (o.out) {
    std::ofstream file(*o.out, std::ios::binary | std::ios::trunc);
    if (!file) throw ConfigError("cannot write the plan to '" + *o.out + "'");
    file << report::plan_json(plan, plan.steps);
    if (!file.flush()) throw ConfigError("cannot write the plan to '" + *o.out + "'");
  }
  if (format == "json")
    ctx.out() << report::plan_json(plan, plan.steps);
  else if (format == "sql")
    ctx.out() << report::plan_sql(plan, plan.steps);
  else
    ctx.out() << report::plan_text(plan, plan.steps, ctx.style());
  if (o.out && format == "text" && !ctx.quiet())
    ctx.out() << "saved the plan to " << *o.out << "; apply it with: bcdb migrate --plan " << *o.out << "\n";
  return 0;
}

}  // namespace bcdb::app
