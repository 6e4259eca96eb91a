#include "manifest/validate.h"

#include <algorithm>
#include <tuple>

#include "support/strings.h"

namespace bcdb::manifest::detail {

Location TableSource::locate(std::string_view path) const {
  std::string p(path);
  while (!p.empty()) {
    if (auto it = where.find(p); it != where.end()) return it->second;
    auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
  }
  return at;
}

namespace {

using model::Table;

// Engines disagree on case sensitivity (SQLite and MySQL fold names), so names that differ only
// in case count as the same name: such a manifest would not load into every engine.
std::string fold(std::string_view name) { return str::lower(name); }

std::string indexed(const std::string& list, std::size_t i) { return list + "[" + std::to_string(i) + "]"; }

std::string label(std::string_view what, const std::string& name, std::size_t i) {
  return std::string(what) + (name.empty() ? " #" + std::to_string(i + 1) : " " + name);
}

bool is_integer(model::TypeKind k) {
  return k == model::TypeKind::int16 || k == model::TypeKind::int32 || k == model::TypeKind::int64;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> column_names(const Table& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

std::string column_hint(const std::string& word, const Table& t) {
  auto names = column_names(t);
  if (auto s = str::did_you_mean(word, names)) return "did you mean '" + *s + "'?";
  if (names.size() <= 12) return "columns of " + t.qualified_name() + ": " + str::join(names, ", ");
  return "";
}

// Whether `columns` (in any order) are the primary key of `t` or exactly the columns of one of its
// unique constraints or full (not partial) unique indexes: what a foreign key may reference.
bool is_unique_key(const Table& t, const std::vector<std::string>& columns) {
  auto wanted = sorted(columns);
  if (t.primary_key && sorted(t.primary_key->columns) == wanted) return true;
  for (const auto& u : t.uniques)
    if (sorted(u.columns) == wanted) return true;
  for (const auto& i : t.indexes) {
    if (!i.unique || !i.where.empty()) continue;
    std::vector<std::string> parts;
    for (const auto& p : i.parts)
      if (!p.column.empty()) parts.push_back(p.column);
    if (parts.size() == i.parts.size() && sorted(parts) == wanted) return true;
  }
  return false;
}

class Validator {
 public:
  Validator(std::vector<TableSource>& tables, std::vector<Diagnostic>& out) : tables_(tables), out_(out) {
    for (auto& t : tables_) by_name_.emplace(t.table.qualified_name(), &t);
  }

  void run() {
    for (auto& t : tables_) table(t);
    shared_names();
  }

 private:
  void error(const Location& at, std::string message, std::string hint = {}) {
    out_.push_back({at, std::move(message), std::move(hint)});
  }

  static std::string ctx(const TableSource& s) { return "table " + s.table.qualified_name() + ": "; }

  void table(TableSource& s) {
    const Table& t = s.table;
    if (model::is_reserved_table(t.name))
      error(s.at, ctx(s) + "the name is reserved", "bcdb keeps its migration history in " + t.name);
    else if (str::starts_with_ci(t.name, "sqlite_"))
      error(s.at, ctx(s) + "the name is reserved", "SQLite reserves names starting with sqlite_");
    if (t.columns.empty())
      error(s.locate("columns"), ctx(s) + "has no columns", "add columns = [ { name = \"...\", type = \"...\" } ]");
    if (t.renamed_from) table_rename(s);
    columns(s);
    if (t.primary_key) primary_key(s);
    for (std::size_t i = 0; i < t.indexes.size(); ++i) index(s, i);
    for (std::size_t i = 0; i < t.uniques.size(); ++i) {
      column_list(s, label("unique", t.uniques[i].name, i), t.uniques[i].columns, indexed("uniques", i) + ".columns");
      redundant_unique(s, i);
    }
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) foreign_key(s, i);
    if (t.option("sqlite.without_rowid") && !t.primary_key)
      error(s.locate("sqlite.without_rowid"), ctx(s) + "sqlite.without_rowid needs a primary key");
    if (t.option("sqlite.autoincrement") &&
        std::none_of(t.columns.begin(), t.columns.end(), [](const model::Column& c) { return c.identity; }))
      error(s.locate("sqlite.autoincrement"), ctx(s) + "sqlite.autoincrement needs an identity column");
  }

  void table_rename(const TableSource& s) {
    const Table& t = s.table;
    Location at = s.locate("renamed_from");
    if (*t.renamed_from == t.name) {
      error(at, ctx(s) + "renamed_from names the table itself", "renamed_from is the table's previous name");
      return;
    }
    std::string old_name = t.schema.empty() ? *t.renamed_from : t.schema + "." + *t.renamed_from;
    if (auto it = by_name_.find(old_name); it != by_name_.end())
      error(at, ctx(s) + "renamed_from names table " + old_name + ", which is also declared at " + it->second->at.to_string(),
            "a rename needs the old table to be gone; remove the hint or the other table");
  }

  void columns(const TableSource& s) {
    const Table& t = s.table;
    std::map<std::string, std::size_t> seen;
    const model::Column* identity = nullptr;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const model::Column& c = t.columns[i];
      std::string path = indexed("columns", i);
      std::string cctx = ctx(s) + "column " + c.name + ": ";
      auto [it, fresh] = seen.emplace(fold(c.name), i);
      if (!fresh)
        error(s.locate(path + ".name"), ctx(s) + "duplicate column '" + c.name + "', first declared at " +
                                            s.locate(indexed("columns", it->second) + ".name").to_string());
      if (c.identity) {
        if (!s.untyped.count(c.name) && !is_integer(c.type.kind))
          error(s.locate(path + ".identity"), cctx + "identity needs an integer type, not " + model::to_string(c.type),
                "use int16, int32 or int64");
        if (identity)
          error(s.locate(path + ".identity"), cctx + "column " + identity->name + " is the identity column already",
                "a table has at most one identity column");
        else
          identity = &c;
      }
      if (c.default_expr && c.identity)
        error(s.locate(path + ".default"), cctx + "an identity column cannot have a default");
      if (c.default_expr && c.generated)
        error(s.locate(path + ".default"), cctx + "a generated column cannot have a default");
      if (c.generated && c.identity)
        error(s.locate(path + ".generated"), cctx + "a generated column cannot be an identity column");
      if (c.renamed_from) column_rename(s, c, cctx, s.locate(path + ".renamed_from"));
    }
  }

  void column_rename(const TableSource& s, const model::Column& c, const std::string& cctx, const Location& at) {
    if (*c.renamed_from == c.name) {
      error(at, cctx + "renamed_from names the column itself", "renamed_from is the column's previous name");
    } else if (s.table.find_column(*c.renamed_from)) {
      error(at, cctx + "renamed_from names column " + *c.renamed_from + ", which also exists",
            "a rename needs the old column to be gone; remove the hint or the other column");
    }
  }

  // Every name must be a column of the table, and listed once.
  // Engines fold a unique constraint on the key's columns, or on another unique constraint's
  // columns, into the existing one (SQLite creates no second index), so it could never be in sync.
  void redundant_unique(const TableSource& s, std::size_t i) {
    const Table& t = s.table;
    auto as_set = [](std::vector<std::string> v) {
      for (auto& x : v) x = str::lower(x);
      std::sort(v.begin(), v.end());
      return v;
    };
    auto columns = as_set(t.uniques[i].columns);
    std::string what = label("unique", t.uniques[i].name, i);
    if (t.primary_key && as_set(t.primary_key->columns) == columns) {
      error(s.locate(indexed("uniques", i) + ".columns"), ctx(s) + what + ": repeats the primary key",
            "the primary key is already unique; remove this constraint");
      return;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (as_set(t.uniques[j].columns) != columns) continue;
      error(s.locate(indexed("uniques", i) + ".columns"),
            ctx(s) + what + ": repeats " + label("unique", t.uniques[j].name, j) + " on the same columns",
            "remove one of them");
      return;
    }
  }

  void column_list(const TableSource& s, const std::string& what, const std::vector<std::string>& names,
                   const std::string& path) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t j = 0; j < names.size(); ++j) {
      Location at = s.locate(indexed(path, j));
      if (!s.table.find_column(names[j]))
        error(at, ctx(s) + what + ": unknown column '" + names[j] + "'", column_hint(names[j], s.table));
      else if (!seen.emplace(names[j], j).second)
        error(at, ctx(s) + what + ": column '" + names[j] + "' is listed twice");
    }
  }

  void primary_key(const TableSource& s) {
    const auto& pk = *s.table.primary_key;
    column_list(s, "primary key", pk.columns, "primary_key.columns");
    std::set<std::string> seen;
    for (std::size_t j = 0; j < pk.columns.size(); ++j) {
      const model::Column* c = s.table.find_column(pk.columns[j]);
      if (c && c->nullable && seen.insert(c->name).second)
        error(s.locate(indexed("primary_key.columns", j)), ctx(s) + "primary key: column " + c->name + " is nullable",
              "primary key columns are NOT NULL; remove nullable = true");
    }
  }

  void index(const TableSource& s, std::size_t i) {
    const model::Index& index = s.table.indexes[i];
    std::string path = indexed("indexes", i);
    std::string what = "index " + index.name;
    for (std::size_t j = 0; j < index.parts.size(); ++j) {
      const std::string& column = index.parts[j].column;
      if (!column.empty() && !s.table.find_column(column))
        error(s.locate(indexed(path + ".columns", j)), ctx(s) + what + ": unknown column '" + column + "'",
              column_hint(column, s.table));
    }
    column_list(s, what + ": include", index.include, path + ".include");
  }

  void foreign_key(TableSource& s, std::size_t i) {
    model::ForeignKey& fk = s.table.foreign_keys[i];
    std::string path = indexed("foreign_keys", i);
    std::string fctx = ctx(s) + label("foreign key", fk.name, i) + ": ";
    column_list(s, label("foreign key", fk.name, i), fk.columns, path + ".columns");
    auto target_it = by_name_.find(fk.ref_table);
    if (target_it == by_name_.end()) {
      error(s.locate(path + ".references.table"), fctx + "references unknown table '" + fk.ref_table + "'",
            table_hint(fk.ref_table));
      return;
    }
    const Table& target = target_it->second->table;
    Location refs_at = s.locate(path + ".references.columns");
    if (fk.ref_columns.empty()) {
      if (!target.primary_key) {
        error(s.locate(path + ".references"),
              fctx + "references.columns is omitted but table " + target.qualified_name() + " has no primary key",
              "name the referenced columns");
        return;
      }
      fk.ref_columns = target.primary_key->columns;
    }
    bool columns_known = true;
    for (std::size_t j = 0; j < fk.ref_columns.size(); ++j) {
      if (target.find_column(fk.ref_columns[j])) continue;
      columns_known = false;
      error(s.locate(indexed(path + ".references.columns", j)),
            fctx + "references unknown column '" + fk.ref_columns[j] + "' of table " + target.qualified_name(),
            column_hint(fk.ref_columns[j], target));
    }
    if (fk.columns.size() != fk.ref_columns.size()) {
      error(refs_at, fctx + "has " + std::to_string(fk.columns.size()) + " column(s) but references " +
                         std::to_string(fk.ref_columns.size()));
      return;
    }
    if (!columns_known) return;
    compare_types(s, *target_it->second, fk, fctx, path);
    if (!is_unique_key(target, fk.ref_columns))
      error(refs_at,
            fctx + "references " + target.qualified_name() + "(" + str::join(fk.ref_columns, ", ") +
                ") which is neither its primary key nor unique",
            "add a unique constraint on those columns of " + target.qualified_name());
  }

  void compare_types(const TableSource& s, const TableSource& target, const model::ForeignKey& fk,
                     const std::string& fctx, const std::string& path) {
    for (std::size_t j = 0; j < fk.columns.size(); ++j) {
      const model::Column* from = s.table.find_column(fk.columns[j]);
      const model::Column* to = target.table.find_column(fk.ref_columns[j]);
      if (!from || !to || s.untyped.count(from->name) || target.untyped.count(to->name)) continue;
      if (from->type == to->type) continue;
      error(s.locate(indexed(path + ".columns", j)),
            fctx + "column " + from->name + " is " + model::to_string(from->type) + " but " +
                target.table.qualified_name() + "." + to->name + " is " + model::to_string(to->type),
            "a foreign key column needs the type of the column it references");
    }
  }

  std::string table_hint(const std::string& name) const {
    std::vector<std::string> names;
    for (const auto& [qualified, source] : by_name_) {
      // An unqualified reference to a table that lives in a named schema: the schema is missing.
      if (source->table.name == name) return "did you mean '" + qualified + "'?";
      names.push_back(qualified);
    }
    if (auto s = str::did_you_mean(name, names)) return "did you mean '" + *s + "'?";
    return "";
  }

  struct Named {
    std::string name;
    bool is_index = false;
    const TableSource* table = nullptr;
    Location at;
  };

  // Index names, and constraint names, share one namespace per engine schema: report a name used
  // twice at its second declaration.
  void shared_names() {
    std::vector<Named> all;
    for (const auto& s : tables_) {
      const Table& t = s.table;
      auto add = [&](const std::string& name, bool is_index, const std::string& path) {
        if (!name.empty()) all.push_back({name, is_index, &s, s.locate(path + ".name")});
      };
      if (t.primary_key) add(t.primary_key->name, false, "primary_key");
      for (std::size_t i = 0; i < t.indexes.size(); ++i) add(t.indexes[i].name, true, indexed("indexes", i));
      for (std::size_t i = 0; i < t.uniques.size(); ++i) add(t.uniques[i].name, false, indexed("uniques", i));
      for (std::size_t i = 0; i < t.foreign_keys.size(); ++i)
        add(t.foreign_keys[i].name, false, indexed("foreign_keys", i));
      for (std::size_t i = 0; i < t.checks.size(); ++i) add(t.checks[i].name, false, indexed("checks", i));
    }
    auto order = [](const Named& n) { return std::make_tuple(n.table->file_order, n.at.line, n.at.column); };
    std::stable_sort(all.begin(), all.end(), [&](const Named& a, const Named& b) { return order(a) < order(b); });
    std::map<std::pair<std::string, std::string>, const Named*> first;
    for (const auto& n : all) {
      auto [it, fresh] = first.emplace(std::make_pair(fold(n.table->table.schema), fold(n.name)), &n);
      if (fresh) continue;
      const Named& f = *it->second;
      std::string where = "table " + f.table->table.qualified_name() + " at " + f.at.to_string();
      std::string message = ctx(*n.table);
      if (n.is_index && f.is_index)
        message += "duplicate index name '" + n.name + "', first declared in " + where;
      else if (!n.is_index && !f.is_index)
        message += "duplicate constraint name '" + n.name + "', first declared in " + where;
      else
        message += std::string(n.is_index ? "index" : "constraint") + " '" + n.name + "' has the same name as " +
                   (f.is_index ? "an index" : "a constraint") + " declared in " + where;
      error(n.at, message, "index and constraint names must be unique within a schema");
    }
  }

  std::vector<TableSource>& tables_;
  std::vector<Diagnostic>& out_;
  std::map<std::string, TableSource*> by_name_;
};

void record_locations(const TableSource& s, std::map<std::string, Location>& out) {
  const Table& t = s.table;
  std::string qualified = t.qualified_name();
  out.emplace(qualified, s.at);
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out.emplace(qualified + "." + t.columns[i].name, s.locate(indexed("columns", i) + ".name"));
  auto named = [&](const std::string& name, const std::string& path) {
    if (!name.empty()) out.emplace(qualified + "." + name, s.locate(path + ".name"));
  };
  if (t.primary_key) named(t.primary_key->name, "primary_key");
  for (std::size_t i = 0; i < t.indexes.size(); ++i) named(t.indexes[i].name, indexed("indexes", i));
  for (std::size_t i = 0; i < t.uniques.size(); ++i) named(t.uniques[i].name, indexed("uniques", i));
  for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) named(t.foreign_keys[i].name, indexed("foreign_keys", i));
  for (std::size_t i = 0; i < t.checks.size(); ++i) named(t.checks[i].name, indexed("checks", i));
}

}  // namespace

void assemble(std::vector<TableSource> tables, LoadResult& result) {
  std::vector<TableSource> kept;
  kept.reserve(tables.size());
  std::map<std::string, std::size_t> seen;  // folded qualified name -> index in kept
  for (auto& t : tables) {
    std::string qualified = t.table.qualified_name();
    auto [it, fresh] = seen.emplace(fold(qualified), kept.size());
    if (fresh) {
      kept.push_back(std::move(t));
      continue;
    }
    const TableSource& first = kept[it->second];
    std::string first_name = first.table.qualified_name();
    result.diagnostics.push_back({t.at, "table " + qualified + ": duplicate table, first declared at " + first.at.to_string(),
                                  first_name == qualified ? "" : "table names differ only in case: " + first_name});
  }
  Validator(kept, result.diagnostics).run();
  for (auto& s : kept) {
    record_locations(s, result.locations);
    result.schema.tables.push_back(std::move(s.table));
  }
}

}  // namespace bcdb::manifest::detail
