#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "commands.h"
#include "manifest/manifest.h"
#include "report/json.h"
#include "support/error.h"

namespace bcdb::app {

namespace {

// bcdb's sync triggers are never written as manifests: a table that has them is half-way
// through a blue/green change whose renamed_from, up, down and using live in the manifests it
// was planned from, not in the database. Said once per table, among what is not represented.
void note_migrations_under_way(model::Schema& live) {
  std::set<std::string> tables;
  for (const auto& o : live.engine_objects)
    if (o.kind == "trigger" && model::is_sync_object(o.name)) tables.insert(o.table);
  for (const auto& t : tables)
    live.unrepresented.push_back("table " + t + ": a bcdb migration is under way (its sync triggers keep old and new "
                                 "columns in step); these manifests show it half-way, without its renamed_from, up, "
                                 "down or using. Finish it first (bcdb migrate --phase contract with the manifests it "
                                 "was planned from), or inspect again afterwards");
}

}  // namespace

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
  note_migrations_under_way(live);
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
