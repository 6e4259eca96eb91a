#include "dialect/mysql/inspector.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "dialect/mysql/canonical.h"
#include "dialect/mysql/catalog_sql.h"
#include "dialect/mysql/ddl.h"
#include "dialect/mysql/types.h"
#include "model/canonical.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

std::string text(const Value& v) { return v.value_or(""); }

long long number(const Value& v) {
  if (!v || v->empty()) return 0;
  try {
    return std::stoll(*v);
  } catch (const std::exception&) {
    return 0;
  }
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return str::lower(haystack).find(str::lower(needle)) != std::string::npos;
}

model::FkAction fk_action(const std::string& rule) {
  std::string r = str::upper(rule);
  if (r == "CASCADE") return model::FkAction::cascade;
  if (r == "SET NULL") return model::FkAction::set_null;
  if (r == "SET DEFAULT") return model::FkAction::set_default;
  return model::FkAction::no_action;  // RESTRICT and NO ACTION are the same check in InnoDB
}

// Types whose literal defaults MySQL 8 prints bare in COLUMN_DEFAULT.
bool numeric_type(const std::string& column_type) {
  for (const char* prefix : {"tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "bit",
                             "year", "bool"})
    if (column_type.rfind(prefix, 0) == 0) return true;
  return false;
}

// COLUMN_DEFAULT in the form DDL takes back (canonical.h). MariaDB 10.2.7+ stores exactly that:
// quoted literals, expressions, and the word NULL for DEFAULT NULL. MySQL (and older MariaDB)
// store a literal's value unquoted and mark expressions with DEFAULT_GENERATED in EXTRA; an
// expression other than CURRENT_TIMESTAMP is written in parentheses there.
std::optional<std::string> default_expression(const Value& raw, const std::string& column_type,
                                              const std::string& extra, const Server& server) {
  if (!raw) return std::nullopt;
  const std::string& v = *raw;
  if (server.mariadb() && server.at_least(10, 2, 7)) {
    if (v == "NULL") return std::nullopt;
    return v;
  }
  bool current_timestamp = str::starts_with_ci(v, "current_timestamp");
  if (contains_ci(extra, "DEFAULT_GENERATED")) return current_timestamp ? v : "(" + v + ")";
  if (current_timestamp && (column_type.rfind("timestamp", 0) == 0 || column_type.rfind("datetime", 0) == 0))
    return v;
  if (numeric_type(column_type)) return v;
  if ((column_type.find("binary") != std::string::npos || column_type.find("blob") != std::string::npos) &&
      str::starts_with_ci(v, "0x"))
    return v;
  return literal(v);
}

// What follows "on update " in EXTRA ("on update current_timestamp(6)", MySQL's "DEFAULT_GENERATED
// on update CURRENT_TIMESTAMP").
std::optional<std::string> on_update_expression(const std::string& extra) {
  auto at = str::lower(extra).find("on update ");
  if (at == std::string::npos) return std::nullopt;
  std::string rest = str::trim(extra.substr(at + 10));
  if (rest.empty()) return std::nullopt;
  return rest;
}

struct TableInfo {
  std::size_t position = 0;  // in Reader::tables_
  std::string collation;     // the table's
  std::string engine;
  std::unordered_map<std::string, std::string> column_types;  // name -> COLUMN_TYPE, widths dropped
};

struct IndexRow {
  long long seq = 0;
  std::string column;
  std::string collation;  // "A", "D" or ""
  long long sub_part = 0;
  std::string expression;  // MySQL 8 functional key part
};

struct IndexInfo {
  bool unique = false;
  std::string type;  // INDEX_TYPE
  bool hidden = false;
  std::vector<IndexRow> parts;
};

class Reader {
 public:
  Reader(MyConnection& c, std::string database, bool attached)
      : c_(c), server_(c.server()), database_(std::move(database)), attached_(attached) {}

  model::Schema run() {
    read_collations();
    read_tables();
    read_columns();
    read_checks();
    detect_json_columns();
    read_indexes();
    read_foreign_keys();
    if (attached_) {
      read_views();
      read_triggers();
      read_routines();
    }
    for (auto& t : tables_) {
      drop_foreign_key_indexes(t);
      schema_.tables.push_back(std::move(t));
    }
    model::sort_canonically(schema_);
    return std::move(schema_);
  }

 private:
  std::vector<Row> query(std::string_view sql) { return c_.query(std::string(sql), {database_}).rows; }

  void note(std::string line) { schema_.unrepresented.push_back(std::move(line)); }

  TableInfo* table(const Value& name) {
    auto it = info_.find(text(name));
    return it == info_.end() ? nullptr : &it->second;
  }

  model::Table& of(const TableInfo& info) { return tables_[info.position]; }

  void read_collations() {
    for (const auto& r : c_.query(std::string(catalog::kCollations)).rows) {
      charset_of_[text(r[0])] = text(r[1]);
      if (str::iequals(text(r[2]), "Yes")) default_collation_[text(r[1])] = text(r[0]);
    }
    for (const auto& r : query(catalog::kSchemaDefaults)) {
      database_charset_ = text(r[0]);
      database_collation_ = text(r[1]);
    }
  }

  void read_tables() {
    for (const auto& r : query(catalog::kTables)) {
      std::string name = text(r[0]), type = text(r[1]);
      if (type == "VIEW") continue;  // read_views()
      if (type == "SEQUENCE") {
        schema_.engine_objects.push_back({"sequence", name, "", ""});
        note("sequence " + name + ": not managed by bcdb yet; left as it is");
        continue;
      }
      if (type != "BASE TABLE" && type != "SYSTEM VERSIONED") continue;
      if (model::is_reserved_table(name)) continue;
      if (type == "SYSTEM VERSIONED") note("table " + name + " is system-versioned, which is not represented");
      model::Table t;
      t.name = name;
      t.comment = text(r[4]);
      TableInfo info{tables_.size(), text(r[3]), text(r[2]), {}};
      table_options(t, info, text(r[5]));
      info_[name] = std::move(info);
      tables_.push_back(std::move(t));
    }
  }

  void table_options(model::Table& t, const TableInfo& info, const std::string& create_options) {
    if (!info.engine.empty() && !str::iequals(info.engine, "InnoDB")) t.options["mysql.engine"] = info.engine;
    auto charset = charset_of_.find(info.collation);
    if (charset != charset_of_.end()) {
      if (charset->second != "utf8mb4") t.options["mysql.charset"] = charset->second;
      // A table that names only its charset gets the charset's default collation; one that
      // names neither gets the database's. Both mean "no collation asked for".
      auto def = default_collation_.find(charset->second);
      bool charset_default = def != default_collation_.end() && def->second == info.collation;
      bool database_default = charset->second == database_charset_ && info.collation == database_collation_;
      if (!charset_default && !database_default) t.options["mysql.collation"] = info.collation;
    } else if (!info.collation.empty()) {
      t.options["mysql.collation"] = info.collation;
    }
    std::vector<std::string> other;
    for (const auto& option : str::split(create_options, ' ')) {
      if (option.empty()) continue;
      if (option == "partitioned") {
        note("table " + t.name + " is partitioned; the partitioning is not represented");
      } else if (str::starts_with_ci(option, "row_format=")) {
        t.options["mysql.row_format"] = str::upper(option.substr(11));
      } else {
        other.push_back(option);
      }
    }
    if (!other.empty())
      note("table " + t.name + ": its options " + str::join(other, " ") + " are not represented");
  }

  void read_columns() {
    auto rows = query(catalog::kColumns);
    std::vector<std::tuple<std::string, long long, std::size_t>> order;  // (table, position, row)
    order.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) order.emplace_back(text(rows[i][0]), number(rows[i][2]), i);
    std::sort(order.begin(), order.end());
    for (const auto& [table_name, position, i] : order) {
      const Row& r = rows[i];
      TableInfo* info = table(r[0]);
      if (!info) continue;
      model::Table& t = of(*info);
      model::Column c;
      c.name = text(r[1]);
      std::string type = without_display_width(text(r[5]));
      info->column_types[c.name] = type;
      bool exact = false;
      c.type = logical_type(type, server_, exact);
      if (!exact) c.native[model::kEngineMysql] = type;
      c.nullable = text(r[4]) == "YES";
      std::string extra = text(r[7]);
      std::string generation = text(r[8]);
      c.identity = contains_ci(extra, "auto_increment");
      if (!generation.empty()) {
        c.generated = model::Generated{generation, contains_ci(extra, "STORED") || contains_ci(extra, "PERSISTENT")};
      } else {
        c.default_expr = default_expression(r[3], type, extra, server_);
        if (auto expr = on_update_expression(extra)) t.options[kOnUpdateOptionPrefix + c.name] = *expr;
      }
      if (c.identity) c.default_expr.reset();
      if (r[6] && *r[6] != info->collation) c.collation = *r[6];
      c.comment = text(r[9]);
      if (contains_ci(extra, "INVISIBLE")) note("column " + t.name + "." + c.name + " is INVISIBLE, which is not represented");
      t.columns.push_back(std::move(c));
    }
  }

  void read_checks() {
    if (server_.mariadb() ? !server_.at_least(10, 2, 22) : !server_.at_least(8, 0, 16)) return;
    if (server_.mariadb()) {
      for (const auto& r : query(catalog::kChecksMariaDb)) add_check(r[0], text(r[1]), text(r[3]), true);
      return;
    }
    std::unordered_map<std::string, std::pair<std::string, bool>> tables;  // check -> (table, enforced)
    for (const auto& r : query(catalog::kCheckTablesMySql)) tables[text(r[1])] = {text(r[0]), text(r[2]) != "NO"};
    for (const auto& r : query(catalog::kChecksMySql)) {
      auto it = tables.find(text(r[0]));
      if (it == tables.end()) continue;
      add_check(Value(it->second.first), text(r[0]), text(r[1]), it->second.second);
    }
  }

  // MariaDB says whether a check was declared on a column (LEVEL 'Column', named after it) or
  // on the table; both are the same constraint to bcdb.
  void add_check(const Value& table_name, const std::string& name, const std::string& clause, bool enforced) {
    TableInfo* info = table(table_name);
    if (!info) return;
    model::Table& t = of(*info);
    if (!enforced) note("check " + name + " on " + t.name + " is NOT ENFORCED, which is not represented");
    t.checks.push_back({name, clause, true});
  }

  // MariaDB's JSON is LONGTEXT (utf8mb4_bin) with a check json_valid(`column`) named after the
  // column: that reads as the json type, without the check and the collation.
  void detect_json_columns() {
    if (!server_.mariadb()) return;
    for (auto& [name, info] : info_) {
      model::Table& t = of(info);
      std::erase_if(t.checks, [&](const model::Check& check) {
        model::Column* c = t.find_column(check.name);
        if (!c || info.column_types[c->name] != "longtext") return false;
        if (check.expr != "json_valid(" + quote(c->name) + ")") return false;
        c->type = model::Type{model::TypeKind::json};
        c->native.erase(model::kEngineMysql);
        if (c->collation == "utf8mb4_bin") c->collation.reset();
        return true;
      });
    }
  }

  void read_indexes() {
    std::map<std::pair<std::string, std::string>, IndexInfo> indexes;  // (table, index)
    const std::string_view sql = server_.mariadb()
                                     ? (server_.at_least(10, 6) ? catalog::kStatisticsMariaDb : catalog::kStatisticsOldMariaDb)
                                     : (server_.at_least(8, 0, 13) ? catalog::kStatisticsMySql : catalog::kStatisticsMySql57);
    for (const auto& r : query(sql)) {
      if (!table(r[0])) continue;
      IndexInfo& index = indexes[{text(r[0]), text(r[1])}];
      index.unique = text(r[2]) == "0";
      index.type = str::upper(text(r[7]));
      index.hidden = text(r[9]) == "1";
      index.parts.push_back({number(r[3]), text(r[4]), text(r[5]), number(r[6]), text(r[8])});
    }
    for (auto& [key, index] : indexes) add_index(*table(Value(key.first)), key.second, index);
  }

  void add_index(TableInfo& info, const std::string& name, IndexInfo& index) {
    model::Table& t = of(info);
    std::sort(index.parts.begin(), index.parts.end(),
              [](const IndexRow& a, const IndexRow& b) { return a.seq < b.seq; });
    bool memory = str::iequals(info.engine, "MEMORY");
    model::Index out;
    out.name = name;
    out.unique = index.unique;
    if (index.type == "FULLTEXT") out.method = "fulltext";
    else if (index.type == "SPATIAL" || index.type == "RTREE") out.method = "spatial";
    else if (index.type == "HASH") out.method = memory ? "" : "hash";
    else if (index.type == "BTREE") out.method = memory ? "btree" : "";
    else out.method = str::lower(index.type);
    for (const auto& p : index.parts) {
      model::IndexPart part;
      if (!p.expression.empty()) part.expr = p.expression;
      else if (p.sub_part > 0 && out.method != "spatial") part.expr = quote(p.column) + "(" + std::to_string(p.sub_part) + ")";
      else part.column = p.column;
      part.desc = p.collation == "D";
      out.parts.push_back(std::move(part));
    }
    std::string label = "index " + t.name + "." + name;
    if (index.hidden) note(label + " is invisible to the optimizer (IGNORED), which is not represented");
    bool plain = std::all_of(out.parts.begin(), out.parts.end(),
                             [](const model::IndexPart& p) { return !p.column.empty() && !p.desc; });
    if (name == "PRIMARY") {
      model::PrimaryKey pk;
      for (const auto& p : index.parts) pk.columns.push_back(p.column);
      if (!plain) note("primary key of " + t.name + ": its prefix lengths or descending parts are not represented");
      t.primary_key = std::move(pk);
      return;
    }
    if (out.unique && plain && out.method != "fulltext" && out.method != "spatial") {
      model::Unique u{name, {}};
      for (const auto& p : out.parts) u.columns.push_back(p.column);
      t.uniques.push_back(std::move(u));
      return;
    }
    t.indexes.push_back(std::move(out));
  }

  void read_foreign_keys() {
    struct Fk {
      std::vector<std::tuple<long long, std::string, std::string>> columns;  // (position, column, referenced)
      std::string ref_schema, ref_table;
    };
    std::map<std::pair<std::string, std::string>, Fk> keys;
    for (const auto& r : query(catalog::kForeignKeyColumns)) {
      if (!table(r[0])) continue;
      Fk& fk = keys[{text(r[0]), text(r[1])}];
      fk.columns.emplace_back(number(r[2]), text(r[3]), text(r[6]));
      fk.ref_schema = text(r[4]);
      fk.ref_table = text(r[5]);
    }
    for (const auto& r : query(catalog::kForeignKeys)) {
      TableInfo* info = table(r[0]);
      if (!info) continue;
      auto it = keys.find({text(r[0]), text(r[1])});
      if (it == keys.end()) continue;
      Fk& k = it->second;
      model::Table& t = of(*info);
      std::string label = "foreign key " + text(r[1]) + " on " + t.name;
      if (k.ref_schema != database_) {
        note(label + " references " + k.ref_schema + "." + k.ref_table +
             " in another database, which is not represented");
        continue;
      }
      std::sort(k.columns.begin(), k.columns.end());
      model::ForeignKey fk;
      fk.name = text(r[1]);
      for (const auto& [position, column, referenced] : k.columns) {
        fk.columns.push_back(column);
        fk.ref_columns.push_back(referenced);
      }
      fk.ref_table = k.ref_table;
      fk.on_update = fk_action(text(r[2]));
      fk.on_delete = fk_action(text(r[3]));
      if (std::string match = str::upper(text(r[4])); match == "FULL" || match == "PARTIAL")
        note(label + " is MATCH " + match + ", which is not represented");
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  void read_views() {
    for (const auto& r : query(catalog::kViews)) {
      std::string name = text(r[0]);
      schema_.engine_objects.push_back({"view", name, "", "CREATE VIEW " + quote(name) + " AS " + text(r[1])});
      note("view " + name + ": not managed by bcdb yet; left as it is");
    }
  }

  void read_triggers() {
    for (const auto& r : query(catalog::kTriggers)) {
      std::string name = text(r[0]), on = text(r[1]);
      std::string sql = "CREATE TRIGGER " + quote(name) + " " + text(r[2]) + " " + text(r[3]) + " ON " + quote(on) +
                        " FOR EACH " + text(r[4]) + " " + text(r[5]);
      schema_.engine_objects.push_back({"trigger", name, on, std::move(sql)});
      if (!model::is_bcdb_object(name)) note("trigger " + name + " on " + on + ": not managed by bcdb yet; left as it is");
    }
  }

  void read_routines() {
    for (const auto& r : query(catalog::kRoutines)) {
      std::string kind = str::lower(text(r[0])), name = text(r[1]);
      schema_.engine_objects.push_back({kind, name, "", ""});
      note(kind + " " + name + ": not managed by bcdb yet; left as it is");
    }
    for (const auto& r : query(catalog::kEvents)) {
      std::string name = text(r[0]);
      schema_.engine_objects.push_back({"event", name, "", ""});
      note("event " + name + ": not managed by bcdb yet; left as it is");
    }
  }

  MyConnection& c_;
  const Server& server_;
  std::string database_;
  bool attached_;
  model::Schema schema_;
  std::vector<model::Table> tables_;
  std::unordered_map<std::string, TableInfo> info_;  // by table name
  std::unordered_map<std::string, std::string> charset_of_;         // collation -> character set
  std::unordered_map<std::string, std::string> default_collation_;  // character set -> collation
  std::string database_charset_, database_collation_;               // the database's defaults
};

}  // namespace

model::Schema inspect(MyConnection& connection) { return inspect_database(connection, connection.database()); }

model::Schema inspect_database(MyConnection& connection, const std::string& database) {
  return Reader(connection, database, true).run();
}

model::Schema inspect_tables(MyConnection& connection, const std::string& database) {
  return Reader(connection, database, false).run();
}

}  // namespace bcdb::dialect::mysql
