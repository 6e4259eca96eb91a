#include "check/sync_check.h"
#include "commands.h"
#include "manifest/manifest.h"
#include "report/json.h"
#include "report/text.h"

namespace bcdb::app {

check::Labels drift_labels(const std::optional<std::string>& to);

int run_sync_check(const Context& ctx, const DriftOptions& o) {
  std::string format = ctx.format({"text", "json"});
  std::optional<Compared> c;
  try {
    c = load_and_compare(ctx, o.to);
  } catch (const manifest::ManifestError& e) {
    // The gate's first check failed: say so in the gate's own format, then exit as every
    // command does on invalid manifests.
    if (format == "json") ctx.out() << report::sync_invalid_json(ctx.manifests().string(), e.diagnostics);
    throw;
  }
  check::SyncReport report = check::sync_check(*c->session.dialect, *c->session.connection, c->desired, c->comparison,
                                               plan::PlannerOptions{}, drift_labels(o.to));
  if (format == "json")
    ctx.out() << report::sync_json(report);
  else if (!ctx.quiet() || !report.in_sync())
    ctx.out() << report::sync_text(report, ctx.style());
  return report.in_sync() ? 0 : 1;
}

}  // namespace bcdb::app
