#pragma once
// Changes that span phases (DESIGN.md, "Changes that span phases: recipes"): a column renamed
// with `renamed_from`, or a new column computed from the old ones with `up`, becomes
// - expand: the new column (nullable, no default yet), sync triggers that keep it and the old
//   columns in step on every write of either application version, its indexes (under
//   temporary names where the old column's still hold theirs);
// - backfill: the existing rows brought in line, in checkpointed key-range batches;
// - contract: the sync triggers dropped, the old column and its indexes dropped (its values
//   live on: no data is lost), the indexes given their names, the column's default and NOT NULL.
// Engine-neutral: each element is a diff::Change the dialect renders. Re-planned from any point
// a run stopped at, the recipe plans only what is left.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "diff/compare.h"
#include "model/schema.h"

namespace bcdb::plan::recipes {

// What the database says about recipes under way.
struct RecipeState {
  std::map<std::string, std::string> syncs;           // sync name present (model::kSyncPrefix...) -> its table
  std::map<std::string, std::string> backfills_done;  // table -> fingerprint of its finished backfill
  std::set<std::string> backfilled;                   // "table.column" of every finished backfill
  std::map<std::string, int> sync_triggers;           // sync name -> how many of its triggers are present
  bool checkpoints = false;                           // the checkpoints table exists
};

struct RecipeOptions {
  std::string engine;
  // Unique constraints, checks and foreign keys cannot be added without rebuilding the table
  // (SQLite): on the new column they wait for contract, where the table is rebuilt anyway.
  bool constraints_need_rebuild = false;
  // The engine checks NOT NULL before BEFORE triggers run (SQLite's AFTER triggers): an old
  // NOT NULL column without a default is made nullable in expand, so that the new version's
  // inserts, which do not name it, get its value from the sync triggers.
  bool not_null_before_triggers = false;
  bool shadow_keys = false;  // Capabilities::shadow_keys (key_family.h)
  // A type change that rewrites the table (Dialect::type_change_rewrites) on a table above the
  // rewrite threshold goes through a shadow column: expand adds it with the new type, the sync
  // keeps it equal to the converted column (`using`, or the engine's assignment conversion), the
  // backfill converts existing rows, and contract's cut-over gives it the column's name in one
  // brief step. --allow-blocking keeps the single-statement rewrite.
  std::function<bool(const model::Column&, const model::Column&)> type_change_rewrites;
  std::map<std::string, std::int64_t> rows;  // estimated, per table
  std::int64_t rewrite_threshold_rows = 0;
  bool allow_blocking = false;
  // Such a type change copies the table instead (table_copy.h): the engine can
  // (Capabilities::copy_type_changes), and the user did not say --no-copy-tables; a copy under
  // way is finished either way.
  bool copy_tables = false;
  bool copy_requested = false;
};

// What a backfill computes, per engine: a finished backfill of another computation is redone.
std::string backfill_fingerprint(const model::Backfill& backfill, const std::string& engine);
// A temporary index name while the old column's index still holds the final one.
std::string building_name(const std::string& index);
// Whether `column` of `live` can change online: not a key column, nor one other tables of
// `schema` reference (those keep the plain statement).
bool online_rename(const model::Table& live, const std::string& column, const model::Schema& schema);
// The shadow column of a type change (the same scheme: `column` + "_bcdb_new").
inline std::string shadow_name(const std::string& column) { return building_name(column); }

// A sync of rules no recipe wants any more, dropped in expand (before what it names may go).
diff::Change drop_stale_sync(const std::string& table, const std::string& name);
// The key a backfill walks: the primary key, else a unique key of NOT NULL columns.
std::optional<std::vector<std::string>> walk_key(const model::Table& table);
// A column reference in an expression that any engine's renderer respells (model::rewrite_columns).
std::string column_reference(const std::string& column);
// Refuses (RefusedError) a type change of `live` to `wanted` in `desired` that may fail for
// some rows and has no `using` to say how it converts.
void require_using(const model::Table& desired, const model::Column& live, const model::Column& wanted);

// Replaces the plain changes of renamed and computed columns with their recipes. `desired`
// and `live` are canonical; `compare` re-diffs a table as the recipe will leave it.
// Throws RefusedError for a table a backfill cannot walk (no primary key, no NOT NULL unique key).
diff::ChangeSet expand_recipes(const diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                               const RecipeState& state, const RecipeOptions& options,
                               const diff::CompareContext& compare);

}  // namespace bcdb::plan::recipes
