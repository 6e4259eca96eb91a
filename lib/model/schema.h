#pragma once
// The neutral schema model: plain value types shared by manifests, inspectors, the differ
// and the planner. No I/O here.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/type.h"

namespace bcdb::model {

// Engine names used as keys for native overrides and table options.
inline constexpr const char* kEngineSqlite = "sqlite";
inline constexpr const char* kEnginePostgres = "postgres";
inline constexpr const char* kEngineMysql = "mysql";

struct Generated {
  std::string expr;
  bool stored = false;
  friend bool operator==(const Generated&, const Generated&) = default;
};

// An SQL expression over a row, with per-engine spellings where the SQL differs (desired side
// only: the data transforms of DESIGN.md, "Changes that span phases").
struct Transform {
  std::string expr;                            // every engine's, unless overridden
  std::map<std::string, std::string> engines;  // engine -> its own spelling
  const std::string& on(std::string_view engine) const {
    auto it = engines.find(std::string(engine));
    return it == engines.end() ? expr : it->second;
  }
  friend bool operator==(const Transform&, const Transform&) = default;
};

struct Column {
  std::string name;
  Type type;
  std::map<std::string, std::string> native;  // engine -> native type text, overrides `type`
  bool nullable = false;
  std::optional<std::string> default_expr;    // an SQL expression, e.g. "'pending'", "current_timestamp"
  bool identity = false;                      // generated key (rowid alias, IDENTITY, AUTO_INCREMENT)
  std::optional<Generated> generated;
  std::optional<std::string> collation;
  std::string comment;
  std::optional<std::string> renamed_from;    // desired side only: explicit rename hint
  // Desired side only, never compared: the column's value from the row as it was (up), the
  // values of old columns from the new row (down: old column -> expression; a renamed column's
  // is the identity unless given), and for a type change the old value converted (using).
  std::optional<Transform> up;
  std::map<std::string, Transform> down;
  std::optional<Transform> using_expr;
};

struct IndexPart {
  std::string column;  // either a column ...
  std::string expr;    // ... or an expression
  bool desc = false;
  friend bool operator==(const IndexPart&, const IndexPart&) = default;
};

struct Index {
  std::string name;
  std::vector<IndexPart> parts;
  bool unique = false;
  std::string where;   // partial-index predicate, empty when none
  std::string method;  // access method (btree, gin, ...), empty for the engine default
  std::vector<std::string> include;
  bool valid = true;  // false: a failed concurrent build left it behind (PostgreSQL INVALID)
};

struct PrimaryKey {
  std::string name;  // may be empty: engines that do not name it
  std::vector<std::string> columns;
};

struct Unique {
  std::string name;  // may be empty for unnamed constraints
  std::vector<std::string> columns;
};

enum class FkAction { no_action, restrict, cascade, set_null, set_default };
std::string to_string(FkAction action);                  // "no action", "cascade", ...
std::optional<FkAction> parse_fk_action(std::string_view text);  // accepts "set null" and "set_null"

struct ForeignKey {
  std::string name;  // may be empty for unnamed constraints
  std::vector<std::string> columns;
  std::string ref_table;  // qualified as the table names are ("schema.table" or "table")
  std::vector<std::string> ref_columns;
  FkAction on_delete = FkAction::no_action;
  FkAction on_update = FkAction::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
  bool validated = true;  // false: added NOT VALID and not validated yet
};

struct Check {
  std::string name;  // may be empty for unnamed constraints
  std::string expr;
  bool validated = true;  // false: added NOT VALID and not validated yet
};

// "schema.name", or "name" in the default schema (canonical "").
inline std::string qualify(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

struct Table {
  std::string schema;  // empty: the engine's default schema
  std::string name;
  std::string comment;
  std::vector<Column> columns;  // declaration order
  std::optional<PrimaryKey> primary_key;
  std::vector<Index> indexes;
  std::vector<Unique> uniques;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Check> checks;
  std::map<std::string, std::string> options;  // "engine.option" -> value, e.g. "sqlite.strict" -> "true"
  std::optional<std::string> renamed_from;      // desired side only

  std::string qualified_name() const { return qualify(schema, name); }
  const Column* find_column(std::string_view column) const;
  Column* find_column(std::string_view column);
  const Index* find_index(std::string_view index) const;
  bool option(const std::string& key) const;  // a boolean option is set to "true"
};

// bcdb's own triggers that keep a table's new columns and its old ones in step while both
// application versions write (DESIGN.md, "Changes that span phases"): one set per table, each
// column's rules applied in order on every insert or update:
// - up: when one of `up_sources` changed (or, inserting, `column` is NULL and a source is
//   not), and the sources do not already equal their own down over the new columns (`agree`:
//   source -> its down), `column` := up over the row;
// - down: otherwise, when one of `down_sources` changed and the new columns no longer equal
//   their own up expressions (`consistent`: column -> up), each old column := its down.
// Writes that only keep the columns consistent (the backfill's) therefore never rewrite the
// old columns, and a value is never changed by being copied back and forth.
struct ColumnSync {
  std::string column;  // the new column
  // No application writes it (a type change's shadow): every insert computes it, whatever
  // value (a placeholder default) it arrived with.
  bool computed_only = false;
  Transform up;
  std::vector<std::string> up_sources;
  std::map<std::string, Transform> down;  // old column -> its value from the new columns
  std::vector<std::string> down_sources;
  std::map<std::string, Transform> consistent;
  std::map<std::string, Transform> agree;
  friend bool operator==(const ColumnSync&, const ColumnSync&) = default;
};
struct Sync {
  std::string name;              // the engine objects' name: kSyncPrefix + a hash of the table and the rules
  std::vector<std::string> row;  // every column of the row while the sync runs (for expressions)
  std::vector<std::string> key;  // a key that finds the row again (engines that update it after the fact)
  std::vector<ColumnSync> columns;
  friend bool operator==(const Sync&, const Sync&) = default;
};
inline constexpr const char* kSyncPrefix = "bcdb_sync_";
inline constexpr std::size_t kSyncNameLength = 26;  // the prefix and 16 hex digits
// One of bcdb's own sync triggers (or functions): not the user's, never reported as unmanaged.
bool is_sync_object(std::string_view name);
// bcdb's own objects around a renamed table's compatibility view (its SQLite INSTEAD OF
// triggers, MySQL's name for it while the table takes its place).
inline constexpr const char* kCompatPrefix = "bcdb_compat_";
// Any object of bcdb's own making: never reported as unmanaged.
bool is_bcdb_object(std::string_view name);

// Existing rows of one table brought in line by the backfill phase: each `set` column :=
// its expression, for the rows where `stale` holds, in batches of key ranges (`key`: the
// primary key or a NOT NULL unique key), checkpointed under `name`.
struct Backfill {
  std::string name;  // the table: its checkpoint row
  std::vector<std::string> key;
  std::vector<std::string> row;
  std::vector<std::pair<std::string, Transform>> set;
  // A row is stale unless each old column equals its down (`agree`) and each new column
  // without a down equals its up (`equal`): rows the application already wrote through the
  // new columns keep what it wrote.
  std::map<std::string, Transform> agree;
  std::map<std::string, Transform> equal;
  // The table the rows are copied into (a TableCopy's copy), each `set` column := its value over
  // the row; empty: the rows are updated in place.
  std::string into;
  friend bool operator==(const Backfill&, const Backfill&) = default;
};

// A type change made by copying the table, pt-online-schema-change's way (MySQL: a column
// added instantly grows every row as the backfill fills it, which costs more than writing the
// rows afresh; plan/recipes/table_copy.h): a copy with the desired definition, triggers on the
// original that apply every write to it, a backfill that copies the existing rows, and a swap
// of the two names in one atomic rename.
struct TableCopy {
  // kSyncPrefix + a hash of the table and its desired definition: the triggers are `name`_i,
  // _u and _d, the copy `name`_c, and the original, once swapped out, `name`_o.
  std::string name;
  Table table;                   // the copy as the desired schema has the table, under its own name
  std::vector<std::string> row;  // the original's columns
  std::vector<std::string> key;  // the original's primary key (or NOT NULL unique key)
  std::vector<std::pair<std::string, Transform>> columns;  // each column written -> its value over the original's row
  // A checkpoint of an earlier copy's backfill may be left: creating the copy forgets it.
  bool forget_checkpoint = false;
  std::string copy_name() const { return name + "_c"; }
  std::string retired_name() const { return name + "_o"; }
};
inline constexpr int kCopyTriggers = 3;  // insert, update, delete

// A type change made through a shadow column (plan/recipes/column_sync.h): at the cut-over the
// shadow takes the column's name and definition and the original goes, with the sync that kept
// them equal, in one brief step.
struct ShadowSwap {
  std::string column;  // the original, dropped
  std::string shadow;  // takes its name
  Column final;        // the column as the desired schema has it
  // The shadow allows NULL until the cut-over, which then makes it NOT NULL (if `final` is); a
  // shadow added NOT NULL with a constant default needs nothing more.
  bool shadow_nullable = true;
  std::vector<std::pair<std::string, std::string>> indexes;  // copy built on the shadow -> its final name
  // The original's indexes, dropped with it: MySQL only takes the column out of an index that
  // has others, which would keep the name its copy is about to take.
  std::vector<std::string> dropped_indexes;
  // The column is the table's one-column primary key: its unique index, built on the shadow,
  // becomes the key's; an identity column's shadow takes the generator over where it stopped.
  std::optional<std::string> key_index;
  std::string key_name;
  friend bool operator==(const ShadowSwap&, const ShadowSwap&) = default;
};
// A table whose foreign keys reference a key that changes type: its columns (if their types
// change too) are cut over with the key, in the same step.
struct ReferencingCutOver {
  std::string table;
  Sync sync;
  std::vector<ShadowSwap> swaps;
  friend bool operator==(const ReferencingCutOver&, const ReferencingCutOver&) = default;
};
struct CutOver {
  Sync sync;
  std::vector<ShadowSwap> swaps;
  std::vector<ReferencingCutOver> referencing;
  // table -> a foreign key on the key: dropped before the swap, added again NOT VALID after it
  // and validated online.
  std::vector<std::pair<std::string, ForeignKey>> foreign_keys;
  friend bool operator==(const CutOver&, const CutOver&) = default;
};

// An engine object bcdb does not manage (view, trigger, ...), kept verbatim so that table
// rebuilds can recreate it and reports can name it.
struct EngineObject {
  std::string kind;   // "view", "trigger", "virtual table", ...
  std::string name;
  std::string table;  // the table it belongs to, if any
  std::string sql;
};

struct Schema {
  std::vector<Table> tables;
  std::vector<EngineObject> engine_objects;
  // Objects an inspector found but the model cannot represent yet (views, triggers, ...),
  // one human-readable line each. Reported by inspect and drift, never silently dropped.
  std::vector<std::string> unrepresented;

  const Table* find_table(std::string_view qualified) const;
  Table* find_table(std::string_view qualified);
};

// Name -> table lookups for code that resolves many names in one schema (Schema::find_table
// scans). Holds pointers into `schema`, which must outlive it unchanged.
class TableIndex {
 public:
  explicit TableIndex(const Schema& schema);
  const Table* find(const std::string& qualified) const;

 private:
  std::unordered_map<std::string, const Table*> tables_;
};

// Tables bcdb keeps for itself; never part of a user schema and never drift.
inline constexpr const char* kHistoryTable = "bcdb_migrations";
inline constexpr const char* kHistoryStepsTable = "bcdb_migration_steps";
inline constexpr const char* kSeedsTable = "bcdb_seeds";  // bcdb seed: one row per seeded vertical
inline constexpr const char* kBackfillsTable = "bcdb_backfills";  // one checkpoint per table backfilled
// bcdb's own tables, and the tables of a table copy under way (TableCopy): not the user's.
bool is_reserved_table(std::string_view name);

}  // namespace bcdb::model
