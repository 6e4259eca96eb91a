#include "dialect/mysql/renderer.h"

#include <algorithm>
#include <set>

#include "dialect/mysql/ddl.h"
#include "dialect/mysql/table_copy.h"
#include "dialect/mysql/types.h"
#include "dialect/sync_sql.h"
#include "plan/planner.h"
#include "support/error.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

using diff::Change;
using diff::ChangeKind;
using diff::has_attribute;
using plan::Action;
using plan::Cost;
using plan::Draft;

// How an ALTER may run. Named on every ALTER so that the server refuses (error 1846) rather
// than silently falling back to copying the table under a lock.
enum class Algorithm { instant, inplace_metadata, inplace_online, copy };

std::string clause(Algorithm a) {
  switch (a) {
    case Algorithm::instant: return ", ALGORITHM=INSTANT";
    case Algorithm::inplace_metadata:
    case Algorithm::inplace_online: return ", ALGORITHM=INPLACE, LOCK=NONE";
    case Algorithm::copy: return ", ALGORITHM=COPY, LOCK=SHARED";
  }
  return "";
}

Cost cost_of(Algorithm a) {
  switch (a) {
    case Algorithm::instant:
    case Algorithm::inplace_metadata: return Cost::metadata;
    case Algorithm::inplace_online: return Cost::online_build;
    case Algorithm::copy: return Cost::rewrite;
  }
  return Cost::rewrite;
}

std::string lock_of(Algorithm a) {
  switch (a) {
    case Algorithm::instant:
      return "exclusive metadata lock for a catalog change (ALGORITHM=INSTANT, milliseconds)";
    case Algorithm::inplace_metadata:
      return "exclusive metadata lock briefly at start and end; no rows are touched (ALGORITHM=INPLACE, LOCK=NONE)";
    case Algorithm::inplace_online:
      return "exclusive metadata lock briefly at start and end; reads and writes go on while the server works "
             "(ALGORITHM=INPLACE, LOCK=NONE)";
    case Algorithm::copy:
      return "the table is copied under a shared lock: reads go on, writes wait (ALGORITHM=COPY, LOCK=SHARED)";
  }
  return "";
}

Algorithm weaker(Algorithm a, Algorithm b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

Action exec(std::string sql, Action::Stage stage = Action::Stage::body) {
  return Action{Action::Kind::exec, stage, std::move(sql), ""};
}
Action assert_empty(std::string sql, std::string message) {
  return Action{Action::Kind::assert_empty, Action::Stage::body, std::move(sql), std::move(message)};
}

// A default the server stores as a constant: a quoted string, a number, NULL. Anything else
// (uuid(), now() + interval ...) is evaluated per row and cannot be added instantly.
bool constant_default(const std::string& expr) {
  std::string e = str::trim(expr);
  if (e.empty()) return true;
  if (e.front() == '\'' && e.back() == '\'') return true;
  if (str::lower(e) == "null") return true;
  return std::all_of(e.begin(), e.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E';
  });
}

// Bytes a VARCHAR's length prefix takes: 1 up to 255 bytes, 2 beyond. Widening within the same
// prefix size changes only the catalog; across it, InnoDB rewrites the table.

// MySQL triggers are per event: one BEFORE INSERT and one BEFORE UPDATE, each assigning NEW,
// each column's rules in order.
std::string insert_trigger_body(const model::Sync& sync) {
  std::string body = "BEGIN\n";
  for (const auto& column : sync.columns) {
    SyncConditions k = sync_conditions(column, sync.row, spelling());
    body += "  IF " + k.up_on_insert + " THEN SET NEW." + quote(column.column) + " = " + k.up + "; END IF;\n";
    for (std::size_t i = 0; i < k.down.size(); ++i)
      body += "  IF " + k.down_if_null[i].second + " AND " + k.down_on_insert + " THEN SET NEW." +
              quote(k.down[i].first) + " = " + k.down[i].second + "; END IF;\n";
  }
  return body + "END";
}

std::string update_trigger_body(const model::Sync& sync) {
  std::string body = "BEGIN\n";
  for (const auto& column : sync.columns) {
    SyncConditions k = sync_conditions(column, sync.row, spelling());
    body += "  IF " + k.up_on_update + " THEN SET NEW." + quote(column.column) + " = " + k.up + ";\n";
    if (!k.down.empty()) {
      body += "  ELSEIF " + k.down_on_update + " THEN\n";
      for (const auto& [old, value] : k.down) body += "    SET NEW." + quote(old) + " = " + value + ";\n";
    }
    body += "  END IF;\n";
  }
  return body + "END";
}

// A constant of the type, for a column about to be dropped: ALTER COLUMN SET DEFAULT only
// changes the catalog. MySQL takes defaults of TEXT, BLOB and JSON columns only as
// expressions (8.0.13+); MariaDB takes literals.
std::string placeholder_default(const model::Type& t, bool mariadb) {
  using model::TypeKind;
  switch (t.kind) {
    case TypeKind::boolean:
    case TypeKind::int16:
    case TypeKind::int32:
    case TypeKind::int64:
    case TypeKind::float32:
    case TypeKind::float64:
    case TypeKind::decimal: return "0";
    case TypeKind::text:
    case TypeKind::bytes: return mariadb ? "''" : "('')";
    case TypeKind::json: return mariadb ? "'{}'" : "(JSON_OBJECT())";
    case TypeKind::fixed_char:
    case TypeKind::varchar:
    case TypeKind::uuid: return "''";
    case TypeKind::date: return "'1970-01-01'";
    case TypeKind::time: return "'00:00:00'";
    case TypeKind::timestamp:
    case TypeKind::timestamptz: return "'1970-01-01 00:00:01'";
  }
  return "''";
}

class Renderer {
 public:
  Renderer(const RenderRequest& r, const Server& server) : r_(r), server_(server) {}

  std::vector<Draft> run() {
    for (const Change* c : r_.changes)
      if (c->kind == ChangeKind::create_table) create_table_step(*c);
    for (auto& d : deferred_) out_.push_back(std::move(d));
    bool dropped = false;
    for (const Change* c : r_.changes) {
      if (c->kind == ChangeKind::create_table) continue;
      if (c->kind != ChangeKind::drop_table) {
        render(*c);
      } else if (!dropped) {
        drop_tables();
        dropped = true;
      }
    }
    return std::move(out_);
  }

 private:
  // Which online forms this server has. An unknown version (empty) is treated as the oldest.
  bool instant_add_column() const { return server_.mariadb() ? server_.at_least(10, 3) : server_.at_least(8, 0, 12); }
  bool instant_drop_column() const { return server_.mariadb() ? server_.at_least(10, 4) : server_.at_least(8, 0, 29); }
  bool instant_rename_column() const { return server_.mariadb() ? server_.at_least(10, 5) : server_.at_least(8, 0, 28); }

  const model::Table& after(const std::string& name) const {
    const model::Table* t = r_.after.find_table(name);
    if (!t) throw Error(ExitCode::database, "internal: table " + name + " is not in the planned schema");
    return *t;
  }

  std::int64_t rows(const std::string& table) const { return r_.stats.rows_of(table); }

  Draft draft(const Change& c, Algorithm a, std::string reason) const {
    Draft d;
    d.summary = diff::summary(c);
    d.table = c.table;
    d.cost = cost_of(a);
    d.lock = lock_of(a);
    d.reason = std::move(reason);
    d.destructive = plan::place(c).destructive;
    d.transactional = false;  // MySQL commits every DDL statement by itself
    if (d.cost == Cost::rewrite || d.cost == Cost::blocking_scan || d.cost == Cost::online_build) d.rows = rows(c.table);
    return d;
  }

  void push(Draft d) { out_.push_back(std::move(d)); }

  std::string alter(const std::string& table) const { return "ALTER TABLE " + quote_table(table) + " "; }

  // --- tables ------------------------------------------------------------------------------

  void create_table_step(const Change& c) {
    const model::Table& t = after(c.table);
    Draft d;
    d.summary = diff::summary(c);
    d.table = c.table;
    d.cost = Cost::none;
    d.lock = "none on existing tables, beyond a brief metadata lock on the tables its foreign keys reference";
    d.reason = "a new table: no running version reads or writes it yet";
    d.transactional = false;
    // A foreign key to a table that does not exist yet (a cycle) is added once it does.
    model::Table inline_keys = t;
    inline_keys.foreign_keys.clear();
    std::vector<model::ForeignKey> later;
    for (const auto& fk : t.foreign_keys) {
      bool ready = r_.before.find_table(fk.ref_table) || done_.count(fk.ref_table) || fk.ref_table == t.name;
      (ready ? inline_keys.foreign_keys : later).push_back(fk);
    }
    d.actions.push_back(exec(create_table(inline_keys, server_, true)));
    done_.insert(t.name);
    push(std::move(d));
    for (const auto& fk : later) {
      Draft f;
      f.summary = "add foreign key " + fk.name + " on " + t.name;
      f.table = t.name;
      f.cost = Cost::none;
      f.lock = "metadata locks on both new tables";
      f.reason = "both tables are new and empty, so the key is checked instantly";
      f.transactional = false;
      f.actions.push_back(exec(alter(t.name) + "ADD CONSTRAINT " + quote(fk.name) + " " + foreign_key_clause(fk)));
      deferred_.push_back(std::move(f));
    }
  }

  // One DROP TABLE for every table the phase drops: tables that reference each other can only
  // go together.
  void drop_tables() {
    std::vector<const Change*> drops;
    for (const Change* c : r_.changes)
      if (c->kind == ChangeKind::drop_table) drops.push_back(c);
    std::vector<std::string> names, quoted;
    std::int64_t total = 0;
    for (const Change* c : drops) {
      names.push_back(c->table);
      quoted.push_back(quote_table(c->table));
      total += rows(c->table);
    }
    Draft d = draft(*drops.front(), Algorithm::instant,
                    "deletes " + str::join(names, ", ") + " and " + (total == 1 ? "1 row" : "about " + std::to_string(total) + " rows") +
                        "; the old version may still use them, hence the contract phase");
    d.lock = "exclusive metadata lock on each table dropped";
    d.summary = "drop table" + std::string(names.size() > 1 ? "s " : " ") + str::join(names, ", ");
    // Tables that reference each other holding rows: InnoDB refuses to drop one while the
    // other's rows point at it, even in one statement. No kept table references them (their
    // keys were dropped first), so the checks can be off for this statement.
    d.actions.push_back(exec("SET SESSION foreign_key_checks = 0", Action::Stage::setup));
    d.actions.push_back(exec("DROP TABLE " + str::join(quoted, ", ")));
    d.actions.push_back(exec("SET SESSION foreign_key_checks = 1", Action::Stage::teardown));
    push(std::move(d));
  }

  void render(const Change& c) {
    switch (c.kind) {
      case ChangeKind::create_table:
      case ChangeKind::drop_table: return;
      case ChangeKind::rename_table: {
        const std::string& old_name = c.live_as<model::Table>().name;
        if (c.over_view) {
          // One RENAME TABLE renames atomically: no statement finds the new name missing.
          Draft d = draft(c, Algorithm::instant,
                          "the view that showed the table under its new name since expand gives way to the table in one "
                          "atomic RENAME TABLE; the old name goes with the old version");
          d.lock = "exclusive metadata lock on the names (milliseconds)";
          std::string parked = std::string(model::kCompatPrefix) + sha256_hex(c.table).substr(0, 16);
          d.actions.push_back(exec("RENAME TABLE " + quote_table(c.table) + " TO " + quote_table(parked) + ", " +
                                   quote_table(old_name) + " TO " + quote_table(c.table)));
          d.actions.push_back(exec("DROP VIEW " + quote_table(parked)));
          push(std::move(d));
          return;
        }
        Draft d = draft(c, Algorithm::instant, "a catalog change; the old version still uses the old name, hence the contract phase");
        d.lock = "exclusive metadata lock on both names (milliseconds)";
        d.actions.push_back(exec("RENAME TABLE " + quote_table(old_name) + " TO " + quote_table(c.table)));
        push(std::move(d));
        return;
      }
      case ChangeKind::drop_compat_view: {
        Draft d = draft(c, Algorithm::instant, "the old version is gone: nothing reads the table's old name any more");
        d.lock = "exclusive metadata lock on the view (milliseconds)";
        d.actions.push_back(exec("DROP VIEW " + quote_table(c.object)));
        push(std::move(d));
        return;
      }
      case ChangeKind::create_compat_view: {
        // MERGE keeps the view updatable; INVOKER checks the application's own rights on the table.
        Draft d = draft(c, Algorithm::instant,
                        "a catalog change: the new version reads and writes the table's rows under its new name "
                        "while the old version keeps the old one, until contract");
        d.lock = "none: the table is only read from the catalog";
        d.actions.push_back(exec("CREATE ALGORITHM = MERGE SQL SECURITY INVOKER VIEW " + quote_table(c.object) +
                                 " AS SELECT " + view_columns(c.desired_as<model::Table>(), [](std::string_view n) { return quote(n); }) +
                                 " FROM " + quote_table(c.table)));
        push(std::move(d));
        return;
      }
      case ChangeKind::add_column: return add_column(c);
      case ChangeKind::drop_column: {
        Algorithm a = instant_drop_column() ? Algorithm::instant : Algorithm::inplace_online;
        std::string what = c.carried_into.empty() ? "the column's data is lost" : "its values live on in " + c.carried_into;
        Draft d = draft(c, a, what + (instant_drop_column() ? "; the server only marks it dropped"
                                                             : "; the table is rebuilt while writes go on"));
        d.actions.push_back(exec(alter(c.table) + "DROP COLUMN " + quote(c.object) + clause(a)));
        push(std::move(d));
        return;
      }
      case ChangeKind::rename_column: {
        Algorithm a = instant_rename_column() ? Algorithm::instant : Algorithm::inplace_metadata;
        Draft d = draft(c, a, "a catalog change; the old version still uses the old name, hence the contract phase");
        d.actions.push_back(exec(alter(c.table) + "RENAME COLUMN " + quote(c.attributes.front().live) + " TO " +
                                 quote(c.object) + clause(a)));
        push(std::move(d));
        return;
      }
      case ChangeKind::alter_column: return alter_column(c);
      case ChangeKind::add_index: return add_index(c, c.desired_as<model::Index>());
      case ChangeKind::drop_index: {
        Draft d = draft(c, Algorithm::inplace_metadata, "dropping a secondary index changes only the catalog");
        d.actions.push_back(exec(alter(c.table) + "DROP INDEX " + quote(c.live_as<model::Index>().name) +
                                 clause(Algorithm::inplace_metadata)));
        push(std::move(d));
        return;
      }
      case ChangeKind::add_unique: {
        const auto& u = c.desired_as<model::Unique>();
        model::Index index;
        index.name = u.name;
        index.unique = true;
        for (const auto& col : u.columns) index.parts.push_back({col, "", false});
        return add_index(c, index);
      }
      case ChangeKind::drop_unique: {
        Draft d = draft(c, Algorithm::inplace_metadata, "a unique constraint is an index; dropping it changes only the catalog");
        d.actions.push_back(exec(alter(c.table) + "DROP INDEX " + quote(c.live_as<model::Unique>().name) +
                                 clause(Algorithm::inplace_metadata)));
        push(std::move(d));
        return;
      }
      case ChangeKind::drop_foreign_key: return drop_foreign_key(c);
      case ChangeKind::drop_check: {
        Draft d = draft(c, Algorithm::inplace_metadata, "a catalog change: nothing is scanned");
        d.actions.push_back(exec(alter(c.table) + "DROP " + (server_.mariadb() ? "CONSTRAINT " : "CHECK ") +
                                 quote(c.live_as<model::Check>().name)));
        push(std::move(d));
        return;
      }
      case ChangeKind::add_foreign_key: return add_foreign_key(c);
      case ChangeKind::add_check: return add_check(c);
      case ChangeKind::alter_primary_key: return alter_primary_key(c);
      case ChangeKind::alter_table_comment: {
        const auto& t = after(c.table);
        Draft d = draft(c, Algorithm::inplace_metadata, "a catalog change");
        d.actions.push_back(exec(alter(c.table) + "COMMENT=" + literal(t.comment) + clause(Algorithm::inplace_metadata)));
        push(std::move(d));
        return;
      }
      case ChangeKind::alter_table_options: return alter_table_options(c);
      case ChangeKind::create_sync: return create_sync(c);
      case ChangeKind::drop_sync: {
        const auto& sync = c.live_as<model::Sync>();
        Draft d = draft(c, Algorithm::instant,
                        "the old version is gone: nothing writes the old columns any more; an old NOT NULL column "
                        "gets a placeholder default first (instant), so inserts that do not name it succeed until "
                        "it is dropped");
        d.lock = "exclusive metadata lock on the table for a catalog change (milliseconds)";
        for (const auto* old : required_old_columns(sync, r_.before.find_table(c.table)))
          d.actions.push_back(exec(alter(c.table) + "ALTER COLUMN " + quote(old->name) + " SET DEFAULT " +
                                   placeholder_default(old->type, server_.mariadb())));
        for (auto& sql : drop_sync_triggers_sql(sync.name)) d.actions.push_back(exec(std::move(sql)));
        // A table copy's sync: its copy, or the original it swapped out (model::TableCopy).
        for (const char* suffix : {"_c", "_o"})
          d.actions.push_back(exec("DROP TABLE IF EXISTS " + quote(sync.name + suffix)));
        push(std::move(d));
        return;
      }
      case ChangeKind::backfill: return backfill(c);
      case ChangeKind::cut_over: return cut_over(c);
      case ChangeKind::create_copy: return create_copy(c);
      case ChangeKind::swap_copy: return swap_copy(c);
      case ChangeKind::rename_index: {
        Draft d = draft(c, Algorithm::inplace_metadata, "the index built beside the old one takes its name");
        d.actions.push_back(exec(alter(c.table) + "RENAME INDEX " + quote(c.live_as<model::Index>().name) + " TO " +
                                 quote(c.object) + clause(Algorithm::inplace_metadata)));
        push(std::move(d));
        return;
      }
    }
  }

  void create_sync(const Change& c) {
    const auto& sync = c.desired_as<model::Sync>();
    Draft d = draft(c, Algorithm::instant, "BEFORE triggers copy every write of either version's columns into the other's");
    d.lock = "exclusive metadata lock on the table for a catalog change (milliseconds)";
    // Each trigger is replaced whole: one a run that died half-way left behind goes first.
    d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(sync.name + "_i")));
    d.actions.push_back(exec("CREATE TRIGGER " + quote(sync.name + "_i") + " BEFORE INSERT ON " + quote_table(c.table) +
                             " FOR EACH ROW " + insert_trigger_body(sync)));
    d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(sync.name + "_u")));
    d.actions.push_back(exec("CREATE TRIGGER " + quote(sync.name + "_u") + " BEFORE UPDATE ON " + quote_table(c.table) +
                             " FOR EACH ROW " + update_trigger_body(sync)));
    push(std::move(d));
  }

  // The shadows take their columns' places under LOCK TABLES ... WRITE, so that no write lands
  // between the ALTER and the triggers' drop: one ALTER drops each original (and its indexes)
  // and renames its shadow into place with its default (no row is copied: NOCOPY), then the
  // triggers go. NOT NULL follows online: it rebuilds the table, which must not happen locked.
  void cut_over(const Change& c) {
    const auto& cut = c.live_as<model::CutOver>();
    const model::Table& t = after(c.table);
    const std::string table = quote_table(c.table);
    Draft d = draft(c, Algorithm::inplace_metadata,
                    "catalog changes under a brief write lock: no row is copied, and no write slips between the "
                    "shadow taking the column's name and the sync triggers going");
    d.lock = "LOCK TABLES ... WRITE for the catalog changes (milliseconds; reads and writes wait)";
    d.transactional = false;
    std::vector<std::string> clauses;
    for (const auto& swap : cut.swaps) {
      model::Column placed = swap.final;  // a shadow added NOT NULL keeps it; otherwise NOT NULL follows
      placed.nullable = placed.nullable || swap.shadow_nullable;
      for (const auto& index : swap.dropped_indexes) clauses.push_back("DROP INDEX " + quote(index));
      clauses.push_back("DROP COLUMN " + quote(swap.column));
      clauses.push_back("CHANGE COLUMN " + quote(swap.shadow) + " " +
                        column_definition(placed, server_, on_update(t, swap.column)));
      for (const auto& [building, final_name] : swap.indexes)
        clauses.push_back("RENAME INDEX " + quote(building) + " TO " + quote(final_name));
    }
    d.actions.push_back(exec("LOCK TABLES " + table + " WRITE"));
    d.actions.push_back(exec(alter(c.table) + str::join(clauses, ", ") + ", ALGORITHM=NOCOPY"));
    for (const char* suffix : {"_i", "_u"}) d.actions.push_back(exec("DROP TRIGGER IF EXISTS " + quote(cut.sync.name + suffix)));
    d.actions.push_back(exec("UNLOCK TABLES"));
    d.actions.push_back(exec("UNLOCK TABLES", Action::Stage::teardown));  // also when a statement above failed
    push(std::move(d));
    for (const auto& swap : cut.swaps) {
      if (swap.final.nullable || !swap.shadow_nullable) continue;
      Draft n = draft(c, Algorithm::inplace_online, "NOT NULL rebuilds the table while writes go on, refusing if a NULL is found");
      n.summary = "make " + c.table + "." + swap.column + " NOT NULL";
      n.actions.push_back(assert_empty("SELECT 1 FROM " + table + " WHERE " + quote(swap.column) + " IS NULL LIMIT 1",
                                       c.table + "." + swap.column + " holds NULL values; fill them before making it NOT NULL"));
      n.actions.push_back(exec(alter(c.table) + "MODIFY COLUMN " + column_definition(swap.final, server_, on_update(t, swap.column)) +
                               clause(Algorithm::inplace_online)));
      push(std::move(n));
    }
  }

  void create_copy(const Change& c) {
    const auto& copy = c.desired_as<model::TableCopy>();
    Draft d = draft(c, Algorithm::instant,
                    "a new, empty table with the new types, and AFTER triggers that apply every write of the "
                    "original to it; no existing row is touched");
    d.lock = "write lock on the table while its three triggers are created together (milliseconds; reads and writes wait)";
    d.transactional = false;
    // Its backfill starts from the first key, whatever an earlier copy's checkpoint says.
    std::vector<std::string> forget;
    if (copy.forget_checkpoint)
      forget.push_back("DELETE FROM " + quote(model::kBackfillsTable) + " WHERE " + quote("name") + " = " + literal(c.table));
    for (auto& sql : create_copy_sql(copy, c.table, server_, forget)) d.actions.push_back(exec(std::move(sql)));
    d.actions.push_back(exec("UNLOCK TABLES", Action::Stage::teardown));  // also when a statement above failed
    push(std::move(d));
  }

  // The copy takes the table's name in one RENAME; the original, which nothing reads or
  // writes any more, is dropped in a step of its own.
  void swap_copy(const Change& c) {
    const auto& copy = c.live_as<model::TableCopy>();
    Draft d = draft(c, Algorithm::instant,
                    "the copy, filled and kept in step, takes the table's name in one atomic RENAME: no row is "
                    "copied under a lock");
    d.lock = "exclusive metadata locks on the table and its copy for the rename (milliseconds; reads and writes wait)";
    d.transactional = false;
    d.actions.push_back(assert_empty(row_count_difference_query(copy, c.table),
                                     "the copy " + copy.copy_name() + " does not hold the rows of " + c.table +
                                         " (something wrote to it, or removed a trigger): nothing was swapped; drop "
                                         "the trigger " + copy.name + "_i and run bcdb migrate again to copy the "
                                         "table afresh"));
    for (auto& sql : swap_copy_sql(copy, c.table)) d.actions.push_back(exec(std::move(sql)));
    push(std::move(d));
    Draft drop = draft(c, Algorithm::instant, "the table it was swapped for holds every row; nothing uses this one");
    drop.summary = "drop the original of " + c.table + " (" + copy.retired_name() + ")";
    drop.lock = "exclusive metadata lock on the original, which nothing uses";
    drop.transactional = false;
    drop.actions.push_back(exec("DROP TABLE IF EXISTS " + quote(copy.retired_name())));
    push(std::move(drop));
  }

  void backfill(const Change& c) {
    const auto& b = c.desired_as<model::Backfill>();
    if (!b.into.empty()) {
      Draft d = draft(c, Algorithm::inplace_online, "existing rows copied in key-range batches, each its own short "
                                                    "transaction with a checkpoint");
      d.cost = Cost::online_build;
      d.lock = "shared row locks on each batch's rows of the original, for milliseconds";
      d.actions.push_back(copy_backfill_action(b, quote_table(c.table), server_));
      push(std::move(d));
      return;
    }
    Draft d = draft(c, Algorithm::inplace_online, "existing rows in key-range batches, each its own short transaction "
                                                  "with a checkpoint");
    d.cost = Cost::online_build;
    d.lock = "row locks on each batch's rows, for milliseconds";
    d.actions.push_back(backfill_action(b, quote_table(c.table), spelling()));
    push(std::move(d));
  }

  // --- columns -----------------------------------------------------------------------------

  void add_column(const Change& c) {
    const auto& col = c.desired_as<model::Column>();
    const model::Table& t = after(c.table);
    Algorithm a = Algorithm::instant;
    std::string reason = col.default_expr ? "added at the end with a constant default: only the catalog changes, "
                                            "existing rows read the default"
                                          : "added at the end: only the catalog changes, existing rows read NULL";
    if (col.identity || col.generated || (col.default_expr && !constant_default(*col.default_expr)) ||
        !instant_add_column()) {
      a = Algorithm::copy;
      reason = col.identity ? "an AUTO_INCREMENT column numbers every existing row: the table is copied"
               : col.generated ? "a generated column is computed for every existing row: the table is copied"
               : !instant_add_column() ? "this server version cannot add a column instantly: the table is copied"
                                       : "the default is evaluated per row (not a constant): the table is copied";
    }
    Draft d = draft(c, a, reason);
    if (!col.nullable && !col.default_expr && !col.identity && !col.generated)
      d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t.name) + " LIMIT 1",
                                       t.name + " holds rows, so the new NOT NULL column " + col.name +
                                           " needs a default (or add it as nullable and fill it first)"));
    std::string sql = alter(t.name) + "ADD COLUMN " + column_definition(col, server_, on_update(t, col.name));
    // AUTO_INCREMENT needs a key on the column in the same statement, unless the key has it.
    if (col.identity && !(t.primary_key && t.primary_key->columns.size() == 1 && t.primary_key->columns[0] == col.name &&
                          r_.before.find_table(c.table) && r_.before.find_table(c.table)->primary_key))
      sql += ", ADD KEY " + quote(col.name) + " (" + quote(col.name) + ")";
    d.actions.push_back(exec(sql + clause(a)));
    push(std::move(d));
  }

  // MODIFY restates the whole column, so one statement carries every attribute that changed,
  // under the weakest algorithm any of them needs.
  void alter_column(const Change& c) {
    const auto& want = c.desired_as<model::Column>();
    const auto& have = c.live_as<model::Column>();
    const model::Table& t = after(c.table);
    if (has_attribute(c, "generated")) {
      Draft d = draft(c, Algorithm::copy, "a generation expression cannot change in place: the column is dropped and "
                                          "added again, computing every row, and the table is copied");
      d.actions.push_back(exec(alter(t.name) + "DROP COLUMN " + quote(want.name) + ", ADD COLUMN " +
                               column_definition(want, server_, on_update(t, want.name)) + clause(Algorithm::copy)));
      push(std::move(d));
      return;
    }
    // Only the default: ALTER COLUMN ... SET DEFAULT is a catalog change.
    if (c.attributes.size() == 1 && has_attribute(c, "default") && !want.identity &&
        (!want.default_expr || constant_default(*want.default_expr))) {
      Draft d = draft(c, Algorithm::instant, "a catalog change; existing rows keep their values");
      d.actions.push_back(exec(alter(t.name) + "ALTER COLUMN " + quote(want.name) +
                               (want.default_expr ? " SET DEFAULT " + *want.default_expr : " DROP DEFAULT") +
                               clause(Algorithm::instant)));
      push(std::move(d));
      return;
    }
    Algorithm a = Algorithm::inplace_metadata;
    std::vector<std::string> why;
    if (has_attribute(c, "type") || has_attribute(c, "collation")) {
      bool widen = !has_attribute(c, "collation") && widens_in_place(have, want);
      if (widen) {
        // MariaDB 10.4+ widens instantly, and saying so keeps the server from rebuilding.
        if (server_.mariadb() && server_.at_least(10, 4) && c.attributes.size() == 1) a = Algorithm::instant;
        why.push_back("a wider varchar within the same length prefix changes only the catalog");
      } else {
        a = Algorithm::copy;
        why.push_back("converting " + column_type(have, server_) + " to " + column_type(want, server_) +
                      " copies every row");
      }
    }
    if (has_attribute(c, "identity")) {
      a = Algorithm::copy;
      why.push_back(want.identity ? "AUTO_INCREMENT is added by copying the table" : "dropping AUTO_INCREMENT copies the table");
    }
    if (has_attribute(c, "nullable")) {
      a = weaker(a, Algorithm::inplace_online);
      why.push_back(want.nullable ? "allowing NULL rebuilds the table while writes go on"
                                  : "NOT NULL rebuilds the table while writes go on, refusing if a NULL is found");
    }
    if (has_attribute(c, "default") && want.default_expr && !constant_default(*want.default_expr)) {
      a = weaker(a, Algorithm::inplace_metadata);
      why.push_back("the new default is an expression, kept in the catalog");
    } else if (has_attribute(c, "default")) {
      why.push_back("the default is a catalog change");
    }
    if (has_attribute(c, "comment")) why.push_back("the comment is a catalog change");
    Draft d = draft(c, a, str::join(why, "; "));
    if (has_attribute(c, "nullable") && !want.nullable)
      d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t.name) + " WHERE " + quote(want.name) +
                                           " IS NULL LIMIT 1",
                                       t.name + "." + want.name + " holds NULL values; fill them before making it NOT NULL"));
    std::string sql = alter(t.name) + "MODIFY COLUMN " + column_definition(want, server_, on_update(t, want.name));
    if (has_attribute(c, "identity") && want.identity && !(t.primary_key && t.primary_key->columns.front() == want.name))
      sql += ", ADD KEY " + quote(want.name) + " (" + quote(want.name) + ")";
    d.actions.push_back(exec(sql + clause(a)));
    push(std::move(d));
  }

  // --- indexes and constraints -------------------------------------------------------------

  void add_index(const Change& c, const model::Index& index) {
    bool fulltext = index.method == "fulltext" || index.method == "spatial";
    // The first FULLTEXT index of a table rebuilds it and cannot run with LOCK=NONE.
    Algorithm a = fulltext ? Algorithm::copy : Algorithm::inplace_online;
    Draft d = draft(c, a, fulltext ? "a FULLTEXT or SPATIAL index is built while writes wait"
                                   : "the index is built while reads and writes go on");
    const model::Table& t = after(c.table);
    if (index.unique) {
      std::vector<std::string> cols, not_null;
      bool plain = true;
      for (const auto& p : index.parts) {
        if (p.column.empty()) plain = false;
        cols.push_back(quote(p.column));
        not_null.push_back(quote(p.column) + " IS NOT NULL");
      }
      if (plain)
        d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t.name) + " WHERE " + str::join(not_null, " AND ") +
                                             " GROUP BY " + str::join(cols, ", ") + " HAVING count(*) > 1 LIMIT 1",
                                         "duplicate values in " + t.name + " (" + str::join(cols, ", ") +
                                             ") prevent the unique index " + index.name));
    }
    std::string kind = index.method == "fulltext" ? "FULLTEXT INDEX "
                       : index.method == "spatial" ? "SPATIAL INDEX "
                       : index.unique              ? "UNIQUE INDEX "
                                                   : "INDEX ";
    std::string sql = alter(t.name) + "ADD " + kind + quote(index.name) + " " + index_parts(index);
    if (fulltext) sql += ", ALGORITHM=INPLACE, LOCK=SHARED";
    else sql += clause(a);
    d.actions.push_back(exec(sql));
    push(std::move(d));
  }

  // Rows of `table` whose key has no parent row.
  std::string orphans(const model::Table& t, const model::ForeignKey& fk) const {
    std::vector<std::string> on, not_null;
    for (std::size_t i = 0; i < fk.columns.size(); ++i) {
      std::string ref = i < fk.ref_columns.size() ? fk.ref_columns[i] : fk.columns[i];
      on.push_back("p." + quote(ref) + " = c." + quote(fk.columns[i]));
      not_null.push_back("c." + quote(fk.columns[i]) + " IS NOT NULL");
    }
    return "SELECT 1 FROM " + quote_table(t.name) + " c LEFT JOIN " + quote_table(fk.ref_table) + " p ON " +
           str::join(on, " AND ") + " WHERE " + str::join(not_null, " AND ") + " AND p." +
           quote(fk.ref_columns.empty() ? fk.columns.front() : fk.ref_columns.front()) + " IS NULL LIMIT 1";
  }

  // InnoDB checks existing rows only by copying the table (COPY). With foreign_key_checks off
  // the key is added in place, checking nothing; so bcdb looks for orphans itself, before (to
  // refuse) and after (a row written in between).
  void add_foreign_key(const Change& c) {
    const model::Table& t = after(c.table);
    const auto& fk = c.desired_as<model::ForeignKey>();
    Draft d = draft(c, Algorithm::inplace_online,
                    "added in place with foreign_key_checks off (no table copy; the server first builds an index on "
                    "the key's columns if none exists); bcdb checks for orphan rows before and after, since the "
                    "server does not");
    std::string where = t.name + " (" + str::join(fk.columns, ", ") + ") has rows with no match in " + fk.ref_table;
    d.actions.push_back(assert_empty(orphans(t, fk), where + "; fix or delete them before adding " + fk.name));
    d.actions.push_back(exec("SET SESSION foreign_key_checks = 0", Action::Stage::setup));
    d.actions.push_back(exec(alter(t.name) + "ADD CONSTRAINT " + quote(fk.name) + " " + foreign_key_clause(fk) +
                             clause(Algorithm::inplace_online)));
    d.actions.push_back(exec("SET SESSION foreign_key_checks = 1", Action::Stage::teardown));
    d.actions.push_back(assert_empty(orphans(t, fk), where + ", written while " + fk.name +
                                                         " was being added; the key is in place but they remain"));
    push(std::move(d));
  }

  void drop_foreign_key(const Change& c) {
    const auto& fk = c.live_as<model::ForeignKey>();
    Draft d = draft(c, Algorithm::inplace_metadata, "a catalog change: nothing is scanned");
    std::string sql = alter(c.table) + "DROP FOREIGN KEY " + quote(fk.name);
    // The index InnoDB made for the key (named after it) goes too, unless it is wanted.
    const model::Table* want = r_.after.find_table(c.table);
    bool index_wanted = want && want->find_index(fk.name);
    if (server_.mariadb() && !index_wanted) sql += ", DROP INDEX IF EXISTS " + quote(fk.name);
    d.actions.push_back(exec(sql + clause(Algorithm::inplace_metadata)));
    push(std::move(d));
  }

  // Neither MySQL nor MariaDB adds a CHECK in place: existing rows are checked by copying.
  void add_check(const Change& c) {
    const model::Table& t = after(c.table);
    const auto& ch = c.desired_as<model::Check>();
    Draft d = draft(c, Algorithm::copy, "the server checks existing rows only by copying the table");
    d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t.name) + " WHERE NOT (" + ch.expr + ") LIMIT 1",
                                     t.name + " has rows that fail the check " + ch.name + " (" + ch.expr + ")"));
    d.actions.push_back(exec(alter(t.name) + "ADD " + check_clause(ch) + clause(Algorithm::copy)));
    push(std::move(d));
  }

  void alter_primary_key(const Change& c) {
    const model::Table& t = after(c.table);
    const auto* want = std::get_if<model::PrimaryKey>(&c.desired);  // none: the key goes
    const auto* have = std::get_if<model::PrimaryKey>(&c.live);      // none: the table had none
    // Replacing a key rebuilds the table in place; dropping one without a replacement copies it.
    Algorithm a = want ? Algorithm::inplace_online : Algorithm::copy;
    Draft d = draft(c, a, want ? "the table is rebuilt around the new key while writes go on"
                               : "dropping the primary key without a replacement copies the table");
    std::vector<std::string> parts;
    if (have) parts.push_back("DROP PRIMARY KEY");
    if (want) {
      std::vector<std::string> cols, nulls;
      for (const auto& col : want->columns) {
        cols.push_back(quote(col));
        nulls.push_back(quote(col) + " IS NULL");
      }
      d.actions.push_back(assert_empty("SELECT 1 FROM " + quote_table(t.name) + " GROUP BY " + str::join(cols, ", ") +
                                           " HAVING count(*) > 1 LIMIT 1",
                                       "duplicate values in " + t.name + " (" + str::join(want->columns, ", ") +
                                           ") prevent the new primary key"));
      parts.push_back("ADD PRIMARY KEY (" + str::join(cols, ", ") + ")");
    }
    d.actions.push_back(exec(alter(t.name) + str::join(parts, ", ") + clause(a)));
    push(std::move(d));
  }

  void alter_table_options(const Change& c) {
    const model::Table& t = after(c.table);
    auto option = [&](const std::string& key) -> std::optional<std::string> {
      auto it = t.options.find(key);
      return it == t.options.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    std::vector<std::string> parts;
    std::vector<std::string> why;
    Algorithm a = Algorithm::inplace_metadata;
    if (has_attribute(c, "mysql.engine")) {
      parts.push_back("ENGINE=" + option("mysql.engine").value_or("InnoDB"));
      a = Algorithm::copy;
      why.push_back("changing the storage engine copies every row");
    }
    if (has_attribute(c, "mysql.row_format")) {
      parts.push_back("ROW_FORMAT=" + option("mysql.row_format").value_or("DEFAULT"));
      a = weaker(a, Algorithm::inplace_online);
      why.push_back("a new row format rebuilds the table while writes go on");
    }
    if (has_attribute(c, "mysql.charset") || has_attribute(c, "mysql.collation")) {
      std::string cs = "DEFAULT CHARSET=" + option("mysql.charset").value_or("utf8mb4");
      if (auto coll = option("mysql.collation")) cs += " COLLATE=" + *coll;
      parts.push_back(cs);
      why.push_back("the table's default character set applies only to columns added later");
    }
    // ON UPDATE lives in the column's definition: MODIFY restates the column with it.
    for (const auto& attribute : c.attributes) {
      if (attribute.attribute.rfind(kOnUpdateOptionPrefix, 0) != 0) continue;
      const model::Column* col = t.find_column(attribute.attribute.substr(std::string_view(kOnUpdateOptionPrefix).size()));
      if (!col) continue;
      parts.push_back("MODIFY COLUMN " + column_definition(*col, server_, on_update(t, col->name)));
      why.push_back("ON UPDATE of " + col->name + " is a catalog change");
    }
    if (parts.empty()) return;
    Draft d = draft(c, a, str::join(why, "; "));
    d.actions.push_back(exec(alter(t.name) + str::join(parts, ", ") + clause(a)));
    push(std::move(d));
  }

  const RenderRequest& r_;
  const Server& server_;
  std::vector<Draft> out_;
  std::vector<Draft> deferred_;
  std::set<std::string> done_;
};

}  // namespace

std::vector<plan::Draft> render(const RenderRequest& request, const Server& server) {
  return Renderer(request, server).run();
}

}  // namespace bcdb::dialect::mysql
