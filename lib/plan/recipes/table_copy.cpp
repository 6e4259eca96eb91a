#include "plan/recipes/table_copy.h"

#include <algorithm>

#include "model/canonical.h"
#include "model/type.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::plan::recipes {
namespace {

using diff::Change;
using diff::ChangeKind;
using model::Column;
using model::Table;

bool references(const Table& t, const std::string& table) {
  return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                     [&](const model::ForeignKey& f) { return f.ref_table == table; });
}

bool referenced(const model::Schema& schema, const std::string& table) {
  return std::any_of(schema.tables.begin(), schema.tables.end(), [&](const Table& t) { return references(t, table); });
}

// The copy's definition (its name aside) names it: a copy of another definition (the manifests
// changed mid-way) is a stale one, dropped and made again.
model::TableCopy table_copy(const Table& d, const Table& l, const RecipeState& state) {
  model::TableCopy copy;
  Table definition = d;
  definition.renamed_from.reset();
  for (auto& c : definition.columns) {
    c.renamed_from.reset();
    c.using_expr.reset();
  }
  copy.name = std::string(model::kSyncPrefix) +
              sha256_hex("copy|" + d.qualified_name() + "|" + model::canonical_text(model::Schema{{definition}, {}, {}}))
                  .substr(0, 16);
  definition.name = copy.copy_name();
  copy.table = std::move(definition);
  for (const auto& c : l.columns) copy.row.push_back(c.name);
  copy.key = walk_key(l).value_or(std::vector<std::string>{});
  for (const auto& c : d.columns)
    if (!c.generated)  // the copy computes it
      copy.columns.emplace_back(c.name, c.using_expr ? *c.using_expr : model::Transform{column_reference(c.name), {}});
  copy.forget_checkpoint = state.checkpoints;
  return copy;
}

bool complete(const model::TableCopy& copy, const std::string& table, const RecipeState& state) {
  auto sync = state.syncs.find(copy.name);
  auto triggers = state.sync_triggers.find(copy.name);
  return sync != state.syncs.end() && sync->second == table && triggers != state.sync_triggers.end() &&
         triggers->second == model::kCopyTriggers;
}

}  // namespace

bool copies_table(const diff::ChangeSet& changes, const Table& d, const Table& l, const model::Schema& desired_schema,
                  const model::Schema& live_schema, const RecipeState& state, const RecipeOptions& options) {
  if (!options.copy_tables || !options.type_change_rewrites) return false;
  const std::string table = d.qualified_name();
  // A copy under way is finished, --allow-blocking or not: giving it up would rewrite the table
  // after all.
  const bool under_way = complete(table_copy(d, l, state), table, state);
  if ((options.allow_blocking || !options.copy_requested) && !under_way) return false;
  bool rewrites = false;
  for (const auto& c : changes) {
    if (c.table != table) continue;
    if (c.kind != ChangeKind::alter_column) return false;  // the copy's definition is all it makes
    const Column& wanted = c.desired_as<Column>();
    const Column* have = l.find_column(wanted.name);
    if (!have || wanted.generated || have->generated) return false;
    // The old version may still write NULL until contract: the triggers could not copy it.
    if (have->nullable && !wanted.nullable) return false;
    if (!diff::has_attribute(c, "type")) continue;
    // A narrowing may cut values: it stays the contract-phase ALTER that --allow-destructive
    // lets through. Through the triggers, an old version's longer write would fail instead.
    if (model::classify_type_change(have->type, wanted.type) == model::TypeChange::narrowing) return false;
    if (options.type_change_rewrites(*have, wanted)) rewrites = true;
  }
  if (!rewrites && !under_way) return false;
  auto rows = options.rows.find(table);
  const bool large = rows != options.rows.end() && rows->second > options.rewrite_threshold_rows;
  if (!large && !under_way) return false;
  // A foreign key would point at (or from) the original after the swap; a trigger of the user's
  // would stay behind on it.
  if (!d.foreign_keys.empty() || !l.foreign_keys.empty() || referenced(desired_schema, table) ||
      referenced(live_schema, table))
    return false;
  for (const auto& o : live_schema.engine_objects)
    if (o.kind == "trigger" && o.table == table && !model::is_bcdb_object(o.name)) return false;
  if (!walk_key(l)) return false;  // the shadow column's road refuses it, naming the table
  for (const auto& c : changes)
    if (c.table == table && diff::has_attribute(c, "type"))
      require_using(d, *l.find_column(c.object), c.desired_as<Column>());
  return true;
}

void emit_table_copy(const Table& d, const Table& l, const RecipeState& state, const RecipeOptions& options,
                     diff::ChangeSet& out) {
  const std::string table = d.qualified_name();
  model::TableCopy copy = table_copy(d, l, state);
  for (const auto& [name, on] : state.syncs)
    if (on == table && name != copy.name) out.push_back(drop_stale_sync(table, name));
  std::vector<std::string> retyped;
  for (const auto& c : d.columns)
    if (const Column* have = l.find_column(c.name); have && (have->type != c.type || have->native != c.native))
      retyped.push_back(c.name);
  const std::string columns = retyped.empty() ? "its columns" : str::join(retyped, ", ");
  const bool made = complete(copy, table, state);
  if (!made) {
    Change create{ChangeKind::create_copy, table, columns};
    create.desired = copy;
    out.push_back(std::move(create));
  }
  model::Backfill b;
  b.name = table;
  b.key = copy.key;
  b.row = copy.row;
  b.set = copy.columns;
  b.into = copy.copy_name();
  auto done = state.backfills_done.find(table);
  if (!made || done == state.backfills_done.end() || done->second != backfill_fingerprint(b, options.engine)) {
    Change fill{ChangeKind::backfill, table, columns};
    fill.desired = std::move(b);
    out.push_back(std::move(fill));
  }
  Change swap{ChangeKind::swap_copy, table, columns};
  swap.live = std::move(copy);
  out.push_back(std::move(swap));
}

}  // namespace bcdb::plan::recipes
