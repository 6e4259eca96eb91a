#include "plan/pipeline.h"

#include <algorithm>
#include <map>
#include <set>

#include "manifest/manifest.h"
#include "migrate/checkpoints.h"
#include "plan/cross_engine.h"
#include "plan/expression_check.h"
#include "plan/name_reuse.h"
#include "plan/recipes/column_sync.h"
#include "plan/recipes/table_rename.h"
#include "plan/refusals.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::plan {

Desired desired_from_manifests(const std::filesystem::path& dir, std::string_view engine) {
  return desired_from_manifests(manifest::load_directory(dir), dir, engine);
}

Desired desired_from_manifests(manifest::LoadResult loaded, const std::filesystem::path& dir, std::string_view engine) {
  manifest::require_valid(loaded, engine);
  Desired d{std::move(loaded.schema), dir.string(), loaded.checksum};
  d.locations = std::make_shared<const manifest::Locations>(std::move(loaded.locations));
  return d;
}

Desired desired_from_database(const dialect::Url& url, const std::vector<std::string>& schemas) {
  auto dialect = dialect::make_dialect(url.engine);
  auto connection = dialect->connect(url, dialect::Dialect::Access::read_only);
  Desired d{dialect->inspect(*connection, {schemas}), url.redacted(), "", schemas};
  d.source_engine = url.engine;
  return d;
}

diff::CompareContext compare_context(const dialect::Dialect& dialect) {
  diff::CompareContext context;
  context.engine = std::string(dialect.engine());
  context.column_type = [&dialect](const model::Table& t, const model::Column& c) { return dialect.column_type(t, c); };
  return context;
}

namespace {

// Tables of schemas bcdb does not own are neither compared nor touched. Named schemas are
// exactly the ones owned; otherwise the default schema and those the desired side names are.
void keep_owned(model::Schema& live, const model::Schema& desired, const std::vector<std::string>& named) {
  std::set<std::string> owned(named.begin(), named.end());
  if (named.empty()) {
    owned.insert("");
    for (const auto& t : desired.tables) owned.insert(t.schema);
  } else {
    for (const auto& t : desired.tables)
      if (!owned.count(t.schema))
        throw UsageError("table " + t.qualified_name() + " is in " +
                         (t.schema.empty() ? std::string("the default schema") : "schema '" + t.schema + "'") +
                         ", which bcdb does not own here; add it to --schema (or to schemas in bcdb.toml)");
  }
  std::erase_if(live.tables, [&](const model::Table& t) { return !owned.count(t.schema); });
}

}  // namespace

void require_schemas_supported(const dialect::Dialect& dialect, const std::vector<std::string>& schemas,
                               const std::string& origin) {
  if (!schemas.empty() && !dialect.capabilities().schemas)
    throw UsageError((origin == "--schema" ? "--schema " + str::join(schemas, ",") : origin + ": schemas") + ": " +
                     std::string(dialect.engine()) + " databases have no schemas");
}

namespace {

// Errors about one desired object start with its label: "table orders: " and perhaps
// "column total: " (or index, check, unique, foreign key). The manifests' file:line:col of that
// object goes in front, so that an engine's refusal points at the line to fix.
std::string located(const std::string& message, const Desired& desired) {
  constexpr std::string_view kTable = "table ";
  const manifest::Locations* locations = desired.locations.get();
  if (!locations || message.rfind(kTable, 0) != 0) return message;
  auto end = message.find(": ", kTable.size());
  if (end == std::string::npos) return message;
  std::string table = message.substr(kTable.size(), end - kTable.size());
  // Engines without schemas name a manifest's "billing.invoices" as "invoices".
  if (!desired.schema.find_table(table))
    for (const auto& t : desired.schema.tables)
      if (t.name == table) table = t.qualified_name();
  std::string_view rest = std::string_view(message).substr(end + 2);
  std::optional<manifest::Location> at;
  for (std::string_view kind : {"column ", "index ", "check ", "unique ", "foreign key ", "primary key "}) {
    if (rest.rfind(kind, 0) != 0) continue;
    auto name_end = rest.find(": ", kind.size());
    if (name_end != std::string_view::npos)
      at = locations->find(table + "." + std::string(rest.substr(kind.size(), name_end - kind.size())));
    break;
  }
  if (!at) at = locations->find(table);
  return at ? at->to_string() + ": " + message : message;
}

}  // namespace

namespace {

// A database of another engine as the desired side (cross_engine.h).
bool carried(const dialect::Dialect& dialect, const Desired& desired) {
  return !desired.source_engine.empty() && desired.source_engine != dialect.engine();
}

// An error about one desired object gets its manifest location, or says what was carried over.
template <typename Check>
void desired_check(const dialect::Dialect& dialect, const Desired& desired, Check check) {
  try {
    check();
  } catch (const ConfigError& e) {
    if (!carried(dialect, desired)) throw ConfigError(located(e.what(), desired));
    throw ConfigError("carrying the desired side (" + desired.source + ", a " + desired.source_engine + " database) over to " +
                      std::string(dialect.engine()) + ": " + e.what());
  }
}

}  // namespace

void canonicalize_desired(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
                          model::Schema& schema) {
  if (carried(dialect, desired)) carry_over(schema, desired.source_engine, dialect.engine());
  desired_check(dialect, desired, [&] { dialect.canonicalize(schema, connection); });
}

Comparison compare(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
                   model::Schema live) {
  Comparison out;
  out.desired = desired.schema;
  require_schemas_supported(dialect, desired.schemas, desired.schemas_origin);
  canonicalize_desired(dialect, connection, desired, out.desired);
  std::vector<std::string> owned;
  for (const auto& s : desired.schemas) owned.push_back(dialect.canonical_schema(s));
  keep_owned(live, out.desired, owned);
  out.live = std::move(live);
  out.changes = diff::compare(out.desired, out.live, compare_context(dialect));
  desired_check(dialect, desired, [&] { dialect.check_changed(out.desired, out.changes); });
  return out;
}

Comparison compare(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired) {
  return compare(dialect, connection, desired, dialect.inspect(connection, {desired.schemas}));
}

std::vector<std::string> touched_tables(const diff::ChangeSet& changes, const model::Schema& live) {
  std::set<std::string> names;
  for (const auto& c : changes) {
    if (c.kind == diff::ChangeKind::create_table) continue;
    if (c.kind == diff::ChangeKind::rename_table) {
      names.insert(c.attributes.front().live);
      continue;
    }
    if (live.find_table(c.table)) names.insert(c.table);
  }
  return {names.begin(), names.end()};
}

namespace {

// Renames and computed columns become their recipes, resumed from what the database says of
// them: the sync triggers present, the backfills finished.
diff::ChangeSet with_recipes(const dialect::Dialect& dialect, dialect::Connection& connection,
                             const diff::ChangeSet& changes, const Comparison& comparison,
                             const dialect::TableStats& stats, const PlannerOptions& planner) {
  std::map<std::string, std::string> syncs;
  std::map<std::string, int> sync_triggers;
  for (const auto& o : comparison.live.engine_objects)
    if (o.kind == "trigger" && model::is_sync_object(o.name)) {
      syncs[o.name.substr(0, model::kSyncNameLength)] = o.table;
      ++sync_triggers[o.name.substr(0, model::kSyncNameLength)];
    }
  // Most plans have no recipe: they cost no query of the checkpoints.
  bool hinted = std::any_of(comparison.desired.tables.begin(), comparison.desired.tables.end(), [](const model::Table& t) {
    return std::any_of(t.columns.begin(), t.columns.end(), [](const model::Column& c) { return c.renamed_from || c.up; });
  });
  bool retyped = std::any_of(changes.begin(), changes.end(), [](const diff::Change& c) {
    return c.kind == diff::ChangeKind::alter_column && diff::has_attribute(c, "type");
  });
  if (!hinted && !retyped && syncs.empty()) return changes;
  recipes::RecipeState state = migrate::Checkpoints(dialect, connection).finished();
  state.syncs = std::move(syncs);
  state.sync_triggers = std::move(sync_triggers);
  recipes::RecipeOptions options;
  options.engine = std::string(dialect.engine());
  options.constraints_need_rebuild = dialect.capabilities().constraints_need_rebuild;
  options.not_null_before_triggers = dialect.capabilities().not_null_before_triggers;
  options.shadow_keys = dialect.capabilities().shadow_keys;
  options.copy_tables = dialect.capabilities().copy_type_changes;
  options.copy_requested = planner.copy_tables.value_or(true);
  options.type_change_rewrites = [&dialect](const model::Column& from, const model::Column& to) {
    return dialect.type_change_rewrites(from, to);
  };
  options.rows = stats.rows;
  options.rewrite_threshold_rows = planner.rewrite_threshold_rows;
  options.allow_blocking = planner.allow_blocking;
  return recipes::expand_recipes(changes, comparison.desired, comparison.live, state, options, compare_context(dialect));
}

}  // namespace

Plan make_plan(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
               const Comparison& comparison, const PlannerOptions& options) {
  if (options.copy_tables.value_or(false) && !dialect.capabilities().copy_type_changes)
    throw UsageError("--copy-tables: " + std::string(dialect.engine()) +
                     " changes types through shadow columns; only MySQL and MariaDB copy tables");
  dialect::TableStats stats = dialect.table_stats(connection, touched_tables(comparison.changes, comparison.live));
  // Steps after a rename address the table by its new name.
  for (const auto& c : comparison.changes)
    if (c.kind == diff::ChangeKind::rename_table) stats.rows[c.table] = stats.rows_of(c.attributes.front().live);
  diff::ChangeSet changes = comparison.changes;
  auto has_rows = [&](const std::string& table) {
    return !connection.query("SELECT 1 FROM " + dialect.quote_table(table) + " LIMIT 1").rows.empty();
  };
  if (Refusals r = refusals(changes, comparison.desired, comparison.live, has_rows); !r.empty()) {
    // One error line per object, each with its manifest location.
    auto lines = [&](std::vector<std::string> v) {
      for (auto& line : v) line = located(line, desired);
      return str::join(v, "\nerror: ");
    };
    if (!r.manifest.empty()) throw UsageError(lines(r.manifest) + "\nNothing was changed.");
    throw RefusedError(lines(r.plan) + "\nNothing was changed.");
  }
  changes = with_recipes(dialect, connection, changes, comparison, stats, options);
  if (auto bad = expression_errors(dialect, connection, changes, comparison.desired, comparison.live); !bad.empty()) {
    for (auto& line : bad) line = located(line, desired);
    throw UsageError(str::join(bad, "\nerror: ") + "\nFix the expression in the manifest. Nothing was changed.");
  }
  const auto& caps = dialect.capabilities();
  recipes::keep_both_names(changes, comparison.desired, comparison.live,
                           {caps.transactional_ddl, caps.updatable_views, caps.case_insensitive_names});
  dialect.adopt_leftovers(changes, comparison.live);
  if (auto held = names_still_held(changes, comparison.live, dialect.capabilities()); !held.empty()) {
    // One error line per name, each with its manifest location, as manifest problems print.
    for (auto& line : held) line = located(line, desired);
    throw UsageError(str::join(held, "\nerror: ") +
                     "\ntables and indexes share one namespace per schema here: name them differently, or rename the "
                     "old objects with renamed_from. Nothing was changed.");
  }
  Plan plan = plan::make_plan(comparison.desired, comparison.live, changes, dialect, stats, options);
  plan.database = connection.url().redacted();
  plan.desired_source = desired.source;
  plan.manifest_checksum = desired.manifest_checksum;
  plan.schemas = desired.schemas;
  plan.rewrite_threshold_rows = options.rewrite_threshold_rows;
  plan.bcdb_version = BCDB_VERSION;
  return plan;
}

}  // namespace bcdb::plan
