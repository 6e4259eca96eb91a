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
  Compared c = load_and_compare(ctx, o.to);
  auto differences = check::differences(c.comparison.changes, drift_labels(o.to));
  std::string database = c.session.connection->url().redacted();
  const auto& unmanaged = c.comparison.live.unrepresented;
  if (format == "json")
    ctx.out() << report::drift_json(database, c.desired.source, differences, unmanaged);
  else if (!ctx.quiet() || !differences.empty())
    ctx.out() << report::drift_text(database, c.desired.source, differences, unmanaged, ctx.style());
  return differences.empty() ? 0 : 1;
}

}  // namespace bcdb::app
