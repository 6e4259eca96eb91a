#include "dialect/postgres/renderer.h"

#include <algorithm>
#include <stdexcept>
#include <set>

#include "dialect/postgres/ddl.h"
#include "dialect/postgres/types.h"
#include "dialect/sync_sql.h"
#include "plan/planner.h"
#include "support/error.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {
namespace {

using diff::Change;
using diff::ChangeKind;
using diff::has_attribute;
using plan::Action;
using plan::Cost;
using plan::Draft;

constexpr std::size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

// Locks, in PostgreSQL's words, for the `lock` line of each step.
constexpr const char* kAccessExclusiveBrief = "ACCESS EXCLUSIVE on the table for a catalog update (milliseconds)";
constexpr const char* kAccessExclusiveLong = "ACCESS EXCLUSIVE on the table for the whole rewrite: reads and writes wait";
constexpr const char* kShareUpdateExclusive = "SHARE UPDATE EXCLUSIVE: reads and writes go on";
// A concurrent index build or drop waits for every transaction older than it; that wait blocks
// nobody, so it may be long, but never endless (lock_timeout = 0 would be): a build that gives
// up leaves an INVALID index, which the next run rebuilds.
constexpr const char* kConcurrentWait = "SET lock_timeout = '30min'";

Action exec(std::string sql, Action::Stage stage = Action::Stage::body) {
  return Action{Action::Kind::exec, stage, std::move(sql), ""};
}
Action assert_empty(std::string sql, std::string message) {
  return Action{Action::Kind::assert_empty, Action::Stage::body, std::move(sql), std::move(message)};
}

std::string rows_phrase(std::int64_t rows) { return rows == 1 ? "1 row" : "about " + std::to_string(rows) + " rows"; }

// PostgreSQL's own default names for unnamed constraints, truncated as it truncates them.
std::string truncate(std::string name) {
  if (name.size() > kMaxIdentifier) name.resize(kMaxIdentifier);
  return name;
}
std::string default_name(const model::Table& t, const std::vector<std::string>& columns, const char* suffix) {
  return truncate(t.name + "_" + str::join(columns, "_") + "_" + suffix);
}
std::string check_name(const model::Table& t, const model::Check& c) {
  return c.name.empty() ? truncate(t.name + "_" + sha256_hex(c.expr).substr(0, 8) + "_check") : c.name;
}
std::string not_null_check_name(const model::Table& t, const std::string& column) {
  return truncate(t.name + "_" + column + "_not_null");
}

const Spelling& spelling() {
  static const Spelling s{"postgres", [](std::string_view n) { return quote(n); },
                          [](const std::string& a, const std::string& b) { return "(" + a + " IS NOT DISTINCT FROM " + b + ")"; },
                          [](int n) { return "$" + std::to_string(n); }};
  return s;
}

// The sync function lives in its table's schema, under the triggers' name.
std::string sync_function(const std::string& table, const std::string& name) {
  auto dot = table.find('.');
  return (dot == std::string::npos ? "" : quote(table.substr(0, dot)) + ".") + quote(name) + "()";
}

// One BEFORE trigger assigns NEW, each column's rules in order: the row is written once, with
// both names' values.
std::string sync_function_body(const model::Sync& sync) {
  std::string insert, update;
  for (const auto& column : sync.columns) {
    SyncConditions k = sync_conditions(column, sync.row, spelling());
    const std::string target = "NEW." + quote(column.column);
    insert += "    IF " + k.up_on_insert + " THEN " + target + " := " + k.up + "; END IF;\n";
    for (std::size_t i = 0; i < k.down.size(); ++i)
      insert += "    IF " + k.down_if_null[i].second + " AND " + k.down_on_insert + " THEN NEW." +
                quote(k.down[i].first) + " := " + k.down[i].second + "; END IF;\n";
    update += "    IF " + k.up_on_update + " THEN " + target + " := " + k.up + ";\n";
    if (!k.down.empty()) {
      update += "    ELSIF " + k.down_on_update + " THEN\n";
      for (const auto& [old, value] : k.down) update += "      NEW." + quote(old) + " := " + value + ";\n";
    }
    update += "    END IF;\n";
  }
  return "BEGIN\n  IF TG_OP = 'INSERT' THEN\n" + insert + "  ELSE\n" + update + "  END IF;\n  RETURN NEW;\nEND";
}

// The table as the step's SQL sees it: after this phase's renames.
class Renderer {
 public:
  explicit Renderer(const RenderRequest& r) : r_(r) {}

  std::vector<Draft> run() {
    for (const Change* c : r_.changes)
      if (c->kind == ChangeKind::create_table) created_.insert(c->table);
    for (const Change* c : r_.changes)
      if (c->kind == ChangeKind::create_table) create_table_step(*c);
    for (auto& d : deferred_) out_.push_back(std::move(d));
    bool dropped = false;
    for (const Change* c : r_.changes) {
      if (c->kind == ChangeKind::create_table) continue;
      if (c->kind != ChangeKind::drop_table) {
        render(*c);
      } else if (!dropped) {  // every dropped table goes at the first drop's place
        drop_tables();
        dropped = true;
      }
    }
    return std::move(out_);
  }

 private:
  const model::Table& after(const std::string& name) const {
    const model::Table* t = r_.after.find_table(name);
    if (!t) throw Error(ExitCode::database, "internal: table " + name + " is not in the planned schema");
    return *t;
  }

  std::int64_t rows(const std::string& table) const { return r_.stats.rows_of(table); }

  Draft draft(const Change& c, Cost cost, std::string lock, std::string reason) const {
    Draft d;
    d.summary = diff::summary(c);
    d.table = c.table;
    d.cost = cost;
    d.lock = std::move(lock);
    d.reason = std::move(reason);
    d.destructive = plan::place(c).destructive;
    if (cost == Cost::rewrite || cost == Cost::blocking_scan) d.rows = rows(c.table);
    return d;
  }

  void push(Draft d) { out_.push_back(std::move(d)); }

  // --- tables ------------------------------------------------------------------------------

  void create_table_step(const Change& c) {
    const model::Table& t = after(c.table);
    Draft d = draft(c, Cost::none, "none on existing tables, beyond a brief SHARE ROW EXCLUSIVE on the tables its "
                                   "foreign keys reference",
                    "a new table: no running version reads or writes it yet");
    if (!t.schema.empty()) d.actions.push_back(exec("CREATE SCHEMA IF NOT EXISTS " + quote(t.schema)));
    // A foreign key to a table that does not exist yet (a cycle) is added once it does.
    model::Table inline_keys = t;
    inline_keys.foreign_keys.clear();
    std::vector<model::ForeignKey> later;
    for (const auto& fk : t.foreign_keys) {
      bool target_ready = r_.before.find_table(fk.ref_table) || done_.count(fk.ref_table) || fk.ref_table == t.qualified_name();
      (target_ready ? inline_keys.foreign_keys : later).push_back(fk);
    }
    d.actions.push_back(exec(create_table(inline_keys, true)));
    for (const auto& i : t.indexes) d.actions.push_back(exec(create_index(t, i, false)));
    comments(t, d);
    done_.insert(t.qualified_name());
    push(std::move(d));
    for (const auto& fk : later) {
      Draft f;
      f.summary = "add foreign key " + (fk.name.empty() ? diff::constraint_label(fk) : fk.name) + " on " + t.qualified_name();
      f.table = t.qualified_name();
      f.cost = Cost::none;
      f.lock = "SHARE ROW EXCLUSIVE on both new tables";
      f.reason = "both tables are new and empty, so the key is checked instantly";
      f.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " ADD " + constraint_prefix(fk.name) + foreign_key_clause(fk)));
      deferred_.push_back(std::move(f));
    }
  }

  void comments(const model::Table& t, Draft& d) const {
    if (!t.comment.empty()) d.actions.push_back(exec("COMMENT ON TABLE " + quote_table(t) + " IS " + literal(t.comment)));
    for (const auto& col : t.columns)
      if (!col.comment.empty())
        d.actions.push_back(
            exec("COMMENT ON COLUMN " + quote_table(t) + "." + quote(col.name) + " IS " + literal(col.comment)));
  }

  static std::string constraint_prefix(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + quote(name) + " ";
  }

  void render(const Change& c) {
    switch (c.kind) {
      case ChangeKind::drop_table:
        return;  // all at once, in drop_tables()
      case ChangeKind::create_copy:
      case ChangeKind::swap_copy:  // Capabilities::copy_type_changes is MySQL's
        throw std::logic_error("PostgreSQL changes types through shadow columns, not table copies");
      case ChangeKind::rename_table: {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                        c.keep_old_name ? "a catalog change; in the same transaction a view takes the old name, "
                                          "through which the old version reads and writes the same rows until contract"
                                        : "a catalog change; the old version still uses the old name, hence the contract phase");
        const auto& live = c.live_as<model::Table>();
        d.actions.push_back(exec("ALTER TABLE " + quote_table(live) + " RENAME TO " + quote(c.desired_as<model::Table>().name)));
        if (c.keep_old_name)
          d.actions.push_back(exec("CREATE VIEW " + quote_table(live) + " AS SELECT " +
                                   view_columns(live, [](std::string_view n) { return quote(n); }) + " FROM " +
                                   quote_table(c.table)));
        push(std::move(d));
        return;
      }
      case ChangeKind::create_compat_view: {
        Draft d = draft(c, Cost::metadata, "ACCESS SHARE on the table while the view is created",
                        "the new version reads and writes the table's rows under its new name until contract");
        d.actions.push_back(exec("CREATE VIEW " + quote_table(c.object) + " AS SELECT " +
                                 view_columns(c.desired_as<model::Table>(), [](std::string_view n) { return quote(n); }) +
                                 " FROM " + quote_table(c.table)));
        push(std::move(d));
        return;
      }
      case ChangeKind::drop_compat_view: {
        Draft d = draft(c, Cost::metadata, "ACCESS EXCLUSIVE on the view (milliseconds)",
                        "the old version is gone: nothing reads the table's old name any more");
        d.actions.push_back(exec("DROP VIEW " + quote_table(c.object)));
        push(std::move(d));
        return;
      }
      case ChangeKind::add_column: return add_column(c);
      case ChangeKind::drop_column: {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                        c.carried_into.empty() ? "the column's data is lost; PostgreSQL only marks it dropped, so no rewrite"
                                               : "its values live on in " + c.carried_into +
                                                     "; PostgreSQL only marks it dropped, so no rewrite");
        d.actions.push_back(exec("ALTER TABLE " + quote_table(c.table) + " DROP COLUMN " + quote(c.object)));
        push(std::move(d));
        return;
      }
      case ChangeKind::rename_column: {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                        "a catalog change; the old version still uses the old name, hence the contract phase");
        d.actions.push_back(exec("ALTER TABLE " + quote_table(c.table) + " RENAME COLUMN " +
                                 quote(c.attributes.front().live) + " TO " + quote(c.object)));
        push(std::move(d));
        return;
      }
      case ChangeKind::alter_column: return alter_column(c);
      case ChangeKind::add_index: return add_index(c);
      case ChangeKind::drop_index: {
        Draft d = draft(c, Cost::online_build, kShareUpdateExclusive,
                        "DROP INDEX CONCURRENTLY waits for queries using the index instead of blocking writes");
        d.transactional = false;
        d.actions.push_back(exec(kConcurrentWait, Action::Stage::setup));
        d.actions.push_back(exec("DROP INDEX CONCURRENTLY IF EXISTS " + index_name(c.table, c.live_as<model::Index>().name)));
        push(std::move(d));
        return;
      }
      case ChangeKind::add_unique: return add_unique(c);
      case ChangeKind::drop_unique:
      case ChangeKind::drop_foreign_key:
      case ChangeKind::drop_check: return drop_constraint(c);
      case ChangeKind::add_foreign_key:
      case ChangeKind::add_check: return add_validated_constraint(c);
      case ChangeKind::alter_primary_key: return alter_primary_key(c);
      case ChangeKind::alter_table_comment: {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "a catalog change");
        const auto& t = after(c.table);
        d.actions.push_back(exec("COMMENT ON TABLE " + quote_table(t) + " IS " +
                                 (t.comment.empty() ? std::string("NULL") : literal(t.comment))));
        push(std::move(d));
        return;
      }
      case ChangeKind::create_sync: return create_sync(c);
      case ChangeKind::drop_sync: {
        const auto& sync = c.live_as<model::Sync>();
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                        "the old version is gone: nothing writes the old columns any more; an old NOT NULL column "
                        "allows NULL first (a catalog change), so inserts that do not name it succeed until it is "
                        "dropped");
        for (const auto* old : required_old_columns(c.live_as<model::Sync>(), r_.before.find_table(c.table)))
          d.actions.push_back(exec("ALTER TABLE " + quote_table(c.table) + " ALTER COLUMN " + quote(old->name) +
                                   " DROP NOT NULL"));
        d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(sync.name) + " ON " + quote_table(c.table)));
        d.actions.push_back(exec("DROP FUNCTION IF EXISTS " + sync_function(c.table, sync.name)));
        push(std::move(d));
        return;
      }
      case ChangeKind::backfill: return backfill(c);
      case ChangeKind::cut_over: return cut_over(c);
      case ChangeKind::rename_index: {
        Draft d = draft(c, Cost::metadata, "SHARE UPDATE EXCLUSIVE on the table for a catalog change: writes go on",
                        "the index built beside the old one takes its name");
        d.actions.push_back(exec("ALTER INDEX " + index_name(c.table, c.live_as<model::Index>().name) + " RENAME TO " +
                                 quote(c.object)));
        push(std::move(d));
        return;
      }
      case ChangeKind::alter_table_options:
        return;  // no postgres.* table options are managed yet
      case ChangeKind::create_table:
        return;
    }
  }

  void create_sync(const Change& c) {
    const auto& sync = c.desired_as<model::Sync>();
    std::string body = sync_function_body(sync);
    if (body.find("$bcdb$") != std::string::npos)
      throw UsageError("table " + c.table + ": column " + c.object + ": its up or down expression holds $bcdb$, "
                       "which bcdb uses to quote the sync function's body");
    Draft d = draft(c, Cost::metadata, "SHARE ROW EXCLUSIVE on the table for a catalog change (milliseconds)",
                    "a BEFORE trigger copies every write of either version's columns into the other's");
    d.actions.push_back(exec("CREATE OR REPLACE FUNCTION " + sync_function(c.table, sync.name) +
                             " RETURNS trigger LANGUAGE plpgsql AS $bcdb$\n" + body + "\n$bcdb$"));
    d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(sync.name) + " ON " + quote_table(c.table)));
    d.actions.push_back(exec("CREATE TRIGGER " + quote(sync.name) + " BEFORE INSERT OR UPDATE ON " + quote_table(c.table) +
                             " FOR EACH ROW EXECUTE FUNCTION " + sync_function(c.table, sync.name)));
    push(std::move(d));
  }

  // The shadows take their columns' places in one transaction: the sync goes, each original is
  // dropped, its shadow renamed into its place with its default, NOT NULL and index names. A
  // NOT NULL is proven first by a check validated online, which SET NOT NULL then trusts
  // instead of scanning the table under its lock. A key's cut-over (plan/recipes/key_family.h)
  // takes the tables that reference it into the same transaction: their foreign keys go first
  // and come back NOT VALID on the new columns, validated online after the commit.
  void cut_over(const Change& c) {
    const auto& cut = c.live_as<model::CutOver>();
    struct Part {
      const std::string& table;
      const model::Sync& sync;
      const std::vector<model::ShadowSwap>& swaps;
    };
    std::vector<Part> parts{{c.table, cut.sync, cut.swaps}};
    for (const auto& m : cut.referencing) parts.push_back({m.table, m.sync, m.swaps});
    for (const auto& part : parts)
      for (const auto& swap : part.swaps)
        if (needs_not_null(swap)) prove_not_null(c, part.table, swap);
    Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                    "one transaction of catalog changes: no row is rewritten, and no statement sees the column "
                    "missing or the sync gone before the shadow holds the column's name");
    if (!cut.foreign_keys.empty()) {
      // Every table at once, before the first change: a writer holding one of them never waits
      // on us while we wait on it. Referencing tables first, as their writers lock them first.
      std::vector<std::string> locked;
      for (const auto& [table, f] : cut.foreign_keys)
        if (table != c.table && std::find(locked.begin(), locked.end(), table) == locked.end()) locked.push_back(table);
      locked.push_back(c.table);
      std::vector<std::string> quoted;
      for (const auto& t : locked) quoted.push_back(quote_table(t));
      d.actions.push_back(exec("LOCK TABLE " + str::join(quoted, ", ") + " IN ACCESS EXCLUSIVE MODE"));
    }
    for (const auto& part : parts) {
      if (part.sync.name.empty()) continue;
      d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(part.sync.name) + " ON " + quote_table(part.table)));
      d.actions.push_back(exec("DROP FUNCTION IF EXISTS " + sync_function(part.table, part.sync.name)));
    }
    for (const auto& [table, f] : cut.foreign_keys)
      d.actions.push_back(exec("ALTER TABLE " + quote_table(table) + " DROP CONSTRAINT IF EXISTS " + quote(f.name)));
    for (const auto& part : parts)
      for (const auto& swap : part.swaps) swap_in(d, part.table, swap);
    for (const auto& [table, f] : cut.foreign_keys)
      d.actions.push_back(exec("ALTER TABLE " + quote_table(table) + " ADD CONSTRAINT " + quote(f.name) + " " +
                               foreign_key_clause(f) + " NOT VALID"));
    push(std::move(d));
    for (const auto& [table, f] : cut.foreign_keys) {
      Draft validate = draft(c, Cost::online_build,
                             "SHARE UPDATE EXCLUSIVE on the table, ROW SHARE on the referenced one: writes go on",
                             "VALIDATE CONSTRAINT reads every existing row without blocking writes");
      validate.summary = "validate foreign key " + f.name + " on " + table;
      validate.actions.push_back(exec("ALTER TABLE " + quote_table(table) + " VALIDATE CONSTRAINT " + quote(f.name)));
      push(std::move(validate));
    }
  }

  static std::string not_null_check(const model::ShadowSwap& s) { return quote(s.shadow + "_not_null"); }
  static bool needs_not_null(const model::ShadowSwap& s) { return !s.final.nullable && s.shadow_nullable; }

  void prove_not_null(const Change& c, const std::string& table_name, const model::ShadowSwap& swap) {
    const std::string table = quote_table(table_name);
    Draft add = draft(c, Cost::metadata, kAccessExclusiveBrief,
                      "a NOT VALID check that the shadow column holds no NULL: a catalog change");
    add.summary = "prove " + table_name + "." + swap.shadow + " holds no NULL (NOT VALID check)";
    add.actions.push_back(exec("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + not_null_check(swap)));
    add.actions.push_back(exec("ALTER TABLE " + table + " ADD CONSTRAINT " + not_null_check(swap) + " CHECK (" +
                               quote(swap.shadow) + " IS NOT NULL) NOT VALID"));
    push(std::move(add));
    Draft validate = draft(c, Cost::online_build, "SHARE UPDATE EXCLUSIVE: reads and writes go on",
                           "VALIDATE scans the rows without blocking writes");
    validate.summary = "validate that check on " + table_name;
    validate.actions.push_back(exec("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + not_null_check(swap)));
    push(std::move(validate));
  }

  void swap_in(Draft& d, const std::string& table_name, const model::ShadowSwap& swap) {
    const std::string table = quote_table(table_name), column = quote(swap.column), shadow = quote(swap.shadow);
    auto set_not_null = [&](const std::string& name) {
      d.actions.push_back(exec("ALTER TABLE " + table + " ALTER COLUMN " + name + " SET NOT NULL"));
      d.actions.push_back(exec("ALTER TABLE " + table + " DROP CONSTRAINT " + not_null_check(swap)));
    };
    bool not_null = needs_not_null(swap);
    const bool generator = swap.key_index && swap.final.identity;
    if (generator) {
      // The shadow takes the generator over while the original's sequence still says where it
      // stopped (identity needs NOT NULL first): the next key follows the last one handed out.
      if (not_null) set_not_null(shadow), not_null = false;
      d.actions.push_back(exec("ALTER TABLE " + table + " ALTER COLUMN " + shadow + " ADD GENERATED BY DEFAULT AS IDENTITY"));
      d.actions.push_back(exec("SELECT setval(pg_get_serial_sequence(" + literal(table) + ", " + literal(swap.shadow) +
                               "), greatest(coalesce(max(" + column + "), 0), coalesce(pg_sequence_last_value(" +
                               "pg_get_serial_sequence(" + literal(table) + ", " + literal(swap.column) +
                               ")::regclass), 0)) + 1, false) FROM " + table));
    }
    d.actions.push_back(exec("ALTER TABLE " + table + " DROP COLUMN " + column));
    d.actions.push_back(exec("ALTER TABLE " + table + " RENAME COLUMN " + shadow + " TO " + column));
    if (swap.final.default_expr && !swap.final.identity)
      d.actions.push_back(exec("ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + *swap.final.default_expr));
    if (not_null) set_not_null(column);
    for (const auto& [building, final_name] : swap.indexes)
      d.actions.push_back(exec("ALTER INDEX " + index_name(table_name, building) + " RENAME TO " + quote(final_name)));
    if (swap.key_index)
      d.actions.push_back(exec("ALTER TABLE " + table + " ADD " +
                               (swap.key_name.empty() ? std::string() : "CONSTRAINT " + quote(swap.key_name) + " ") +
                               "PRIMARY KEY USING INDEX " + quote(*swap.key_index)));
    if (generator) rename_identity_sequence(d, table_name, swap);
  }

  // The new sequence takes the old one's name where PostgreSQL's default names are whole
  // (sequences an application names, in currval() say, keep working).
  void rename_identity_sequence(Draft& d, const std::string& table_name, const model::ShadowSwap& swap) {
    auto dot = table_name.find('.');
    const std::string schema = dot == std::string::npos ? "" : quote(table_name.substr(0, dot)) + ".";
    const std::string base = dot == std::string::npos ? table_name : table_name.substr(dot + 1);
    const std::string from = base + "_" + swap.shadow + "_seq", to = base + "_" + swap.column + "_seq";
    if (from.size() > kMaxIdentifier) return;
    d.actions.push_back(exec("ALTER SEQUENCE IF EXISTS " + schema + quote(from) + " RENAME TO " + quote(to)));
  }

  void backfill(const Change& c) {
    const auto& b = c.desired_as<model::Backfill>();
    Draft d = draft(c, Cost::online_build, "ROW EXCLUSIVE; each batch locks only its own rows, for milliseconds",
                    "existing rows in key-range batches, each its own short transaction with a checkpoint");
    d.transactional = false;
    d.actions.push_back(backfill_action(b, quote_table(c.table), spelling()));
    push(std::move(d));
  }

  // One DROP TABLE for every table the phase drops: tables that reference each other can
  // only go together.
  void drop_tables() {
    std::vector<const Change*> drops;
    for (const Change* c : r_.changes)
      if (c->kind == ChangeKind::drop_table) drops.push_back(c);
    if (drops.empty()) return;
    std::vector<std::string> names, quoted;
    std::int64_t total = 0;
    for (const Change* c : drops) {
      names.push_back(c->table);
      quoted.push_back(quote_table(c->table));
      total += rows(c->table);
    }
    Draft d = draft(*drops.front(), Cost::metadata, kAccessExclusiveBrief,
                    "deletes " + str::join(names, ", ") + " and " + rows_phrase(total) +
                        "; the old version may still use them, hence the contract phase");
    d.summary = "drop table" + std::string(names.size() > 1 ? "s " : " ") + str::join(names, ", ");
    d.actions.push_back(exec("DROP TABLE " + str::join(quoted, ", ")));
    push(std::move(d));
  }

  // An index lives in its table's schema.
  static std::string index_name(const std::string& table, const std::string& index) {
    auto dot = table.find('.');
    return dot == std::string::npos ? quote(index) : quote(table.substr(0, dot)) + "." + quote(index);
  }

  // --- columns -----------------------------------------------------------------------------

  // A default PostgreSQL cannot store once in the catalog: one that calls a volatile function
  // (random(), clock_timestamp(), gen_random_uuid(), nextval()) is evaluated for every row.
  std::string volatile_call(const std::string& expr) const {
    std::string word;
    for (std::size_t i = 0; i <= expr.size(); ++i) {
      char ch = i < expr.size() ? expr[i] : ' ';
      if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
        word += ch;
        continue;
      }
      std::size_t j = i;
      while (j < expr.size() && expr[j] == ' ') ++j;
      if (!word.empty() && j < expr.size() && expr[j] == '(' && r_.stats.volatile_functions.count(str::lower(word)))
        return str::lower(word);
      word.clear();
    }
    return "";
  }

  void add_column(const Change& c) {
    const auto& col = c.desired_as<model::Column>();
    const model::Table& t = after(c.table);
    std::string sql = "ALTER TABLE " + quote_table(t) + " ADD COLUMN " + column_definition(col);
    std::string fn = col.default_expr ? volatile_call(*col.default_expr) : "";
    Draft d;
    if (col.identity || col.generated || !fn.empty()) {
      std::string why = col.identity ? "an identity column numbers every existing row"
                        : col.generated ? "a stored generated column is computed for every existing row"
                                        : "the default calls the volatile function " + fn + "(), so it is written into every existing row";
      d = draft(c, Cost::rewrite, kAccessExclusiveLong, why + ": the table is rewritten");
    } else {
      d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                col.default_expr ? "a constant default is stored once in the catalog (PostgreSQL 11+): no rewrite"
                                 : "a catalog change: existing rows read the column as NULL");
    }
    if (!col.nullable && !col.default_expr && !col.identity && !col.generated)
      d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t) + " LIMIT 1",
                                       t.qualified_name() + " holds rows, so the new NOT NULL column " + col.name +
                                           " needs a default (or add it as nullable and fill it first)"));
    d.actions.push_back(exec(sql));
    if (!col.comment.empty())
      d.actions.push_back(exec("COMMENT ON COLUMN " + quote_table(t) + "." + quote(col.name) + " IS " + literal(col.comment)));
    push(std::move(d));
  }

  void alter_column(const Change& c) {
    const auto& want = c.desired_as<model::Column>();
    const auto& have = c.live_as<model::Column>();
    const model::Table& t = after(c.table);
    const std::string table = quote_table(t), column = quote(want.name);
    const std::string alter = "ALTER TABLE " + table + " ALTER COLUMN " + column;

    if (has_attribute(c, "generated")) {
      if (!want.generated) {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "DROP EXPRESSION keeps the computed values as plain data");
        d.actions.push_back(exec(alter + " DROP EXPRESSION"));
        push(std::move(d));
      } else {
        Draft d = draft(c, Cost::rewrite, kAccessExclusiveLong,
                        "a generation expression cannot be changed in place: the column is dropped and added again, "
                        "computing every row");
        d.actions.push_back(exec("ALTER TABLE " + table + " DROP COLUMN " + column));
        d.actions.push_back(exec("ALTER TABLE " + table + " ADD COLUMN " + column_definition(want)));
        push(std::move(d));
        return;  // the new definition carries every other attribute
      }
    }
    if (has_attribute(c, "type") || has_attribute(c, "collation")) {
      std::string type = column_type(want);
      std::string sql = alter + " TYPE " + type;
      if (want.collation) sql += " COLLATE " + quote(*want.collation);
      if (binary_coercible(have, want) && !has_attribute(c, "collation")) {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief,
                        "a wider varchar or numeric keeps every stored value as it is: a catalog change, no rewrite");
        d.actions.push_back(exec(sql));
        push(std::move(d));
      } else {
        Draft d = draft(c, Cost::rewrite, kAccessExclusiveLong,
                        "converting " + column_type(have) + " to " + type +
                            " rewrites every row and rebuilds the column's indexes");
        d.actions.push_back(exec(sql + " USING " + (want.using_expr ? "(" + want.using_expr->on(model::kEnginePostgres) + ")"
                                                                   : column + "::" + type)));
        push(std::move(d));
      }
    }
    if (has_attribute(c, "default") && !want.identity) {
      Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "a catalog change; existing rows keep their values");
      d.actions.push_back(exec(alter + (want.default_expr ? " SET DEFAULT " + *want.default_expr : " DROP DEFAULT")));
      push(std::move(d));
    }
    if (has_attribute(c, "identity")) identity(c, t, want, alter);
    if (has_attribute(c, "nullable")) {
      if (want.nullable) {
        Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "allowing NULL is a catalog change");
        d.actions.push_back(exec(alter + " DROP NOT NULL"));
        push(std::move(d));
      } else {
        set_not_null(c, t, want.name);
      }
    }
    if (has_attribute(c, "comment")) {
      Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "a catalog change");
      d.actions.push_back(exec("COMMENT ON COLUMN " + table + "." + column + " IS " +
                               (want.comment.empty() ? std::string("NULL") : literal(want.comment))));
      push(std::move(d));
    }
  }

  void identity(const Change& c, const model::Table& t, const model::Column& want, const std::string& alter) {
    if (!want.identity) {
      Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "the values stay; only their generator goes");
      d.actions.push_back(exec(alter + " DROP IDENTITY IF EXISTS"));
      push(std::move(d));
      return;
    }
    Draft d = draft(c, Cost::blocking_scan, kAccessExclusiveBrief,
                    "the new sequence starts after the highest existing value, read while the table is locked");
    d.actions.push_back(exec(alter + " DROP DEFAULT"));
    d.actions.push_back(exec(alter + " ADD GENERATED BY DEFAULT AS IDENTITY"));
    d.actions.push_back(exec("SELECT setval(pg_get_serial_sequence(" + literal(quote_table(t)) + ", " + literal(want.name) +
                             "), coalesce(max(" + quote(want.name) + "), 0) + 1, false) FROM " + quote_table(t)));
    push(std::move(d));
  }

  // SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (c IS NOT
  // NULL) already proves it; so: add that check NOT VALID, validate it while writes go on,
  // then SET NOT NULL is a catalog change, and the helper check goes.
  void set_not_null(const Change& c, const model::Table& t, const std::string& column) {
    const std::string table = quote_table(t), check = quote(not_null_check_name(t, column));
    // An interrupted run's helper check, taken over: added already, perhaps validated too.
    const model::Check* adopted = nullptr;
    if (const model::Table* before = c.adopts.empty() ? nullptr : r_.before.find_table(t.qualified_name()))
      for (const auto& k : before->checks)
        if (k.name == c.adopts) adopted = &k;
    if (adopted && adopted->validated) return set_not_null_final(c, t, column, "1 and 2 were done by an interrupted run");
    if (!adopted) set_not_null_add(c, t, column);
    Draft validate = draft(c, Cost::online_build, kShareUpdateExclusive,
                           adopted ? "step 2 of 3: VALIDATE CONSTRAINT reads every row without blocking writes; step 1 "
                                     "was done by an interrupted run"
                                   : "step 2 of 3: VALIDATE CONSTRAINT reads every row without blocking writes");
    validate.summary += ": validate";
    validate.actions.push_back(exec("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check));
    push(std::move(validate));
    set_not_null_final(c, t, column, "");
  }

  void set_not_null_add(const Change& c, const model::Table& t, const std::string& column) {
    const std::string table = quote_table(t), check = quote(not_null_check_name(t, column));
    Draft add = draft(c, Cost::metadata, kAccessExclusiveBrief,
                      "step 1 of 3 of an online SET NOT NULL: a CHECK (" + column + " IS NOT NULL) added NOT VALID checks only new rows");
    add.summary += ": add NOT VALID check";
    add.actions.push_back(assert_empty("SELECT 1 FROM " + table + " WHERE " + quote(column) + " IS NULL LIMIT 1",
                                       t.qualified_name() + "." + column + " holds NULL values; fill them before making it NOT NULL"));
    add.actions.push_back(exec("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + check));
    add.actions.push_back(exec("ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + quote(column) +
                               " IS NOT NULL) NOT VALID"));
    push(std::move(add));
  }

  void set_not_null_final(const Change& c, const model::Table& t, const std::string& column, const std::string& earlier) {
    const std::string table = quote_table(t), check = quote(not_null_check_name(t, column));
    Draft set = draft(c, Cost::metadata, kAccessExclusiveBrief,
                      "step 3 of 3: the validated check proves there is no NULL, so SET NOT NULL skips its scan "
                      "(PostgreSQL 12+)" + (earlier.empty() ? std::string() : "; steps " + earlier));
    set.summary += ": set NOT NULL";
    set.actions.push_back(exec("ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " SET NOT NULL"));
    set.actions.push_back(exec("ALTER TABLE " + table + " DROP CONSTRAINT " + check));
    push(std::move(set));
  }

  // --- indexes and constraints -------------------------------------------------------------

  Draft concurrent_index_build(const Change& c, const model::Table& t, const model::Index& index) const {
    Draft d = draft(c, Cost::online_build, kShareUpdateExclusive,
                    "CREATE INDEX CONCURRENTLY builds without blocking writes, outside a transaction; a build that "
                    "fails leaves an INVALID index, which the next run finds and rebuilds");
    d.transactional = false;
    // The build waits for transactions older than it; that wait blocks nobody.
    d.actions.push_back(exec(kConcurrentWait, Action::Stage::setup));
    if (index.unique) {
      std::vector<std::string> cols, not_null;
      for (const auto& p : index.parts) {
        if (p.column.empty()) return build_with(std::move(d), t, index);
        cols.push_back(quote(p.column));
        not_null.push_back(quote(p.column) + " IS NOT NULL");
      }
      d.actions.push_back(assert_empty(
          "SELECT 1 FROM " + quote_table(t) + " WHERE " + str::join(not_null, " AND ") +
              (index.where.empty() ? "" : " AND (" + index.where + ")") + " GROUP BY " + str::join(cols, ", ") +
              " HAVING count(*) > 1 LIMIT 1",
          "duplicate values in " + t.qualified_name() + " (" + str::join(cols, ", ") + ") prevent the unique index " + index.name));
    }
    return build_with(std::move(d), t, index);
  }

  static Draft build_with(Draft d, const model::Table& t, const model::Index& index) {
    // A leftover of a build that died (INVALID) must go first; this plan creates the name.
    d.actions.push_back(exec("DROP INDEX CONCURRENTLY IF EXISTS " + index_name(t.qualified_name(), index.name)));
    d.actions.push_back(exec(create_index(t, index, true)));
    return d;
  }

  void add_index(const Change& c) {
    const model::Table& t = after(c.table);
    push(concurrent_index_build(c, t, c.desired_as<model::Index>()));
  }

  void add_unique(const Change& c) {
    const model::Table& t = after(c.table);
    const auto& u = c.desired_as<model::Unique>();
    std::string name = u.name.empty() ? default_name(t, u.columns, "key") : u.name;
    model::Index index;
    index.name = name;
    index.unique = true;
    for (const auto& col : u.columns) index.parts.push_back({col, "", false});
    if (c.adopts.empty()) {
      Draft build = concurrent_index_build(c, t, index);
      build.summary += ": build its index concurrently";
      push(std::move(build));
    }
    Draft attach = draft(c, Cost::metadata, kAccessExclusiveBrief,
                         c.adopts.empty() ? "the constraint takes over the index already built"
                                          : "the constraint takes over the valid index " + name +
                                                " that an interrupted run built concurrently: no rebuild");
    attach.summary += ": attach the index";
    attach.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " ADD CONSTRAINT " + quote(name) +
                                  " UNIQUE USING INDEX " + quote(name)));
    push(std::move(attach));
  }

  void drop_constraint(const Change& c) {
    std::string name;
    if (c.kind == ChangeKind::drop_unique) name = c.live_as<model::Unique>().name;
    if (c.kind == ChangeKind::drop_foreign_key) name = c.live_as<model::ForeignKey>().name;
    if (c.kind == ChangeKind::drop_check) name = c.live_as<model::Check>().name;
    Draft d = draft(c, Cost::metadata, kAccessExclusiveBrief, "a catalog change: nothing is scanned");
    d.actions.push_back(exec("ALTER TABLE " + quote_table(c.table) + " DROP CONSTRAINT IF EXISTS " + quote(name)));
    push(std::move(d));
  }

  // Foreign keys and checks on an existing table: added NOT VALID (only new rows are checked,
  // a brief lock), then validated by a scan that does not block writes.
  void add_validated_constraint(const Change& c) {
    const model::Table& t = after(c.table);
    bool fk = c.kind == ChangeKind::add_foreign_key;
    std::string name;
    std::string definition;
    if (fk) {
      const auto& f = c.desired_as<model::ForeignKey>();
      name = f.name.empty() ? default_name(t, f.columns, "fkey") : f.name;
      definition = foreign_key_clause(f);
    } else {
      const auto& ch = c.desired_as<model::Check>();
      name = check_name(t, ch);
      definition = "CHECK (" + ch.expr + ")";
    }
    bool only_validate = c.attributes.size() == 1 && c.attributes.front().attribute == "validated";
    if (!only_validate) {
      Draft add = draft(c, Cost::metadata,
                        fk ? "SHARE ROW EXCLUSIVE on both tables for a catalog change (milliseconds)" : kAccessExclusiveBrief,
                        "added NOT VALID: checks new rows only, so the lock is brief");
      add.summary += ": add NOT VALID";
      add.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " ADD CONSTRAINT " + quote(name) + " " + definition + " NOT VALID"));
      push(std::move(add));
    }
    Draft validate = draft(c, Cost::online_build,
                           fk ? "SHARE UPDATE EXCLUSIVE on the table, ROW SHARE on the referenced one: writes go on"
                              : kShareUpdateExclusive,
                           "VALIDATE CONSTRAINT reads every existing row without blocking writes");
    validate.summary += ": validate";
    validate.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " VALIDATE CONSTRAINT " + quote(name)));
    push(std::move(validate));
  }

  void alter_primary_key(const Change& c) {
    const model::Table& t = after(c.table);
    const auto* want = std::get_if<model::PrimaryKey>(&c.desired);  // none: the key goes
    const auto* have = std::get_if<model::PrimaryKey>(&c.live);      // none: the table had none
    std::string building;
    if (want) {
      // Built under a temporary name: the old key's index may still hold the final one.
      model::Index index;
      index.name = truncate(want->name + "_bcdb_new");
      building = index.name;
      index.unique = true;
      for (const auto& col : want->columns) index.parts.push_back({col, "", false});
      if (c.adopts.empty()) {
        Draft build = concurrent_index_build(c, t, index);
        build.summary += ": build the new key's index concurrently";
        push(std::move(build));
      }
    }
    Draft swap = draft(c, Cost::metadata, kAccessExclusiveBrief,
                       c.adopts.empty() ? "the key moves to an index already built; key columns must hold no NULL"
                                        : "the key moves to the valid index " + building +
                                              " that an interrupted run built concurrently: no rebuild");
    swap.summary += want ? ": switch to the new key" : ": drop the key";
    if (have && !have->name.empty())
      swap.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " DROP CONSTRAINT " + quote(have->name)));
    if (want)
      swap.actions.push_back(exec("ALTER TABLE " + quote_table(t) + " ADD CONSTRAINT " + quote(want->name) +
                                  " PRIMARY KEY USING INDEX " + quote(building)));
    push(std::move(swap));
  }

  const RenderRequest& r_;
  std::vector<Draft> out_;
  std::vector<Draft> deferred_;
  std::set<std::string> created_;
  std::set<std::string> done_;
};

}  // namespace

std::vector<plan::Draft> render(const RenderRequest& request) { return Renderer(request).run(); }

namespace {

// An index a concurrent build of `columns` left behind: valid, unique, plain.
bool built_for(const model::Index& i, const std::vector<std::string>& columns) {
  if (!i.valid || !i.unique || !i.where.empty() || !i.include.empty() || (!i.method.empty() && i.method != "btree") ||
      i.parts.size() != columns.size())
    return false;
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (!i.parts[k].expr.empty() || i.parts[k].desc || i.parts[k].column != columns[k]) return false;
  return true;
}

// An expression without case, spaces, quotes and parentheses: "(\"phone\" IS NOT NULL)" -> "phoneisnotnull".
std::string squeezed(std::string_view expr) {
  std::string out;
  for (char ch : expr)
    if (!std::isspace(static_cast<unsigned char>(ch)) && ch != '(' && ch != ')' && ch != '"')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Removes the drop of the index or check `name` on `table`; whether there was one.
bool take_drop(diff::ChangeSet& changes, ChangeKind kind, const std::string& table, const std::string& name) {
  auto it = std::find_if(changes.begin(), changes.end(), [&](const Change& c) {
    if (c.kind != kind || c.table != table) return false;
    return kind == ChangeKind::drop_index ? c.live_as<model::Index>().name == name : c.live_as<model::Check>().name == name;
  });
  if (it == changes.end()) return false;
  changes.erase(it);
  return true;
}

}  // namespace

// What a run that died between the steps of an online change leaves behind, and what takes it
// over: the unique index of an ADD UNIQUE USING INDEX, the new key's index of a primary key
// change, the helper check of an online SET NOT NULL.
void adopt_leftovers(diff::ChangeSet& changes, const model::Schema& live) {
  struct Adoption {
    std::size_t change;
    ChangeKind drop;
    std::string name;
    std::string table;
  };
  std::vector<Adoption> found;
  for (std::size_t n = 0; n < changes.size(); ++n) {
    const Change& c = changes[n];
    const model::Table* t = live.find_table(c.table);
    if (!t) continue;
    auto index_left = [&](const std::string& name, const std::vector<std::string>& columns) {
      for (const auto& i : t->indexes)
        if (i.name == name && built_for(i, columns)) found.push_back({n, ChangeKind::drop_index, name, c.table});
    };
    if (c.kind == ChangeKind::add_unique) {
      const auto& u = c.desired_as<model::Unique>();
      index_left(u.name.empty() ? default_name(*t, u.columns, "key") : u.name, u.columns);
    } else if (const auto* pk = c.kind == ChangeKind::alter_primary_key ? std::get_if<model::PrimaryKey>(&c.desired) : nullptr) {
      index_left(truncate(pk->name + "_bcdb_new"), pk->columns);
    } else if (c.kind == ChangeKind::alter_column && !c.desired_as<model::Column>().nullable &&
               std::any_of(c.attributes.begin(), c.attributes.end(), [](const auto& a) { return a.attribute == "nullable"; })) {
      const std::string& column = c.desired_as<model::Column>().name;
      const std::string name = not_null_check_name(*t, column);
      for (const auto& k : t->checks)
        if (k.name == name && squeezed(k.expr) == squeezed(column) + "isnotnull")
          found.push_back({n, ChangeKind::drop_check, name, c.table});
    }
  }
  for (const auto& a : found) changes[a.change].adopts = a.name;
  // Drops last: removing one moves the changes after it.
  for (const auto& a : found) take_drop(changes, a.drop, a.table, a.name);
}

}  // namespace bcdb::dialect::postgres
