#include "dialect/sqlite/inspector.h"

#include <algorithm>
#include <map>

#include "dialect/sqlite/canonical.h"
#include "dialect/sqlite/sql_parser.h"
#include "dialect/sqlite/types.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

// Tables of the user's schema: not SQLite's own, not bcdb's history, not virtual.
constexpr const char* kUserTables =
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL%'";

std::string text(const Value& v) { return v ? *v : std::string(); }
long long number(const Value& v) { return v ? std::stoll(*v) : 0; }

struct TableSource {
  std::string sql;
  std::optional<ParsedTable> parsed;
};

model::FkAction fk_action(const std::string& text) {
  return model::parse_fk_action(text).value_or(model::FkAction::no_action);
}

class Reader {
 public:
  explicit Reader(Connection& c) : c_(c) {}

  model::Schema run() {
    read_objects();
    read_columns();
    read_indexes();
    read_foreign_keys();
    read_constraints_from_sql();
    for (auto& [name, t] : tables_) schema_.tables.push_back(std::move(t));
    canonicalize(schema_);
    return std::move(schema_);
  }

 private:
  void note(std::string line) { schema_.unrepresented.push_back(std::move(line)); }

  void read_objects() {
    std::map<std::string, std::string> kinds;  // table name -> table_list type
    for (const auto& r : c_.query("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").rows)
      kinds[text(r[0])] = text(r[1]);
    auto rows = c_.query("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid").rows;
    for (const auto& r : rows) {
      std::string type = text(r[0]), name = text(r[1]), table = text(r[2]), sql = text(r[3]);
      if (str::starts_with_ci(name, "sqlite_")) continue;
      if (type == "table") {
        const std::string& kind = kinds[name];
        if (kind == "virtual") {
          schema_.engine_objects.push_back({"virtual table", name, name, sql});
          note("virtual table " + name + ": not managed by bcdb; left as it is");
          continue;
        }
        if (kind == "shadow") continue;  // storage of a virtual table, reported with it
        if (model::is_reserved_table(name)) continue;
        model::Table t;
        t.name = name;
        TableSource source{sql, std::nullopt};
        try {
          source.parsed = parse_create_table(sql);
          note_unrepresented_clauses(name, sql);
        } catch (const ParseError& e) {
          note("table " + name + ": cannot read its CREATE TABLE statement (" + e.what() +
               "); its checks, constraint names and generated columns are not reported");
        }
        sources_[name] = std::move(source);
        tables_[name] = std::move(t);
      } else if (type == "view" || type == "trigger") {
        schema_.engine_objects.push_back({type, name, table, sql});
        if (!model::is_bcdb_object(name))
          note(type + " " + name + (type == "trigger" ? " on " + table : std::string()) +
             ": not managed by bcdb yet; kept as it is (and recreated when its table is rebuilt)");
      } else if (type == "index") {
        index_sql_[name] = sql;
      }
    }
  }

  // Clauses the model has no place for yet; a rebuild of the table would not keep them.
  void note_unrepresented_clauses(const std::string& table, const std::string& sql) {
    bool conflict = false, match = false;
    for (const auto& t : tokenize(sql)) {
      if (t.kind != Token::Kind::identifier) continue;
      conflict = conflict || str::iequals(t.text, "conflict");
      match = match || str::iequals(t.text, "match");
    }
    if (conflict)
      note("table " + table + ": ON CONFLICT clauses are not represented; a rebuild of the table would not keep them");
    if (match) note("table " + table + ": MATCH clauses of foreign keys are not represented (SQLite ignores them)");
  }

  const ParsedTable* parsed(const std::string& table) const {
    auto it = sources_.find(table);
    return it == sources_.end() || !it->second.parsed ? nullptr : &*it->second.parsed;
  }

  const ParsedColumn* parsed_column(const std::string& table, const std::string& column) const {
    const ParsedTable* p = parsed(table);
    if (!p) return nullptr;
    for (const auto& c : p->columns)
      if (str::iequals(c.name, column)) return &c;
    return nullptr;
  }

  void read_columns() {
    auto rows = c_.query(std::string("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                                     "FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS p WHERE ") +
                         kUserTables + " ORDER BY m.name, p.cid").rows;
    std::map<std::string, std::vector<std::pair<long long, std::string>>> keys;
    for (const auto& r : rows) {
      auto it = tables_.find(text(r[0]));
      if (it == tables_.end()) continue;
      model::Table& t = it->second;
      model::Column c;
      c.name = text(r[1]);
      std::string declared = text(r[2]);
      c.type = logical_type(declared);
      c.native[model::kEngineSqlite] = declared;  // canonicalize drops it when it is the usual spelling
      c.nullable = number(r[3]) == 0;
      if (r[4]) c.default_expr = *r[4];
      if (long long pk = number(r[5]); pk > 0) keys[t.name].emplace_back(pk, c.name);
      long long hidden = number(r[6]);
      if (const ParsedColumn* pc = parsed_column(t.name, c.name)) {
        if (pc->collation) c.collation = pc->collation;
        if (pc->generated_expr) c.generated = model::Generated{*pc->generated_expr, pc->generated_stored};
      } else if (hidden == 2 || hidden == 3) {
        note("column " + t.name + "." + c.name + ": generated, but its expression could not be read");
      }
      t.columns.push_back(std::move(c));
    }
    for (auto& [table, parts] : keys) {
      std::sort(parts.begin(), parts.end());
      model::PrimaryKey pk;
      if (const ParsedTable* p = parsed(table)) pk.name = p->primary_key_name;
      for (const auto& [position, column] : parts) pk.columns.push_back(column);
      tables_[table].primary_key = std::move(pk);
    }
  }

  void read_indexes() {
    auto rows = c_.query(std::string("SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, ii.cid, ii.name, "
                                     "ii.\"desc\", ii.coll FROM sqlite_schema AS m, pragma_index_list(m.name) AS il, "
                                     "pragma_index_xinfo(il.name) AS ii WHERE ") +
                         kUserTables + " AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno").rows;
    struct Found {
      std::string table, origin;
      model::Index index;
      bool partial = false;
    };
    std::vector<Found> found;
    for (const auto& r : rows) {
      std::string table = text(r[0]), name = text(r[1]);
      if (!tables_.count(table)) continue;
      if (found.empty() || found.back().index.name != name || found.back().table != table) {
        found.push_back({table, text(r[3]), {}, number(r[4]) != 0});
        found.back().index.name = name;
        found.back().index.unique = number(r[2]) != 0;
      }
      model::IndexPart part;
      long long cid = number(r[5]);
      part.column = cid >= 0 ? text(r[6]) : "";
      part.desc = number(r[7]) != 0;
      if (cid == -1) part.column = "rowid";
      found.back().index.parts.push_back(std::move(part));
      std::string coll = text(r[8]);
      if (!str::iequals(coll, "BINARY") && cid >= 0) {
        const auto* column = tables_[table].find_column(text(r[6]));
        if (!column || !column->collation || !str::iequals(*column->collation, coll))
          note("index " + name + ": column " + text(r[6]) + " uses collation " + coll +
               ", which bcdb does not record per index yet");
      }
    }
    // sqlite_autoindex_T_N numbers UNIQUE constraints in declaration order, as the parser
    // lists them: pair them in that order, so that two constraints on the same columns keep
    // their own names.
    auto autoindex_number = [](const std::string& name) {
      auto underscore = name.rfind('_');
      return underscore == std::string::npos ? 0 : std::atoi(name.c_str() + underscore + 1);
    };
    std::stable_sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
      if (a.table != b.table) return a.table < b.table;
      if (a.origin == "u" && b.origin == "u") return autoindex_number(a.index.name) < autoindex_number(b.index.name);
      return false;
    });
    std::map<std::string, std::vector<bool>> used;  // per table: parsed uniques already paired
    for (auto& f : found) {
      model::Table& t = tables_[f.table];
      if (f.origin == "pk") continue;
      if (f.origin == "u") {
        model::Unique u;
        for (const auto& p : f.index.parts) u.columns.push_back(p.column);
        if (const ParsedTable* p = parsed(f.table)) {
          auto& taken = used[f.table];
          taken.resize(p->uniques.size(), false);
          for (std::size_t i = 0; i < p->uniques.size(); ++i) {
            if (taken[i] || !same_columns(p->uniques[i].columns, u.columns)) continue;
            u.name = p->uniques[i].name;
            taken[i] = true;
            break;
          }
        }
        t.uniques.push_back(std::move(u));
        continue;
      }
      auto sql = index_sql_.find(f.index.name);
      if (sql != index_sql_.end()) {
        try {
          ParsedIndex pi = parse_create_index(sql->second);
          f.index.where = pi.where;
          for (std::size_t i = 0; i < f.index.parts.size() && i < pi.parts.size(); ++i)
            if (f.index.parts[i].column.empty()) f.index.parts[i].expr = pi.parts[i].expr;
        } catch (const ParseError& e) {
          note("index " + f.index.name + ": cannot read its CREATE INDEX statement (" + e.what() + ")");
        }
      }
      t.indexes.push_back(std::move(f.index));
    }
  }

  static bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
             return str::iequals(x, y);
           });
  }

  void read_foreign_keys() {
    auto rows = c_.query(std::string("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
                                     "FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE ") +
                         kUserTables + " ORDER BY m.name, f.id, f.seq").rows;
    std::map<std::pair<std::string, long long>, model::ForeignKey> fks;
    std::vector<std::pair<std::string, long long>> order;
    for (const auto& r : rows) {
      std::pair<std::string, long long> key{text(r[0]), number(r[1])};
      if (!tables_.count(key.first)) continue;
      auto [it, inserted] = fks.try_emplace(key);
      model::ForeignKey& fk = it->second;
      if (inserted) {
        order.push_back(key);
        fk.ref_table = text(r[2]);
        fk.on_update = fk_action(text(r[5]));
        fk.on_delete = fk_action(text(r[6]));
      }
      fk.columns.push_back(text(r[3]));
      if (r[4]) fk.ref_columns.push_back(*r[4]);
    }
    // pragma_foreign_key_list numbers constraints from the last declared; restore declaration order.
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    for (const auto& key : order) {
      model::ForeignKey fk = std::move(fks[key]);
      if (const ParsedTable* p = parsed(key.first)) {
        for (const auto& pf : p->foreign_keys) {
          if (same_columns(pf.columns, fk.columns) && str::iequals(pf.ref_table, fk.ref_table)) {
            fk.name = pf.name;
            fk.deferrable = pf.deferrable;
            fk.initially_deferred = pf.initially_deferred;
          }
        }
      }
      tables_[key.first].foreign_keys.push_back(std::move(fk));
    }
  }

  void read_constraints_from_sql() {
    for (auto& [name, t] : tables_) {
      const ParsedTable* p = parsed(name);
      if (!p) continue;
      for (const auto& check : p->checks) t.checks.push_back({check.name, check.expr});
      if (p->strict) t.options["sqlite.strict"] = "true";
      if (p->without_rowid) t.options["sqlite.without_rowid"] = "true";
      for (const auto& c : p->columns)
        if (c.autoincrement) t.options["sqlite.autoincrement"] = "true";
    }
  }

  Connection& c_;
  model::Schema schema_;
  std::map<std::string, model::Table> tables_;
  std::map<std::string, TableSource> sources_;
  std::map<std::string, std::string> index_sql_;
};

}  // namespace

model::Schema inspect(Connection& connection) { return Reader(connection).run(); }

}  // namespace bcdb::dialect::sqlite
