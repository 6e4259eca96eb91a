#include "check/drift.h"
#include "commands.h"
#include "report/json.h"
#include "report/text.h"

namespace bcdb::app {

check::Labels drift_labels(const std::optional<std::string>& to) {
  return to ? check::Labels{"desired database", "database"} : check::Labels{};
}

int run_drift(const Context& ctx, const DriftOptions& o) {
  std::string format = ctx.format({"text", "json"});
  dialect::Url url = ctx.database_url();
  plan::Desired desired = ctx.desired(o.to);
  Session session = open_session(url, dialect::Dialect::Access::read_only);
  plan::Comparison comparison = plan::compare(*session.dialect, *session.connection, desired);
  auto differences = check::differences(comparison.changes, drift_labels(o.to));
  std::string database = session.connection->url().redacted();
  if (format == "json")
    ctx.out() << report::drift_json(database, desired.source, differences, comparison.live.unrepresented);
  else if (!ctx.quiet() || !differences.empty())
    ctx.out() << report::drift_text(database, desired.source, differences, comparison.live.unrepresented, ctx.style());
  return differences.empty() ? 0 : 1;
}

}  // namespace bcdb::app
