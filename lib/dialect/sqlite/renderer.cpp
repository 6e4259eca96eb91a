#include "dialect/sqlite/renderer.h"

#include <algorithm>
#include <map>
#include <set>

#include "dialect/sqlite/compat_view.h"
#include "dialect/sqlite/ddl.h"
#include "dialect/sqlite/sql_parser.h"
#include "dialect/sync_sql.h"
#include "diff/apply.h"
#include "plan/planner.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

using diff::Change;
using diff::ChangeKind;
using plan::Action;
using plan::Cost;
using plan::Draft;

constexpr const char* kRebuildPrefix = "_bcdb_new_";

Action exec(std::string sql, Action::Stage stage = Action::Stage::body) {
  return Action{Action::Kind::exec, stage, std::move(sql), ""};
}
Action assert_empty(std::string sql, std::string message) {
  return Action{Action::Kind::assert_empty, Action::Stage::body, std::move(sql), std::move(message)};
}

std::string rows_phrase(std::int64_t rows) {
  return rows == 1 ? "1 row" : std::to_string(rows) + " rows";
}

const Spelling& spelling() {
  static const Spelling s{"sqlite", [](std::string_view n) { return quote(n); },
                          [](const std::string& a, const std::string& b) { return "(" + a + " IS " + b + ")"; },
                          [](int) { return std::string("?"); }};
  return s;
}

// SQLite triggers cannot assign NEW: AFTER triggers update the row just written, every
// column's rule evaluated at once over NEW (one UPDATE per event, so no rule sees a row
// another rule has half written). The trigger's own UPDATE fires the UPDATE trigger, which
// finds the columns consistent and does nothing.
std::string find_row(const model::Sync& sync) {
  std::vector<std::string> parts;
  for (const auto& k : sync.key) parts.push_back(quote(k) + " IS NEW." + quote(k));
  if (parts.empty()) parts.push_back("rowid = NEW.rowid");
  return str::join(parts, " AND ");
}

std::string sync_trigger(const model::Sync& sync, const std::string& table, bool insert) {
  std::vector<std::string> when, sets;
  std::vector<std::pair<std::string, std::vector<std::string>>> downs;  // old column -> its CASE arms
  for (const auto& column : sync.columns) {
    SyncConditions k = sync_conditions(column, sync.row, spelling());
    const std::string up_if = insert ? k.up_on_insert : k.up_on_update;
    when.push_back(up_if);
    sets.push_back(quote(column.column) + " = CASE WHEN " + up_if + " THEN " + k.up + " ELSE " + quote(column.column) + " END");
    for (std::size_t i = 0; i < k.down.size(); ++i) {
      std::string down_if = insert ? "(" + k.down_if_null[i].second + " AND " + k.down_on_insert + ")"
                                   : "(NOT " + up_if + " AND " + k.down_on_update + ")";
      when.push_back(down_if);
      auto it = std::find_if(downs.begin(), downs.end(), [&](const auto& d) { return d.first == k.down[i].first; });
      if (it == downs.end()) it = downs.insert(downs.end(), {k.down[i].first, {}});
      it->second.push_back("WHEN " + down_if + " THEN " + k.down[i].second);
    }
  }
  for (const auto& [old, arms] : downs)
    sets.push_back(quote(old) + " = CASE " + str::join(arms, " ") + " ELSE " + quote(old) + " END");
  return "CREATE TRIGGER " + quote(sync.name + (insert ? "_i" : "_u")) + " AFTER " + (insert ? "INSERT" : "UPDATE") +
         " ON " + quote(table) + " FOR EACH ROW WHEN " + str::join(when, " OR ") + " BEGIN UPDATE " + quote(table) +
         " SET " + str::join(sets, ", ") + " WHERE " + find_row(sync) + "; END";
}

std::vector<std::string> drop_sync_sql(const model::Sync& sync) {
  return {"DROP TRIGGER IF EXISTS " + quote(sync.name + "_i"), "DROP TRIGGER IF EXISTS " + quote(sync.name + "_u")};
}

bool needs_rebuild(const Change& c, const model::Schema& after) {
  switch (c.kind) {
    case ChangeKind::add_column: {
      const model::Table* t = after.find_table(c.table);
      return !t || !can_add_with_alter(*t, c.desired_as<model::Column>());
    }
    case ChangeKind::drop_column:
    case ChangeKind::alter_column:
    case ChangeKind::add_unique:
    case ChangeKind::drop_unique:
    case ChangeKind::add_foreign_key:
    case ChangeKind::drop_foreign_key:
    case ChangeKind::add_check:
    case ChangeKind::drop_check:
    case ChangeKind::alter_primary_key:
    case ChangeKind::alter_table_options:
    case ChangeKind::rename_index:  // SQLite has no RENAME INDEX; the rebuild creates it under its name
      return true;
    default:
      return false;
  }
}

bool destructive(const std::vector<const Change*>& changes) {
  return std::any_of(changes.begin(), changes.end(), [](const Change* c) { return plan::place(*c).destructive; });
}

Draft create_table_step(const model::Table& t) {
  Draft d;
  d.summary = "create table " + t.name;
  d.table = t.name;
  d.actions.push_back(exec(create_table(t, t.name)));
  for (const auto& i : t.indexes) d.actions.push_back(exec(create_index(t, i)));
  d.cost = Cost::none;
  d.lock = "database write lock while the schema record is written";
  d.reason = "a new table: no running version reads or writes it yet";
  return d;
}

Draft drop_table_step(const Change& c, const dialect::TableStats& stats) {
  Draft d;
  d.summary = diff::summary(c);
  d.table = c.table;
  // DROP TABLE runs an implicit DELETE, which would fire ON DELETE actions in other tables.
  d.actions.push_back(exec("PRAGMA foreign_keys = OFF", Action::Stage::setup));
  d.actions.push_back(exec("DROP TABLE " + quote(c.table)));
  d.cost = Cost::metadata;
  d.rows = stats.rows_of(c.table);
  d.destructive = true;
  d.lock = "database write lock while the table's pages are freed";
  d.reason = "deletes " + c.table + " and its " + rows_phrase(*d.rows) +
             "; foreign keys are off so no ON DELETE action fires in other tables";
  return d;
}

// Expression-level guard only when every column the expression names exists in `source`
// under that name; otherwise SQLite's own constraint error reports the problem.
bool mentions_only(const std::string& expr, const model::Table& after, const model::Table& source) {
  try {
    for (const auto& tok : tokenize(expr)) {
      if (tok.kind != Token::Kind::identifier && tok.kind != Token::Kind::quoted_identifier) continue;
      std::string name = unquote_identifier(tok.text);
      bool is_column = std::any_of(after.columns.begin(), after.columns.end(),
                                   [&](const auto& c) { return str::iequals(c.name, name); });
      if (is_column && !source.find_column(name)) return false;
    }
  } catch (const ParseError&) {
    return false;
  }
  return true;
}

class Rebuild {
 public:
  Rebuild(const model::Table& source, const model::Table& target, const std::vector<const Change*>& changes,
          const model::Schema& before, const model::Schema& after, const dialect::TableStats& stats)
      : source_(source), target_(target), changes_(changes), before_(before), after_(after), stats_(stats) {}

  Draft draft() {
    Draft d;
    std::vector<std::string> what;
    for (const Change* c : changes_) what.push_back(diff::summary(*c));
    d.summary = "rebuild table " + target_.name + ": " + str::join(what, "; ");
    d.table = target_.name;
    d.cost = Cost::rewrite;
    d.rows = stats_.rows_of(source_.name);
    d.destructive = destructive(changes_);
    d.lock = "database write lock for the whole copy";
    d.reason = "SQLite cannot make these changes with ALTER TABLE, so the documented rebuild copies " +
               rows_phrase(*d.rows) +
               " into a new table in one transaction with foreign keys off, then checks foreign keys and the "
               "row count before commit";
    d.actions.push_back(exec("PRAGMA foreign_keys = OFF", Action::Stage::setup));
    // Renaming the new table into place must neither rewrite nor re-check other objects
    // that name the table: they already name it by its final name.
    d.actions.push_back(exec("PRAGMA legacy_alter_table = ON", Action::Stage::setup));
    guards(d);
    copy(d);
    restore(d);
    checks(d);
    d.actions.push_back(exec("PRAGMA legacy_alter_table = OFF", Action::Stage::teardown));
    return d;
  }

 private:
  std::string temp_name() const { return kRebuildPrefix + target_.name; }

  void guards(Draft& d) const {
    const std::string table = quote(source_.name);
    for (const auto& c : target_.columns) {
      const model::Column* old = source_.find_column(c.name);
      if (!old && !c.nullable && !c.default_expr && !c.identity && !c.generated)
        d.actions.push_back(assert_empty("SELECT 1 FROM " + table + " LIMIT 1",
                                         target_.name + " holds rows, so the new NOT NULL column " + c.name +
                                             " needs a default (or add it as nullable and fill it first)"));
      if (old && old->nullable && !c.nullable && !c.generated)
        d.actions.push_back(assert_empty("SELECT 1 FROM " + table + " WHERE " + quote(c.name) + " IS NULL LIMIT 1",
                                         target_.name + "." + c.name +
                                             " holds NULL values; fill them before making it NOT NULL"));
    }
    for (const auto& check : target_.checks) {
      bool existed = std::any_of(source_.checks.begin(), source_.checks.end(),
                                 [&](const auto& s) { return s.expr == check.expr; });
      if (existed || !mentions_only(check.expr, target_, source_)) continue;
      d.actions.push_back(assert_empty("SELECT 1 FROM " + table + " WHERE NOT (" + check.expr + ") LIMIT 1",
                                       "rows of " + target_.name + " violate the new check " +
                                           (check.name.empty() ? "(" + check.expr + ")" : check.name)));
    }
    for (const auto& u : target_.uniques) {
      bool existed = std::any_of(source_.uniques.begin(), source_.uniques.end(),
                                 [&](const auto& s) { return s.columns == u.columns; });
      if (existed) continue;
      bool all_exist = std::all_of(u.columns.begin(), u.columns.end(), [&](const auto& c) { return source_.find_column(c); });
      if (!all_exist) continue;
      std::vector<std::string> not_null;
      for (const auto& c : u.columns) not_null.push_back(quote(c) + " IS NOT NULL");
      d.actions.push_back(assert_empty("SELECT 1 FROM " + table + " WHERE " + str::join(not_null, " AND ") +
                                           " GROUP BY " + quote_list(u.columns) + " HAVING count(*) > 1 LIMIT 1",
                                       "duplicate values in " + target_.name + " (" + str::join(u.columns, ", ") +
                                           ") prevent the unique constraint " +
                                           (u.name.empty() ? diff::constraint_label(u) : u.name)));
    }
  }

  bool keeps_rowid() const {
    if (source_.option("sqlite.without_rowid") || target_.option("sqlite.without_rowid")) return false;
    for (const auto& c : target_.columns)
      if (c.identity) return false;  // the alias column carries the rowid
    return true;
  }

  void copy(Draft& d) const {
    d.actions.push_back(exec(create_table(target_, temp_name())));
    std::vector<std::string> columns;
    if (keeps_rowid()) columns.emplace_back("rowid");
    for (const auto& c : target_.columns) {
      const model::Column* old = source_.find_column(c.name);
      if (!old || c.generated || old->generated) continue;
      columns.push_back(quote(c.name));
    }
    std::string list = str::join(columns, ", ");
    d.actions.push_back(exec("INSERT INTO " + quote(temp_name()) + " (" + list + ") SELECT " + list + " FROM " +
                             quote(source_.name)));
    d.actions.push_back(assert_empty("SELECT 1 WHERE (SELECT count(*) FROM " + quote(source_.name) +
                                         ") <> (SELECT count(*) FROM " + quote(temp_name()) + ")",
                                     "the copy of " + source_.name + " does not hold the same number of rows"));
    // AUTOINCREMENT keeps the highest key ever used in sqlite_sequence; carry it over so
    // deleted keys are not handed out again.
    if (source_.option("sqlite.autoincrement") && target_.option("sqlite.autoincrement")) {
      d.actions.push_back(exec("DELETE FROM sqlite_sequence WHERE name = '" + temp_name_literal() + "'"));
      d.actions.push_back(exec("INSERT INTO sqlite_sequence (name, seq) SELECT '" + temp_name_literal() +
                               "', seq FROM sqlite_sequence WHERE name = '" + literal(source_.name) + "'"));
    }
    d.actions.push_back(exec("DROP TABLE " + quote(source_.name)));
    d.actions.push_back(exec("ALTER TABLE " + quote(temp_name()) + " RENAME TO " + quote(target_.name)));
  }

  static std::string literal(const std::string& s) { return str::replace_all(s, "'", "''"); }
  std::string temp_name_literal() const { return literal(temp_name()); }

  void restore(Draft& d) const {
    for (const auto& i : target_.indexes) d.actions.push_back(exec(create_index(target_, i)));
    std::set<std::string> dropped;  // sync triggers this phase drops are not brought back
    for (const Change* c : changes_)
      if (c->kind == ChangeKind::drop_sync)
        for (const char* suffix : {"_i", "_u"}) dropped.insert(c->live_as<model::Sync>().name + suffix);
    for (const auto& o : before_.engine_objects)
      if (o.kind == "trigger" && str::iequals(o.table, source_.name) && !dropped.count(o.name))
        d.actions.push_back(exec(o.sql));
    for (const Change* c : changes_)
      if (c->kind == ChangeKind::create_sync)
        for (bool insert : {true, false})
          d.actions.push_back(exec(sync_trigger(c->desired_as<model::Sync>(), target_.name, insert)));
  }

  void checks(Draft& d) const {
    d.actions.push_back(assert_empty("PRAGMA foreign_key_check(" + quote(target_.name) + ")",
                                     "rows of " + target_.name + " reference rows that do not exist"));
    for (const auto& t : after_.tables) {
      if (t.name == target_.name) continue;
      bool child = std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                               [&](const auto& f) { return str::iequals(f.ref_table, target_.name); });
      if (child)
        d.actions.push_back(assert_empty("PRAGMA foreign_key_check(" + quote(t.name) + ")",
                                         "rows of " + t.name + " no longer find their parent in " + target_.name));
    }
    // Views are not re-checked by the rename; prove each one that names the table still works
    // (each that outlives this phase: a renamed table's old name goes before the rebuild).
    for (const auto& o : after_.engine_objects) {
      if (o.kind != "view" || str::lower(o.sql).find(str::lower(target_.name)) == std::string::npos) continue;
      d.actions.push_back(assert_empty("SELECT 1 FROM " + quote(o.name) + " WHERE 0",
                                       "view " + o.name + " no longer works after rebuilding " + target_.name));
    }
  }

  const model::Table& source_;
  const model::Table& target_;
  const std::vector<const Change*>& changes_;
  const model::Schema& before_;
  const model::Schema& after_;
  const dialect::TableStats& stats_;
};

Draft simple_step(const Change& c, const model::Schema& after, const dialect::TableStats& stats) {
  Draft d;
  d.summary = diff::summary(c);
  d.table = c.table;
  d.destructive = plan::place(c).destructive;
  const model::Table* t = after.find_table(c.table);
  switch (c.kind) {
    case ChangeKind::add_column:
      d.actions.push_back(exec("ALTER TABLE " + quote(c.table) + " ADD COLUMN " +
                               column_definition(*t, c.desired_as<model::Column>())));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema record is written";
      d.reason = "ADD COLUMN only rewrites the schema record; existing rows are not touched";
      break;
    case ChangeKind::rename_column:
      d.actions.push_back(exec("ALTER TABLE " + quote(c.table) + " RENAME COLUMN " + quote(c.attributes.front().live) +
                               " TO " + quote(c.object)));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema is rewritten";
      d.reason = "RENAME COLUMN rewrites the schema (indexes, triggers and views included) without touching rows; "
                 "the old version still uses the old name, hence the contract phase";
      break;
    case ChangeKind::rename_table:
      d.actions.push_back(exec("ALTER TABLE " + quote(c.attributes.front().live) + " RENAME TO " + quote(c.table)));
      if (c.keep_old_name)
        for (auto& sql : compat_view_sql(c.live_as<model::Table>(), c.attributes.front().live, c.table))
          d.actions.push_back(exec(std::move(sql)));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema is rewritten";
      d.reason = c.keep_old_name ? "RENAME TO rewrites the schema without touching rows; in the same transaction a view "
                                   "with INSTEAD OF triggers takes the old name, through which the old version reads "
                                   "and writes the same rows until contract"
                                 : "RENAME TO rewrites the schema and the foreign keys that point at the table, without "
                                   "touching rows; the old version still uses the old name, hence the contract phase";
      break;
    case ChangeKind::create_compat_view:
      for (auto& sql : compat_view_sql(c.desired_as<model::Table>(), c.object, c.table)) d.actions.push_back(exec(std::move(sql)));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema record is written";
      d.reason = "the new version reads and writes the table's rows under its new name until contract";
      break;
    case ChangeKind::drop_compat_view:
      d.actions.push_back(exec("DROP VIEW " + quote(c.object)));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema record is written";
      d.reason = "the old version is gone: nothing reads the table's old name any more";
      break;
    case ChangeKind::add_index:
      d.actions.push_back(exec(create_index(*t, c.desired_as<model::Index>())));
      d.cost = Cost::blocking_scan;
      d.rows = stats.rows_of(c.table);
      d.lock = "database write lock while the index is built";
      d.reason = "CREATE INDEX reads all " + rows_phrase(*d.rows) + " of " + c.table +
                 " while writers wait; readers are not blocked";
      break;
    case ChangeKind::drop_index:
      d.actions.push_back(exec(drop_index(c.live_as<model::Index>())));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the index pages are freed";
      d.reason = c.replaces ? "the index is dropped to be created again with its new definition"
                            : "no rows change; the old version's queries may still use the index, hence the "
                              "contract phase";
      break;
    case ChangeKind::create_sync: {
      const auto& sync = c.desired_as<model::Sync>();
      for (const auto& sql : drop_sync_sql(sync)) d.actions.push_back(exec(sql));
      for (bool insert : {true, false}) d.actions.push_back(exec(sync_trigger(sync, c.table, insert)));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema record is written";
      d.reason = "AFTER triggers copy every write of either version's columns into the other's";
      break;
    }
    case ChangeKind::drop_sync:
      for (const auto& sql : drop_sync_sql(c.live_as<model::Sync>())) d.actions.push_back(exec(sql));
      d.cost = Cost::metadata;
      d.lock = "database write lock while the schema record is written";
      d.reason = "the old version is gone: nothing writes the old columns any more";
      break;
    case ChangeKind::backfill: {
      const auto& b = c.desired_as<model::Backfill>();
      d.actions.push_back(backfill_action(b, quote(c.table), spelling()));
      d.transactional = false;
      d.cost = Cost::online_build;
      d.lock = "database write lock for each batch, milliseconds at a time";
      d.reason = "existing rows in key-range batches, each its own short transaction with a checkpoint";
      break;
    }
    default:
      throw Error(ExitCode::database, "internal: no SQLite rendering for " + diff::summary(c));
  }
  return d;
}

// Whether the table's primary key is not yet the one it will have.
bool key_changes(const std::string& name, const model::Schema& before, const model::Schema& after) {
  const model::Table* b = before.find_table(name);
  const model::Table* a = after.find_table(name);
  auto columns = [](const model::Table* t) {
    return t && t->primary_key ? t->primary_key->columns : std::vector<std::string>{};
  };
  return columns(b) != columns(a);
}

// Parents before children, so that a rebuilt child's foreign-key check sees its parent's
// final keys. Tables that reference each other go in a cycle; there, a table whose key
// changes goes first, since its children's keys can only be checked against the new key.
std::vector<std::string> parents_first(const std::set<std::string>& tables, const model::Schema& before,
                                       const model::Schema& after) {
  std::vector<std::string> order;
  std::set<std::string> done;
  while (order.size() < tables.size()) {
    bool progressed = false;
    for (const auto& name : tables) {
      if (done.count(name)) continue;
      const model::Table* t = after.find_table(name);
      bool ready = !t || std::all_of(t->foreign_keys.begin(), t->foreign_keys.end(), [&](const auto& f) {
        return f.ref_table == name || !tables.count(f.ref_table) || done.count(f.ref_table);
      });
      if (!ready) continue;
      order.push_back(name);
      done.insert(name);
      progressed = true;
    }
    if (!progressed) {
      std::string next;
      for (const auto& name : tables)
        if (!done.count(name) && (next.empty() || (key_changes(name, before, after) && !key_changes(next, before, after))))
          next = name;
      order.push_back(next);
      done.insert(next);
    }
  }
  return order;
}

}  // namespace

std::vector<Draft> render(const RenderRequest& request) {
  std::vector<Draft> renames, creates, simple, rebuilds, drops;
  std::map<std::string, std::vector<const Change*>> per_table;
  std::set<std::string> rebuilt;
  for (const Change* c : request.changes) {
    if (c->kind == ChangeKind::create_table) continue;
    if (c->kind == ChangeKind::drop_table || c->kind == ChangeKind::rename_table) continue;
    if (c->kind == ChangeKind::create_compat_view || c->kind == ChangeKind::drop_compat_view) continue;
    per_table[c->table].push_back(c);
    if (needs_rebuild(*c, request.after)) rebuilt.insert(c->table);
  }

  // The rebuild starts from the table as it is once this phase's renames are done.
  model::Schema renamed = request.before;
  for (const Change* c : request.changes) {
    if (c->kind == ChangeKind::rename_table || c->kind == ChangeKind::rename_column) diff::apply(renamed, *c);
  }

  for (const Change* c : request.changes) {
    switch (c->kind) {
      case ChangeKind::create_table:
        creates.push_back(create_table_step(*request.after.find_table(c->table)));
        break;
      case ChangeKind::drop_table:
        drops.push_back(drop_table_step(*c, request.stats));
        break;
      case ChangeKind::rename_table:
      case ChangeKind::drop_compat_view:  // before a rebuild drops a column the view shows
        renames.push_back(simple_step(*c, request.after, request.stats));
        break;
      case ChangeKind::create_compat_view:  // over the table as this phase leaves it
        drops.push_back(simple_step(*c, request.after, request.stats));
        break;
      case ChangeKind::alter_table_comment:
        break;  // SQLite keeps no comments; canonical schemas never differ in them
      default:
        if (!rebuilt.count(c->table) || c->kind == ChangeKind::rename_column)
          simple.push_back(simple_step(*c, request.after, request.stats));
    }
  }
  for (const auto& name : parents_first(rebuilt, renamed, request.after)) {
    const model::Table* source = renamed.find_table(name);
    const model::Table* target = request.after.find_table(name);
    if (!source || !target) throw Error(ExitCode::database, "internal: cannot find table " + name + " to rebuild");
    std::vector<const Change*> changes;
    for (const Change* c : per_table[name])
      if (c->kind != ChangeKind::rename_column) changes.push_back(c);
    rebuilds.push_back(Rebuild(*source, *target, changes, request.before, request.after, request.stats).draft());
  }

  std::vector<Draft> out;
  for (auto* group : {&renames, &creates, &simple, &rebuilds, &drops})
    for (auto& d : *group) out.push_back(std::move(d));
  return out;
}

}  // namespace bcdb::dialect::sqlite
