#include "dialect/mysql/canonical.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "dialect/mysql/ddl.h"
#include "dialect/mysql/normalize.h"
#include "dialect/mysql/types.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

// The structural part, which needs no database; normalize.cpp has the expression part.

const char* const kTableOptions[] = {"engine", "charset", "collation", "row_format"};

std::string table_label(const model::Table& t) { return "table " + t.qualified_name(); }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool is_name(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// "`name`(10)", "name(10)", "\"name\" (10)" -> ("name", 10); nullopt for anything else.
std::optional<std::pair<std::string, int>> prefix_part(std::string_view e) {
  std::string s = str::trim(e);
  std::string name;
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '`' || s[0] == '"')) {
    char q = s[0];
    for (i = 1; i < s.size(); ++i) {
      if (s[i] == q) {
        if (i + 1 < s.size() && s[i + 1] == q) {
          name += q;
          ++i;
          continue;
        }
        break;
      }
      name += s[i];
    }
    if (i >= s.size()) return std::nullopt;
    ++i;
  } else {
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$')) name += s[i++];
  }
  if (name.empty()) return std::nullopt;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || s[i] != '(' || s.back() != ')') return std::nullopt;
  std::string digits = str::trim(s.substr(i + 1, s.size() - i - 2));
  if (!all_digits(digits) || digits.size() > 6) return std::nullopt;
  return std::make_pair(name, std::stoi(digits));
}

// The type the server would report for the column, lower case, as DDL declares it.
std::string effective_type(const model::Column& c, const Server& server) {
  if (c.type.kind == model::TypeKind::json && !c.native.count(model::kEngineMysql)) return server.mariadb() ? "longtext" : "json";
  return str::lower(column_type(c, server));
}

// Columns MySQL indexes only through a prefix length (or FULLTEXT).
bool needs_prefix(const std::string& type) {
  for (const char* t : {"tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "json"})
    if (type == t) return true;
  return false;
}

// The length of a char/varchar/binary/varbinary column, 0 for other types.
int string_length(const std::string& type) {
  for (const char* name : {"varchar(", "char(", "varbinary(", "binary("}) {
    std::string n = name;
    if (type.rfind(n, 0) != 0) continue;
    auto close = type.find(')');
    std::string digits = type.substr(n.size(), close == std::string::npos ? 0 : close - n.size());
    return all_digits(digits) ? std::stoi(digits) : 0;
  }
  return 0;
}

bool plain_part(const model::IndexPart& p) { return !p.column.empty() && !p.desc; }

model::FkAction canonical_action(model::FkAction a) {
  return a == model::FkAction::restrict ? model::FkAction::no_action : a;
}

class Structure {
 public:
  Structure(model::Schema& schema, const Server& server) : schema_(schema), server_(server) {}

  // Before the server sees anything: what MySQL does not have is refused, what it fixes is fixed.
  void prepare() {
    for (auto& t : schema_.tables) prepare_table(t);
  }

  // After normalisation (the types are final): keys and indexes as the server keeps them.
  void finish() {
    model::TableIndex tables(schema_);
    for (auto& t : schema_.tables) finish_table(t, tables);
  }

 private:
  void prepare_table(model::Table& t) {
    std::string label = table_label(t);
    if (!t.schema.empty())
      throw ConfigError("MySQL databases have no schemas: table " + t.qualified_name() + " names schema '" + t.schema +
                        "'; declare it without a schema (each MySQL database holds one)");
    std::erase_if(t.options, [](const auto& option) { return !str::starts_with_ci(option.first, "mysql."); });
    for (const char* name : kTableOptions)
      if (auto it = t.options.find(std::string("mysql.") + name); it != t.options.end() && !is_name(it->second))
        throw ConfigError(label + ": mysql." + name + " '" + it->second + "' is not a name");
    for (const auto& [key, value] : t.options) {
      if (!str::starts_with_ci(key, kOnUpdateOptionPrefix)) continue;
      std::string column = key.substr(std::string(kOnUpdateOptionPrefix).size());
      const model::Column* c = t.find_column(column);
      if (!c) throw ConfigError(label + ": option " + key + " names no column of the table");
      if (c->generated) throw ConfigError(label + ": column " + column + " is generated and cannot have ON UPDATE");
    }
    std::set<std::string> key;
    if (t.primary_key) {
      t.primary_key->name.clear();  // MySQL calls every primary key PRIMARY
      key.insert(t.primary_key->columns.begin(), t.primary_key->columns.end());
    }
    for (auto& c : t.columns) prepare_column(c, key.count(c.name) > 0);
    for (auto& i : t.indexes) prepare_index(t, i);
    for (auto& f : t.foreign_keys) {
      if (f.ref_table.find('.') != std::string::npos)
        throw ConfigError(label + ": foreign key " + (f.name.empty() ? "(" + str::join(f.columns, ", ") + ")" : f.name) +
                          " references " + f.ref_table + ", but MySQL databases have no schemas");
      f.on_delete = canonical_action(f.on_delete);
      f.on_update = canonical_action(f.on_update);
      f.deferrable = false;
      f.initially_deferred = false;
      f.validated = true;
    }
    for (auto& c : t.checks) c.validated = true;
  }

  void prepare_column(model::Column& c, bool in_primary_key) {
    std::erase_if(c.native, [](const auto& native) { return native.first != model::kEngineMysql; });
    if (!c.native.count(model::kEngineMysql) && c.type.kind != model::TypeKind::json) {
      // uuid -> char(36), timestamptz -> timestamp: what the spelling reads back as.
      bool exact = false;
      model::Type read = logical_type(spelling(c.type, server_), server_, exact);
      if (exact) c.type = read;
    }
    if (c.identity) c.default_expr.reset();
    if (c.generated) {
      c.default_expr.reset();
      if (server_.mariadb()) c.nullable = true;  // MariaDB has no NOT NULL generated columns
    }
    if (in_primary_key) c.nullable = false;
  }

  void prepare_index(const model::Table& t, model::Index& i) {
    std::string label = table_label(t) + ": index " + i.name;
    if (!i.where.empty()) throw ConfigError(label + ": MySQL has no partial indexes (where = \"" + i.where + "\")");
    if (!i.include.empty())
      throw ConfigError(label + ": MySQL has no INCLUDE columns (include = [" + str::join(i.include, ", ") + "])");
    i.method = str::lower(i.method);
    if (i.method != "" && i.method != "btree" && i.method != "hash" && i.method != "fulltext" && i.method != "spatial")
      throw ConfigError(label + ": MySQL has no index method '" + i.method + "' (btree, hash, fulltext, spatial)");
    i.valid = true;
    for (auto& p : i.parts) {
      if (!p.column.empty()) continue;
      // A prefix part names a column; "abs(10)" without a column abs is a function call.
      if (auto prefix = prefix_part(p.expr); prefix && t.find_column(prefix->first)) {
        p.expr = quote(prefix->first) + "(" + std::to_string(prefix->second) + ")";
        continue;
      }
      if (server_.mariadb() || !server_.at_least(8, 0, 13))
        throw ConfigError(label + ": " + (server_.mariadb() ? "MariaDB" : "this MySQL") + " has no expression key parts (" +
                          p.expr + "); index a generated column instead");
    }
  }

  // As inspect() reads MariaDB's json: a longtext column with the check json_valid(`column`)
  // named after it is json, without that check.
  void json_columns(model::Table& t) {
    if (!server_.mariadb()) return;
    std::erase_if(t.checks, [&](const model::Check& check) {
      model::Column* c = t.find_column(check.name);
      if (!c || effective_type(*c, server_) != "longtext" || check.expr != "json_valid(" + quote(c->name) + ")")
        return false;
      c->type = model::Type{model::TypeKind::json};
      c->native.erase(model::kEngineMysql);
      if (c->collation == "utf8mb4_bin") c->collation.reset();
      return true;
    });
  }

  void finish_table(model::Table& t, const model::TableIndex& tables) {
    json_columns(t);
    bool memory = str::iequals(t.options.count("mysql.engine") ? t.options.at("mysql.engine") : "", "MEMORY");
    bool keeps_desc = server_.mariadb() ? server_.at_least(10, 8) : server_.at_least(8, 0);
    std::vector<model::Index> indexes;
    for (auto& i : t.indexes) {
      finish_index(t, i, memory, keeps_desc);
      bool plain = std::all_of(i.parts.begin(), i.parts.end(), plain_part);
      if (i.unique && plain && i.method != "fulltext" && i.method != "spatial") {
        model::Unique u{i.name, {}};
        for (const auto& p : i.parts) u.columns.push_back(p.column);
        t.uniques.push_back(std::move(u));
      } else {
        indexes.push_back(std::move(i));
      }
    }
    t.indexes = std::move(indexes);
    for (const auto& u : t.uniques)
      for (const auto& column : u.columns)
        if (const model::Column* c = t.find_column(column); c && !server_.mariadb() && needs_prefix(effective_type(*c, server_)))
          throw ConfigError(table_label(t) + ": unique " + (u.name.empty() ? "(" + str::join(u.columns, ", ") + ")" : u.name) +
                            ": column " + column + " is " + effective_type(*c, server_) +
                            ", which MySQL cannot hold unique without a prefix length");
    name_uniques(t);
    for (auto& f : t.foreign_keys)
      if (f.ref_columns.empty())
        if (const auto* target = tables.find(f.ref_table); target && target->primary_key)
          f.ref_columns = target->primary_key->columns;
    drop_foreign_key_indexes(t);
  }

  void finish_index(const model::Table& t, model::Index& i, bool memory, bool keeps_desc) {
    std::string label = table_label(t) + ": index " + i.name;
    if (i.method == "btree" && !memory) i.method.clear();
    if (i.method == "hash" && memory) i.method.clear();
    bool hash = i.method == "hash" || (memory && i.method.empty());
    for (auto& p : i.parts) {
      if (!keeps_desc || hash || i.method == "fulltext" || i.method == "spatial") p.desc = false;
      if (p.column.empty()) {
        // A prefix as long as the column is the whole column.
        if (auto prefix = prefix_part(p.expr))
          if (const model::Column* c = t.find_column(prefix->first);
              c && string_length(effective_type(*c, server_)) == prefix->second) {
            p.column = c->name;
            p.expr.clear();
          }
        continue;
      }
      const model::Column* c = t.find_column(p.column);
      if (!c || i.method == "fulltext" || i.method == "spatial") continue;
      std::string type = effective_type(*c, server_);
      if (needs_prefix(type) && !(i.unique && server_.mariadb()))
        throw ConfigError(label + ": column " + p.column + " is " + type +
                          ", which MySQL indexes only by a prefix: write the key part as { expr = \"" + quote(p.column) +
                          "(255)\" } with the length you need");
    }
  }

  // As the server names an unnamed key: after its first column, else with _2, _3, ... (names
  // compare without case).
  static void name_uniques(model::Table& t) {
    std::set<std::string> taken{"primary"};
    for (const auto& u : t.uniques)
      if (!u.name.empty()) taken.insert(str::lower(u.name));
    for (const auto& i : t.indexes) taken.insert(str::lower(i.name));
    for (auto& u : t.uniques) {
      if (!u.name.empty() || u.columns.empty()) continue;
      std::string name = u.columns.front();
      for (int n = 2; taken.count(str::lower(name)); ++n) name = u.columns.front() + "_" + std::to_string(n);
      taken.insert(str::lower(name));
      u.name = name;
    }
  }

  model::Schema& schema_;
  const Server& server_;
};

// <table>_ibfk_<n>: the name the server gives an unnamed foreign key.
bool server_named(const model::Table& t, const std::string& fk) {
  std::string prefix = t.name + "_ibfk_";
  return fk.size() > prefix.size() && str::iequals(fk.substr(0, prefix.size()), prefix) &&
         all_digits(fk.substr(prefix.size()));
}

// `name` is `column`, or `column`_<n>.
bool named_after(const std::string& name, const std::string& column) {
  if (str::iequals(name, column)) return true;
  return name.size() > column.size() + 1 && str::iequals(name.substr(0, column.size() + 1), column + "_") &&
         all_digits(name.substr(column.size() + 1));
}

bool same_columns(const std::vector<model::IndexPart>& parts, const std::vector<std::string>& columns) {
  if (parts.size() != columns.size()) return false;
  for (std::size_t k = 0; k < parts.size(); ++k)
    if (!plain_part(parts[k]) || !str::iequals(parts[k].column, columns[k])) return false;
  return true;
}

}  // namespace

void drop_foreign_key_indexes(model::Table& t) {
  std::erase_if(t.indexes, [&](const model::Index& i) {
    if (i.unique || !i.method.empty() || !i.where.empty() || !i.include.empty()) return false;
    return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const model::ForeignKey& f) {
      if (f.columns.empty() || !same_columns(i.parts, f.columns)) return false;
      if (!f.name.empty() && str::iequals(i.name, f.name)) return true;
      return (f.name.empty() || server_named(t, f.name)) && named_after(i.name, f.columns.front());
    });
  });
}

void canonicalize(model::Schema& schema, MyConnection& connection) {
  // DDL commits an open transaction: the scratch work then takes a session of its own.
  std::unique_ptr<MyConnection> own;
  MyConnection* c = &connection;
  if (connection.in_transaction()) {
    own = std::make_unique<MyConnection>(connection.url());
    c = own.get();
  }
  Structure structure(schema, c->server());
  structure.prepare();
  normalize_expressions(schema, *c);
  structure.finish();
}

}  // namespace bcdb::dialect::mysql
