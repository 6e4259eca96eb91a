#include "dialect/postgres/normalize.h"

#include <algorithm>
#include <map>
#include <set>

#include "dialect/postgres/canonical.h"
#include "dialect/postgres/ddl.h"
#include "dialect/postgres/inspector.h"
#include "dialect/postgres/scratch.h"
#include "dialect/postgres/types.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {
namespace {

// Defaults and native types need no table of their own: one column per distinct (type,
// default) in shared tables. Only tables with checks, generated columns or expression or
// partial indexes get a scratch copy.
constexpr std::size_t kColumnsPerTable = 1000;  // PostgreSQL allows 1600
// A transaction holds a lock on every relation it creates, and the shared lock table has room
// for max_locks_per_transaction (default 64) times max_connections locks for all sessions.
constexpr std::size_t kTablesPerBatch = 300;
constexpr std::size_t kLocksPerBatch = 1500;

struct Slot {
  std::string type;
  std::optional<std::string> default_expr;
  std::string owner;  // "table orders: column status", for errors
};

struct SlotResult {
  std::string type;  // as format_type() prints it
  std::optional<std::string> default_expr;
  bool identity = false;  // the type was serial
};

struct CopyResult {
  std::map<std::string, std::string> generated;  // column -> expression
  std::vector<std::string> checks;
  std::vector<model::Index> indexes;  // the table's indexes_to_normalise(), in order
};

std::string table_label(const model::Table& t) { return "table " + t.qualified_name(); }

std::string check_name(std::size_t i) { return "bcdb_check_" + std::to_string(i); }

std::vector<std::size_t> indexes_to_normalise(const model::Table& t) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.indexes.size(); ++i) {
    const auto& index = t.indexes[i];
    bool expression =
        std::any_of(index.parts.begin(), index.parts.end(), [](const auto& p) { return p.column.empty(); });
    if (expression || !index.where.empty()) out.push_back(i);
  }
  return out;
}

bool needs_copy(const model::Table& t) {
  return !t.checks.empty() || !indexes_to_normalise(t).empty() ||
         std::any_of(t.columns.begin(), t.columns.end(), [](const auto& c) { return c.generated.has_value(); });
}

// The column as a scratch copy declares it: its type only.
model::Column plain(const model::Column& c) {
  model::Column out;
  out.name = c.name;
  out.native[model::kEnginePostgres] = column_type(c);
  out.nullable = true;
  return out;
}

// What a table's scratch copy declares in the fast script: the columns its expressions and
// indexes may name (every column whose name occurs in their text, a superset), and its own
// name only when the text may name the table (`orders.total`); creating fewer and narrower
// relations is what makes large schemas cheap. The replay after an error declares everything.
struct CopyDesign {
  bool named = false;
  std::vector<bool> declare;  // per column of the table
};

CopyDesign design(const model::Table& t) {
  std::string text;
  std::set<std::string> indexed;
  for (const auto& c : t.checks) text += c.expr + "\n";
  for (const auto& c : t.columns)
    if (c.generated) text += c.generated->expr + "\n";
  for (std::size_t position : indexes_to_normalise(t)) {
    const auto& index = t.indexes[position];
    for (const auto& p : index.parts) {
      if (p.column.empty()) text += p.expr + "\n";
      else indexed.insert(p.column);
    }
    indexed.insert(index.include.begin(), index.include.end());
    text += index.where + "\n";
  }
  text = str::lower(text);
  auto mentions = [&text](const std::string& name) {
    return text.find(str::lower(name)) != std::string::npos || text.find(str::lower(quote(name))) != std::string::npos;
  };
  CopyDesign d;
  d.named = mentions(t.name);
  for (const auto& c : t.columns)
    d.declare.push_back(c.generated || d.named || indexed.count(c.name) || mentions(c.name));
  return d;
}

std::vector<std::string> script_statements(const model::Table& t, const CopyDesign& d, const std::string& schema,
                                           const std::string& name, const std::vector<std::string>& index_names) {
  model::Table copy;
  copy.schema = schema;
  copy.name = name;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (!d.declare[i]) continue;
    copy.columns.push_back(plain(t.columns[i]));
    copy.columns.back().generated = t.columns[i].generated;
  }
  for (std::size_t i = 0; i < t.checks.size(); ++i) copy.checks.push_back({check_name(i), t.checks[i].expr});
  std::vector<std::string> out{create_table(copy, false)};
  auto positions = indexes_to_normalise(t);
  for (std::size_t j = 0; j < positions.size(); ++j) {
    model::Index index = t.indexes[positions[j]];
    index.name = index_names.at(j);
    if (!index.where.empty()) index.where = "(" + index.where + ")";
    out.push_back(create_index(copy, index, false));
  }
  return out;
}

// The same copy over all columns, object by object, for telling which one PostgreSQL rejects.
std::vector<scratch::Object> replay_objects(const model::Table& t, const std::string& schema, const std::string& name,
                                            const std::vector<std::string>& index_names) {
  model::Table base;
  base.schema = schema;
  base.name = name;
  for (const auto& c : t.columns)
    if (!c.generated) base.columns.push_back(plain(c));
  std::string label = table_label(t);
  std::string alter = "ALTER TABLE " + quote_table(base);
  std::vector<scratch::Object> out;
  out.push_back({label + ": PostgreSQL rejects its columns", {create_table(base, false)}});
  for (const auto& c : t.columns) {
    if (!c.generated) continue;
    model::Column g = plain(c);
    g.generated = c.generated;
    out.push_back({label + ": column " + c.name + ": PostgreSQL rejects the generated expression '" +
                       c.generated->expr + "'",
                   {alter + " ADD COLUMN " + column_definition(g)}});
  }
  for (std::size_t i = 0; i < t.checks.size(); ++i) {
    const auto& check = t.checks[i];
    std::string shown = check.name.empty() ? "(" + check.expr + ")" : check.name;
    out.push_back({label + ": check " + shown + ": PostgreSQL rejects the expression '" + check.expr + "'",
                   {alter + " ADD CONSTRAINT " + quote(check_name(i)) + " CHECK (" + check.expr + ")"}});
  }
  auto positions = indexes_to_normalise(t);
  for (std::size_t j = 0; j < positions.size(); ++j) {
    model::Index index = t.indexes[positions[j]];
    std::string shown = index.name;
    index.name = index_names.at(j);
    if (!index.where.empty()) index.where = "(" + index.where + ")";
    out.push_back({label + ": index " + shown + ": PostgreSQL rejects it", {create_index(base, index, false)}});
  }
  return out;
}

void guard(const std::string& text, const std::string& what) {
  if (auto problem = scratch::not_single_expression(text))
    throw ConfigError(what + " '" + text + "' is not a single SQL expression: " + *problem);
}

// Everything that is pasted into the scratch statements, checked before any of it is sent.
void guard_table(const model::Table& t) {
  std::string label = table_label(t);
  for (const auto& c : t.columns) {
    guard(column_type(c), label + ": column " + c.name + ": the type");
    if (c.default_expr) guard(*c.default_expr, label + ": column " + c.name + ": the default");
    if (c.generated) guard(c.generated->expr, label + ": column " + c.name + ": the generated expression");
  }
  for (const auto& c : t.checks)
    guard(c.expr, label + ": check " + (c.name.empty() ? c.expr : c.name) + ": the expression");
  for (const auto& i : t.indexes) {
    for (const auto& p : i.parts)
      if (p.column.empty()) guard(p.expr, label + ": index " + i.name + ": the expression");
    if (!i.where.empty()) guard(i.where, label + ": index " + i.name + ": the predicate");
  }
}

class Normalizer {
 public:
  Normalizer(model::Schema& schema, Connection& connection) : schema_(schema), c_(connection) {}

  void run() {
    collect();
    if (slots_.empty() && copies_.empty()) return;
    auto session = c_.query("SELECT pg_backend_pid(), current_setting('search_path')").rows.at(0);
    std::string prefix = std::string(kScratchSchemaPrefix) + "_" + session.at(0).value_or("0") + "_";
    std::string search_path = session.at(1).value_or("");
    auto batches = plan_batches();
    for (std::size_t n = 0; n < batches.size(); ++n) run_batch(batches[n], prefix + std::to_string(n), search_path);
    apply();
  }

 private:
  struct Copy {
    std::size_t table;  // the table it is made from; tables with the same script share it
    CopyDesign design;
  };

  struct Batch {
    bool slots = false;
    std::vector<std::size_t> copies;
    std::set<std::string> names;  // table names the named copies take in the scratch schema
    std::size_t locks = 0;
  };

  void collect() {
    for (std::size_t ti = 0; ti < schema_.tables.size(); ++ti) {
      const model::Table& t = schema_.tables[ti];
      guard_table(t);
      for (std::size_t ci = 0; ci < t.columns.size(); ++ci) collect_column(ti, ci);
      if (!needs_copy(t)) continue;
      CopyDesign d = design(t);
      std::vector<std::string> names;
      for (std::size_t j = 0; j < indexes_to_normalise(t).size(); ++j) names.push_back(std::to_string(j));
      std::string key = str::join(script_statements(t, d, "", d.named ? t.name : "", names), "\n");
      auto [it, added] = copy_of_.try_emplace(key, copies_.size());
      if (added) copies_.push_back({ti, std::move(d)});
      table_copy_[ti] = it->second;
    }
  }

  void collect_column(std::size_t ti, std::size_t ci) {
    const model::Table& t = schema_.tables[ti];
    const model::Column& c = t.columns[ci];
    std::optional<std::string> def = c.identity || c.generated ? std::nullopt : c.default_expr;
    if (!c.native.count(model::kEnginePostgres) && !def) return;
    std::pair<std::string, std::optional<std::string>> key{column_type(c), def};
    auto [it, added] = slot_of_.try_emplace(key, slots_.size());
    if (added) slots_.push_back({key.first, key.second, table_label(t) + ": column " + c.name});
    column_slot_[{ti, ci}] = it->second;
  }

  std::vector<Batch> plan_batches() {
    std::vector<Batch> batches(1);
    batches[0].slots = !slots_.empty();
    batches[0].locks = 3 * (slots_.size() / kColumnsPerTable + 1);
    for (std::size_t j = 0; j < copies_.size(); ++j) {
      const model::Table& t = schema_.tables[copies_[j].table];
      bool named = copies_[j].design.named;
      std::size_t locks = 3 + indexes_to_normalise(t).size();  // table, TOAST table and index, indexes
      auto fits = [&](const Batch& b) {
        return b.copies.size() < kTablesPerBatch && b.locks + locks <= kLocksPerBatch &&
               !(named && b.names.count(t.name));
      };
      auto it = std::find_if(batches.begin(), batches.end(), fits);
      if (it == batches.end()) it = batches.insert(batches.end(), Batch{});
      it->copies.push_back(j);
      if (named) it->names.insert(t.name);
      it->locks += locks;
    }
    return batches;
  }

  void run_batch(const Batch& batch, const std::string& schema, const std::string& search_path) {
    std::set<std::string> taken = batch.names;
    auto fresh = [&taken](const std::string& base) {
      std::string name = base;
      for (int k = 1; taken.count(name); ++k) name = base + "_" + std::to_string(k);
      taken.insert(name);
      return name;
    };
    std::string script;
    std::vector<scratch::Object> objects;
    std::vector<std::string> column_tables;
    if (batch.slots)
      for (std::size_t first = 0; first < slots_.size(); first += kColumnsPerTable) {
        column_tables.push_back(fresh("bcdb_columns_" + std::to_string(column_tables.size())));
        add_slot_table(schema, column_tables.back(), first, script, objects);
      }
    std::vector<std::string> copy_names;
    std::vector<std::vector<std::string>> index_names;
    std::size_t indexes = 0;
    for (std::size_t j : batch.copies) {
      const Copy& copy = copies_[j];
      const model::Table& t = schema_.tables[copy.table];
      copy_names.push_back(copy.design.named ? t.name : fresh("bcdb_copy_" + std::to_string(j)));
      index_names.emplace_back();
      for (std::size_t k = 0; k < indexes_to_normalise(t).size(); ++k)
        index_names.back().push_back(fresh("bcdb_index_" + std::to_string(indexes++)));
      for (const auto& s : script_statements(t, copy.design, schema, copy_names.back(), index_names.back()))
        script += s + ";\n";
      for (auto& o : replay_objects(t, schema, copy_names.back(), index_names.back())) objects.push_back(std::move(o));
    }
    scratch::Session session(c_, schema, search_path);
    session.create(script, objects);
    model::Schema result = session.inspect();
    session.close();
    model::TableIndex tables(result);
    for (std::size_t k = 0; k < column_tables.size(); ++k)
      read_slots(scratch_table(tables, schema, column_tables[k]), k * kColumnsPerTable);
    for (std::size_t b = 0; b < batch.copies.size(); ++b) {
      std::size_t j = batch.copies[b];
      const model::Table& t = schema_.tables[copies_[j].table];
      copy_results_[j] = read_copy(t, scratch_table(tables, schema, copy_names[b]), index_names[b]);
    }
  }

  static std::string slot_column(std::size_t i) { return "c" + std::to_string(i); }

  // One statement for the script; for replay, the table first, then each type and default alone.
  void add_slot_table(const std::string& schema, const std::string& name, std::size_t first, std::string& script,
                      std::vector<scratch::Object>& objects) {
    std::string table = quote(schema) + "." + quote(name);
    std::size_t last = std::min(slots_.size(), first + kColumnsPerTable);
    std::vector<std::string> columns;
    objects.push_back({"bcdb's scratch table", {"CREATE TABLE " + table + " ()"}});
    for (std::size_t i = first; i < last; ++i) {
      const Slot& s = slots_[i];
      std::string column = quote(slot_column(i));
      // Parenthesised so that no default can take the column list apart; the parse tree is the same.
      std::string def = s.default_expr ? " DEFAULT (" + *s.default_expr + ")" : "";
      columns.push_back(column + " " + s.type + def);
      objects.push_back({s.owner + ": PostgreSQL rejects the type '" + s.type + "'",
                         {"ALTER TABLE " + table + " ADD COLUMN " + column + " " + s.type}});
      if (s.default_expr)
        objects.push_back({s.owner + ": PostgreSQL rejects the default '" + *s.default_expr + "'",
                           {"ALTER TABLE " + table + " ALTER COLUMN " + column + " SET" + def}});
    }
    script += "CREATE TABLE " + table + " (" + str::join(columns, ", ") + ");\n";
  }

  static const model::Table& scratch_table(const model::TableIndex& tables, const std::string& schema,
                                           const std::string& name) {
    const model::Table* t = tables.find(schema + "." + name);
    if (!t) throw DatabaseError("PostgreSQL did not report the scratch table " + schema + "." + name);
    return *t;
  }

  void read_slots(const model::Table& table, std::size_t first) {
    std::size_t last = std::min(slots_.size(), first + kColumnsPerTable);
    for (std::size_t i = first; i < last; ++i) {
      const model::Column* c = table.find_column(slot_column(i));
      if (!c) throw DatabaseError("PostgreSQL did not report the scratch column " + slot_column(i));
      slot_results_[i] = SlotResult{column_type(*c), c->default_expr, c->identity};
    }
  }

  static CopyResult read_copy(const model::Table& t, const model::Table& copy,
                              const std::vector<std::string>& index_names) {
    CopyResult out;
    auto missing = [&](const std::string& what) {
      return DatabaseError("PostgreSQL did not report the scratch copy of " + what + " of " + table_label(t));
    };
    for (const auto& c : t.columns) {
      if (!c.generated) continue;
      const model::Column* g = copy.find_column(c.name);
      if (!g || !g->generated) throw missing("column " + c.name);
      out.generated[c.name] = g->generated->expr;
    }
    for (std::size_t i = 0; i < t.checks.size(); ++i) {
      auto it = std::find_if(copy.checks.begin(), copy.checks.end(),
                             [&](const auto& k) { return k.name == check_name(i); });
      if (it == copy.checks.end()) throw missing("check " + std::to_string(i + 1));
      out.checks.push_back(it->expr);
    }
    for (const auto& name : index_names) {
      const model::Index* index = copy.find_index(name);
      if (!index) throw missing("index " + name);
      out.indexes.push_back(*index);
    }
    return out;
  }

  void apply() {
    for (std::size_t ti = 0; ti < schema_.tables.size(); ++ti) {
      model::Table& t = schema_.tables[ti];
      for (std::size_t ci = 0; ci < t.columns.size(); ++ci)
        if (auto slot = column_slot_.find({ti, ci}); slot != column_slot_.end())
          apply_slot(t.columns[ci], slot_results_.at(slot->second));
      if (auto copy = table_copy_.find(ti); copy != table_copy_.end()) apply_copy(t, copy_results_.at(copy->second));
    }
  }

  static void apply_slot(model::Column& c, const SlotResult& r) {
    if (auto native = c.native.find(model::kEnginePostgres); native != c.native.end()) {
      // The logical type inspect() reads for that native, so that both sides agree in every
      // field (fingerprints included), not only in the type they spell.
      bool exact = false;
      c.type = logical_type(r.type, exact);
      if (exact) c.native.erase(native);
      else native->second = r.type;
    }
    if (r.identity && !c.identity) {  // a serial native: inspect reads it as identity
      c.identity = true;
      c.default_expr.reset();
      c.nullable = false;
    } else if (!c.identity && !c.generated) {
      c.default_expr = r.default_expr;  // DEFAULT NULL is no default at all
    }
  }

  static void apply_copy(model::Table& t, const CopyResult& r) {
    for (auto& c : t.columns)
      if (c.generated) c.generated->expr = r.generated.at(c.name);
    for (std::size_t i = 0; i < t.checks.size(); ++i) t.checks[i].expr = r.checks.at(i);
    auto positions = indexes_to_normalise(t);
    for (std::size_t j = 0; j < positions.size(); ++j) {
      model::Index& index = t.indexes[positions[j]];
      index.parts = r.indexes.at(j).parts;
      index.where = r.indexes.at(j).where;
    }
  }

  model::Schema& schema_;
  Connection& c_;
  std::vector<Slot> slots_;
  std::map<std::pair<std::string, std::optional<std::string>>, std::size_t> slot_of_;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> column_slot_;  // (table, column) -> slot
  std::map<std::size_t, SlotResult> slot_results_;
  std::vector<Copy> copies_;
  std::map<std::string, std::size_t> copy_of_;     // the copy's script -> copy: equal tables share one
  std::map<std::size_t, std::size_t> table_copy_;  // table -> copy
  std::map<std::size_t, CopyResult> copy_results_;
};

}  // namespace

void normalize_expressions(model::Schema& schema, Connection& connection) {
  // Twice: the deparser's text is not always what it deparses to once parsed again. A check
  // `kind IN ('a', 'b')` on a varchar deparses to `(kind)::text = ANY ((ARRAY['a'::character
  // varying, ...])::text[])`, and a table created with that text (as migrate creates it)
  // reads back as `ARRAY[('a'::character varying)::text, ...]`. The second pass reaches that
  // fixed point, so what migrate creates compares equal to the manifests.
  Normalizer(schema, connection).run();
  Normalizer(schema, connection).run();
}

}  // namespace bcdb::dialect::postgres
