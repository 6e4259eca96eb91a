#include <fmt/format.h>

#include <filesystem>

#include "commands.h"
#include "manifest/manifest.h"
#include "report/json.h"
#include "support/error.h"

namespace bcdb::app {

int run_inspect(const Context& ctx, const InspectOptions& o) {
  std::string format = ctx.format({"text", "json"});
  std::filesystem::path dir = o.out;
  if (std::filesystem::exists(dir) && !o.force) {
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".toml")
        throw UsageError("'" + dir.string() + "' already holds manifests; pass --force to overwrite them");
  }
  Session session = open_session(ctx, dialect::Dialect::Access::read_only);
  plan::require_schemas_supported(*session.dialect, ctx.resolved().schemas, ctx.resolved().schemas_origin);
  model::Schema live = session.dialect->inspect(*session.connection, {ctx.resolved().schemas});
  if (live.tables.empty() && !ctx.quiet())
    ctx.err() << "note: " << session.connection->url().redacted() << " holds no tables\n";
  std::vector<std::string> files;
  for (const auto& path : manifest::write_directory(live, dir)) files.push_back(path.string());
  std::string database = session.connection->url().redacted();
  if (format == "json") {
    ctx.out() << report::inspect_json(database, dir.string(), files, live.tables.size(), live.unrepresented);
    return 0;
  }
  if (!ctx.quiet())
    ctx.out() << fmt::format("wrote {} table{} of {} to {} ({} file{})\n", live.tables.size(),
                             live.tables.size() == 1 ? "" : "s", database, dir.string(), files.size(),
                             files.size() == 1 ? "" : "s");
  for (const auto& u : live.unrepresented) ctx.err() << ctx.err_style().yellow("not represented: ") << u << "\n";
  return 0;
}

}  // namespace bcdb::app
