#include <fmt/format.h>

#include "commands.h"
#include "manifest/manifest.h"
#include "report/json.h"
#include "report/text.h"

namespace bcdb::app {

int run_verify(const Context& ctx) {
  std::string format = ctx.format({"text", "json"});
  std::string source = ctx.manifests().string();
  manifest::LoadResult loaded = ctx.load_manifests();
  if (format == "json") {
    ctx.out() << report::verify_json(source, loaded);
    return loaded.ok() ? 0 : 1;
  }
  ctx.out() << report::warnings_text(loaded.engine_diagnostics, ctx.style());
  ctx.out() << report::warnings_text(loaded.advice, ctx.style());
  if (loaded.ok()) {
    if (!ctx.quiet())
      ctx.out() << fmt::format("{}: {} table{} in {} file{}, valid\n", source, loaded.schema.tables.size(),
                               loaded.schema.tables.size() == 1 ? "" : "s", loaded.files.size(),
                               loaded.files.size() == 1 ? "" : "s");
    if (!loaded.engine_diagnostics.empty() && !ctx.quiet())
      ctx.out() << fmt::format("{} warning{}: a command with a database on those engines refuses them\n",
                               loaded.engine_diagnostics.size(), loaded.engine_diagnostics.size() == 1 ? "" : "s");
  } else {
    ctx.out() << report::diagnostics_text(loaded.diagnostics, ctx.style());
    ctx.out() << fmt::format("{}: {} problem{} found\n", source, loaded.diagnostics.size(),
                             loaded.diagnostics.size() == 1 ? "" : "s");
  }
  return loaded.ok() ? 0 : 1;
}

}  // namespace bcdb::app
