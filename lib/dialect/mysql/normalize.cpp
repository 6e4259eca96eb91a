#include "dialect/mysql/normalize.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "dialect/mysql/ddl.h"
#include "dialect/mysql/inspector.h"
#include "dialect/mysql/scratch.h"
#include "dialect/mysql/types.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

// Scratch tables stay well inside the server's limits: 65,535 bytes a row (MyISAM and InnoDB
// alike, counting every character as 4 bytes), 1,017 columns (InnoDB), 64 indexes.
constexpr std::size_t kColumnsPerTable = 300;
constexpr std::size_t kBytesPerTable = 50000;
constexpr std::size_t kIndexesPerTable = 60;
// A table's definition (.frm) must fit in 64 KB: 2,000 checks in one copy do not ("Table
// definition is too large"), a hundred do.
constexpr std::size_t kChecksPerTable = 100;
constexpr std::size_t kExpressionBytesPerTable = 16000;

std::string table_label(const model::Table& t) { return "table " + t.name; }

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// What a column may count towards the row-size limit, estimated from above.
std::size_t row_bytes(const std::string& type) {
  std::string t = str::lower(type);
  auto length = [&]() -> std::size_t {
    auto open = t.find('(');
    return open == std::string::npos ? 255 : std::strtoul(t.c_str() + open + 1, nullptr, 10);
  };
  if (t.find("text") != std::string::npos || t.find("blob") != std::string::npos || t == "json") return 16;
  if (starts_with(t, "varchar") || starts_with(t, "varbinary")) return length() * 4 + 2;
  if (starts_with(t, "char") || starts_with(t, "binary")) return length() * 4;
  if (starts_with(t, "decimal") || starts_with(t, "numeric")) return 32;
  return 8;
}

// The type a scratch table declares for the column: as ddl.cpp writes it.
std::string scratch_type(const model::Column& c, const Server& server) {
  if (c.type.kind == model::TypeKind::json && !c.native.count(model::kEngineMysql)) return "json";
  return column_type(c, server);
}

// The column as a copy declares it when its expressions may name it: its type only.
model::Column plain(const model::Column& c) {
  model::Column out;
  out.name = c.name;
  out.type = c.type;
  out.native = c.native;
  out.collation = c.collation;
  out.nullable = true;
  return out;
}

std::optional<std::string> option(const model::Table& t, const std::string& key) {
  auto it = t.options.find(key);
  return it == t.options.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void guard(const std::string& text, const std::string& what) {
  if (auto problem = scratch::not_single_expression(text))
    throw ConfigError(what + " '" + text + "' is not a single SQL expression: " + *problem);
}

// Everything that is pasted into the scratch statements, checked before any of it is sent.
void guard_table(const model::Table& t, const Server& server) {
  std::string label = table_label(t);
  for (const auto& c : t.columns) {
    guard(scratch_type(c, server), label + ": column " + c.name + ": the type");
    if (c.default_expr) guard(*c.default_expr, label + ": column " + c.name + ": the default");
    if (c.generated) guard(c.generated->expr, label + ": column " + c.name + ": the generated expression");
    if (auto u = on_update(t, c.name)) guard(*u, label + ": column " + c.name + ": ON UPDATE");
  }
  for (const auto& c : t.checks)
    guard(c.expr, label + ": check " + (c.name.empty() ? c.expr : c.name) + ": the expression");
  for (const auto& i : t.indexes)
    for (const auto& p : i.parts)
      if (p.column.empty()) guard(p.expr, label + ": index " + i.name + ": the key part");
}

// Indexes with a functional key part (MySQL 8; prefix parts "`c`(N)" are not functional).
std::vector<std::size_t> functional_indexes(const model::Table& t) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.indexes.size(); ++i)
    if (std::any_of(t.indexes[i].parts.begin(), t.indexes[i].parts.end(),
                    [](const auto& p) { return p.column.empty() && !is_prefix_part(p.expr); }))
      out.push_back(i);
  return out;
}

bool needs_copy(const model::Table& t) {
  return !t.checks.empty() || !functional_indexes(t).empty() ||
         std::any_of(t.columns.begin(), t.columns.end(), [](const auto& c) { return c.generated.has_value(); });
}

struct Slot {
  std::size_t group = 0;
  model::Column column;  // as the scratch table declares it, but for its name
  std::optional<std::string> on_update;
  std::string owner;  // "table orders: column status"
  std::string name;   // "status": the column it was first collected for
};

struct SlotResult {
  model::Column column;
  std::optional<std::string> on_update;
};

// What a table's scratch copy declares: the columns its expressions may name (every column
// whose name occurs in their text, a superset), its generated columns, checks and functional
// indexes, under names unique in the scratch database.
struct Copy {
  std::size_t table = 0;
  std::size_t group = 0;
  bool innodb = false;  // functional indexes need InnoDB
  std::vector<model::Column> columns;
  std::vector<std::string> definitions;    // per columns: as DDL declares them
  std::vector<std::size_t> check_numbers;  // per t.checks
  std::vector<std::size_t> indexes;        // positions in t.indexes
  std::vector<std::size_t> index_numbers;  // per indexes
  std::size_t bytes = 0;       // of its columns' values, estimated
  std::size_t expressions = 0;  // of its checks', generated columns' and functional key parts' text
  std::string text;             // that text, lower case
};

struct Pack {
  std::size_t group = 0;
  bool innodb = false;
  std::vector<std::size_t> copies;
  std::map<std::string, std::string> columns;  // lower-case name -> definition
  std::size_t bytes = 0, indexes = 0, checks = 0, expressions = 0;
  std::string text;  // of its copies, lower case
};

struct CopyResult {
  std::map<std::string, model::Column> generated;  // by column name
  std::vector<std::string> checks;                 // per t.checks
  std::vector<std::vector<model::IndexPart>> indexes;  // per Copy::indexes
};

std::string check_name(std::size_t k) { return "bcdb_check_" + std::to_string(k); }
std::string index_name(std::size_t k) { return "bcdb_index_" + std::to_string(k); }
std::string slot_column(std::size_t i) { return "c" + std::to_string(i); }

class Normalizer {
 public:
  Normalizer(model::Schema& schema, MyConnection& connection)
      : schema_(schema), c_(connection), server_(connection.server()) {}

  void run() {
    collect();
    if (slots_.empty() && copies_.empty() && probes_.empty()) return;
    pick_engine();
    scratch::Database db(c_);
    create_probes(db);
    create_slots(db);
    create_packs(db);
    model::Schema result = inspect_tables(c_, db.name());
    db.drop();
    model::TableIndex tables(result);
    read_results(tables);
    apply();
  }

 private:
  // ---- collecting what needs the server ----

  std::size_t group_of(const model::Table& t) {
    std::pair<std::string, std::string> key{option(t, "mysql.charset").value_or(""),
                                            option(t, "mysql.collation").value_or("")};
    auto [it, added] = group_of_.try_emplace(key, groups_.size());
    if (added) groups_.push_back(key);
    return it->second;
  }

  void collect() {
    for (std::size_t ti = 0; ti < schema_.tables.size(); ++ti) {
      const model::Table& t = schema_.tables[ti];
      guard_table(t, server_);
      std::size_t group = group_of(t);
      collect_probe(ti);
      for (std::size_t ci = 0; ci < t.columns.size(); ++ci) collect_column(ti, ci, group);
      if (needs_copy(t)) collect_copy(ti, group);
    }
  }

  void collect_probe(std::size_t ti) {
    const model::Table& t = schema_.tables[ti];
    std::vector<std::string> key;
    bool any = false;
    for (const char* name : {"mysql.engine", "mysql.charset", "mysql.collation", "mysql.row_format"}) {
      auto v = option(t, name);
      any = any || v.has_value();
      key.push_back(v.value_or(""));
    }
    if (!any) return;
    auto [it, added] = probe_of_.try_emplace(key, probes_.size());
    if (added) probes_.push_back(ti);
    table_probe_[ti] = it->second;
  }

  void collect_column(std::size_t ti, std::size_t ci, std::size_t group) {
    const model::Table& t = schema_.tables[ti];
    const model::Column& c = t.columns[ci];
    if (c.generated) return;  // its copy reads it
    auto update = on_update(t, c.name);
    std::optional<std::string> def = c.identity ? std::nullopt : c.default_expr;
    if (!c.native.count(model::kEngineMysql) && !def && !c.collation && !update) return;
    model::Column s;
    s.name = "c";
    s.type = c.type;
    s.native = c.native;
    s.collation = c.collation;
    s.nullable = c.nullable;
    s.default_expr = def;
    std::string key = std::to_string(group) + "\n" + column_definition(s, server_, update);
    auto [it, added] = slot_of_.try_emplace(key, slots_.size());
    if (added) slots_.push_back({group, std::move(s), update, table_label(t) + ": column " + c.name, c.name});
    column_slot_[{ti, ci}] = it->second;
  }

  void collect_copy(std::size_t ti, std::size_t group) {
    const model::Table& t = schema_.tables[ti];
    Copy copy;
    copy.table = ti;
    copy.group = group;
    copy.indexes = functional_indexes(t);
    copy.innodb = !copy.indexes.empty();
    std::string text;
    std::set<std::string> indexed;
    for (const auto& c : t.checks) text += c.expr + "\n";
    for (const auto& c : t.columns)
      if (c.generated) text += c.generated->expr + "\n";
    for (std::size_t position : copy.indexes)
      for (const auto& p : t.indexes[position].parts) {
        if (p.column.empty()) text += p.expr + "\n";
        else indexed.insert(p.column);
      }
    copy.expressions = text.size();
    text = str::lower(text);
    copy.text = text;
    for (const auto& c : t.columns) {
      bool mentioned = text.find(str::lower(c.name)) != std::string::npos;
      if (!c.generated && !mentioned && !indexed.count(c.name)) continue;
      model::Column declared = plain(c);
      declared.generated = c.generated;
      copy.bytes += row_bytes(scratch_type(c, server_));
      copy.definitions.push_back(column_definition(declared, server_));
      copy.columns.push_back(std::move(declared));
    }
    for (std::size_t i = 0; i < t.checks.size(); ++i) copy.check_numbers.push_back(checks_++);
    for (std::size_t i = 0; i < copy.indexes.size(); ++i) copy.index_numbers.push_back(indexes_++);
    table_copy_[ti] = copies_.size();
    copies_.push_back(std::move(copy));
  }

  // MyISAM keeps the column tables clear of InnoDB's 8 KB row limit, where the server has it.
  void pick_engine() {
    for (const auto& r : c_.query("SELECT ENGINE, SUPPORT FROM information_schema.ENGINES").rows)
      if (str::iequals(r.at(0).value_or(""), "MyISAM") &&
          (str::iequals(r.at(1).value_or(""), "YES") || str::iequals(r.at(1).value_or(""), "DEFAULT")))
        engine_ = "MyISAM";
  }

  // A table of `columns` in the scratch database, with the group's character set and collation.
  model::Table scratch_table(const std::string& name, std::size_t group, const std::string& engine) const {
    model::Table t;
    t.name = name;
    t.options["mysql.engine"] = engine;
    if (!groups_[group].first.empty()) t.options["mysql.charset"] = groups_[group].first;
    if (!groups_[group].second.empty()) t.options["mysql.collation"] = groups_[group].second;
    return t;
  }

  // ---- creating the scratch tables ----

  void create_probes(scratch::Database& db) {
    for (std::size_t k = 0; k < probes_.size(); ++k) {
      const model::Table& t = schema_.tables[probes_[k]];
      model::Table probe;
      probe.name = "bcdb_options_" + std::to_string(k);
      model::Column c;
      c.name = "bcdb_probe";
      c.type = model::Type{model::TypeKind::int32};
      c.nullable = true;
      probe.columns.push_back(c);
      std::vector<std::string> shown;
      for (const auto& [key, value] : t.options)
        if (key == "mysql.engine" || key == "mysql.charset" || key == "mysql.collation" || key == "mysql.row_format") {
          probe.options[key] = value;
          shown.push_back(key.substr(6) + " " + value);
        }
      db.create(scratch::Object{table_label(t) + ": MySQL rejects its options (" + str::join(shown, ", ") + ")",
                                {db.in_database(create_table(probe, server_, false), probe.name)}});
    }
  }

  void create_slots(scratch::Database& db) {
    std::map<std::size_t, std::vector<std::size_t>> by_group;
    for (std::size_t i = 0; i < slots_.size(); ++i) by_group[slots_[i].group].push_back(i);
    std::size_t tables = 0;
    for (const auto& [group, ids] : by_group) {
      std::size_t first = 0;
      while (first < ids.size()) {
        std::size_t last = first, bytes = 0;
        while (last < ids.size() && last - first < kColumnsPerTable) {
          std::size_t b = row_bytes(scratch_type(slots_[ids[last]].column, server_));
          if (last > first && bytes + b > kBytesPerTable) break;
          bytes += b;
          ++last;
        }
        create_slot_table(db, "bcdb_columns_" + std::to_string(tables++), group,
                          std::vector<std::size_t>(ids.begin() + first, ids.begin() + last));
        first = last;
      }
    }
  }

  void create_slot_table(scratch::Database& db, const std::string& name, std::size_t group,
                         const std::vector<std::size_t>& ids) {
    model::Table t = scratch_table(name, group, engine_);
    for (std::size_t i : ids) {
      model::Column c = slots_[i].column;
      c.name = slot_column(i);
      if (slots_[i].on_update) t.options[kOnUpdateOptionPrefix + c.name] = *slots_[i].on_update;
      t.columns.push_back(std::move(c));
    }
    // Replayed one slot per table, under the column's own name, for the server to say which
    // one it rejects (and no row-size limit to hit).
    std::vector<scratch::Object> replay;
    for (std::size_t i : ids) {
      const Slot& s = slots_[i];
      std::string column = slots_[i].name;
      model::Table one = scratch_table("bcdb_slot_" + std::to_string(i), group, engine_);
      model::Column typed = plain(s.column);
      typed.name = column;
      one.columns.push_back(typed);
      std::string type = scratch_type(s.column, server_);
      replay.push_back({s.owner + ": MySQL rejects the type '" + type + "'" +
                            (s.column.collation ? " with collation " + *s.column.collation : ""),
                        {db.in_database(create_table(one, server_, false), one.name)}});
      model::Column full = s.column;
      full.name = column;
      std::string what = s.column.default_expr ? "the default '" + *s.column.default_expr + "'"
                         : s.on_update         ? "ON UPDATE " + *s.on_update
                                               : "its definition";
      if (s.column.default_expr && s.on_update) what += " with ON UPDATE " + *s.on_update;
      replay.push_back({s.owner + ": MySQL rejects " + what,
                        {"ALTER TABLE " + db.qualified(one.name) + " MODIFY COLUMN " +
                         column_definition(full, server_, s.on_update)}});
    }
    bool whole = db.create(db.in_database(create_table(t, server_, false), name), replay);
    for (std::size_t i : ids) {
      if (whole) slot_at_[i] = {name, slot_column(i)};
      else slot_at_[i] = {"bcdb_slot_" + std::to_string(i), slots_[i].name};
    }
  }

  bool fits(const Pack& pack, const Copy& copy) const {
    if (pack.group != copy.group || pack.innodb != copy.innodb) return false;
    if (pack.bytes + copy.bytes > kBytesPerTable || pack.indexes + copy.indexes.size() > kIndexesPerTable ||
        pack.checks + copy.check_numbers.size() > kChecksPerTable ||
        pack.expressions + copy.expressions > kExpressionBytesPerTable)
      return false;
    // Every copy's expressions must see only its own table's columns, so that one naming a
    // column its table lacks is still rejected: no copy may mention a column another brings.
    std::set<std::string> own;
    std::size_t added = 0;
    for (std::size_t k = 0; k < copy.columns.size(); ++k) {
      std::string name = str::lower(copy.columns[k].name);
      own.insert(name);
      auto it = pack.columns.find(name);
      if (it == pack.columns.end()) {
        if (pack.text.find(name) != std::string::npos) return false;
        ++added;
      } else if (it->second != copy.definitions[k]) {
        return false;
      }
    }
    for (const auto& [name, definition] : pack.columns)
      if (!own.count(name) && copy.text.find(name) != std::string::npos) return false;
    return pack.columns.size() + added <= kColumnsPerTable;
  }

  void create_packs(scratch::Database& db) {
    std::vector<Pack> packs;
    for (std::size_t j = 0; j < copies_.size(); ++j) {
      const Copy& copy = copies_[j];
      auto it = std::find_if(packs.begin(), packs.end(), [&](const Pack& p) { return fits(p, copy); });
      if (it == packs.end()) {
        packs.push_back(Pack{copy.group, copy.innodb, {}, {}, 0, 0, 0, 0});
        it = packs.end() - 1;
      }
      it->copies.push_back(j);
      for (std::size_t k = 0; k < copy.columns.size(); ++k)
        if (it->columns.emplace(str::lower(copy.columns[k].name), copy.definitions[k]).second)
          it->bytes += row_bytes(scratch_type(copy.columns[k], server_));
      it->indexes += copy.indexes.size();
      it->checks += copy.check_numbers.size();
      it->expressions += copy.expressions;
      it->text += copy.text;
    }
    for (std::size_t n = 0; n < packs.size(); ++n) create_pack(db, "bcdb_pack_" + std::to_string(n), packs[n]);
  }

  void create_pack(scratch::Database& db, const std::string& name, const Pack& pack) {
    model::Table t = scratch_table(name, pack.group, pack.innodb ? "InnoDB" : engine_);
    std::set<std::string> declared;
    std::vector<scratch::Object> replay;
    for (std::size_t j : pack.copies) {
      const Copy& copy = copies_[j];
      const model::Table& source = schema_.tables[copy.table];
      for (const auto& c : copy.columns)
        if (declared.insert(str::lower(c.name)).second) t.columns.push_back(c);
      for (std::size_t i = 0; i < source.checks.size(); ++i)
        t.checks.push_back({check_name(copy.check_numbers[i]), source.checks[i].expr, true});
      for (std::size_t k = 0; k < copy.indexes.size(); ++k) t.indexes.push_back(functional(source, copy, k));
      for (auto& o : replay_copy(db, copy)) replay.push_back(std::move(o));
    }
    bool whole = db.create(db.in_database(create_table(t, server_, false), name), replay);
    for (std::size_t j : pack.copies) copy_at_[j] = whole ? name : copy_table(j);
  }

  model::Index functional(const model::Table& source, const Copy& copy, std::size_t k) const {
    model::Index index = source.indexes[copy.indexes[k]];
    index.name = index_name(copy.index_numbers[k]);
    index.unique = false;
    index.method.clear();
    return index;
  }

  std::string copy_table(std::size_t j) const { return "bcdb_copy_" + std::to_string(j); }

  // The copy over all the table's columns, object by object, for telling which one the server rejects.
  std::vector<scratch::Object> replay_copy(scratch::Database& db, const Copy& copy) const {
    const model::Table& source = schema_.tables[copy.table];
    std::size_t j = &copy - copies_.data();
    model::Table base = scratch_table(copy_table(j), copy.group, copy.innodb ? "InnoDB" : engine_);
    for (const auto& c : source.columns)
      if (!c.generated) base.columns.push_back(plain(c));
    std::string label = table_label(source);
    std::string alter = "ALTER TABLE " + db.qualified(base.name);
    std::vector<scratch::Object> out;
    out.push_back({label + ": MySQL rejects its columns", {db.in_database(create_table(base, server_, false), base.name)}});
    for (const auto& c : source.columns) {
      if (!c.generated) continue;
      model::Column g = plain(c);
      g.generated = c.generated;
      out.push_back({label + ": column " + c.name + ": MySQL rejects the generated expression '" + c.generated->expr + "'",
                     {alter + " ADD COLUMN " + column_definition(g, server_)}});
    }
    for (std::size_t i = 0; i < source.checks.size(); ++i) {
      const auto& check = source.checks[i];
      std::string shown = check.name.empty() ? "(" + check.expr + ")" : check.name;
      out.push_back({label + ": check " + shown + ": MySQL rejects the expression '" + check.expr + "'",
                     {alter + " ADD " + check_clause({check_name(copy.check_numbers[i]), check.expr, true})}});
    }
    for (std::size_t k = 0; k < copy.indexes.size(); ++k) {
      model::Index index = functional(source, copy, k);
      out.push_back({label + ": index " + source.indexes[copy.indexes[k]].name + ": MySQL rejects it",
                     {alter + " ADD KEY " + quote(index.name) + " " + index_parts(index)}});
    }
    return out;
  }

  // ---- reading back and applying ----

  static const model::Table& table_in(const model::TableIndex& tables, const std::string& name) {
    const model::Table* t = tables.find(name);
    if (!t) throw DatabaseError("the server did not report the scratch table " + name);
    return *t;
  }

  void read_results(const model::TableIndex& tables) {
    for (std::size_t k = 0; k < probes_.size(); ++k) {
      const model::Table& probe = table_in(tables, "bcdb_options_" + std::to_string(k));
      std::map<std::string, std::string> options;
      for (const auto& [key, value] : probe.options)
        if (key == "mysql.engine" || key == "mysql.charset" || key == "mysql.collation" || key == "mysql.row_format")
          options[key] = value;
      probe_results_.push_back(std::move(options));
    }
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const auto& [table, column] = slot_at_.at(i);
      const model::Table& t = table_in(tables, table);
      const model::Column* c = t.find_column(column);
      if (!c) throw DatabaseError("the server did not report the scratch column " + table + "." + column);
      auto update = t.options.find(kOnUpdateOptionPrefix + column);
      slot_results_.push_back(
          {*c, update == t.options.end() ? std::nullopt : std::optional<std::string>(update->second)});
    }
    for (std::size_t j = 0; j < copies_.size(); ++j) copy_results_.push_back(read_copy(copies_[j], table_in(tables, copy_at_.at(j))));
  }

  CopyResult read_copy(const Copy& copy, const model::Table& scratch) const {
    const model::Table& t = schema_.tables[copy.table];
    CopyResult out;
    auto missing = [&](const std::string& what) {
      return DatabaseError("the server did not report the scratch copy of " + what + " of " + table_label(t));
    };
    for (const auto& c : t.columns) {
      if (!c.generated) continue;
      const model::Column* g = scratch.find_column(c.name);
      if (!g || !g->generated) throw missing("column " + c.name);
      out.generated[c.name] = *g;
    }
    for (std::size_t i = 0; i < t.checks.size(); ++i) {
      std::string name = check_name(copy.check_numbers[i]);
      auto it = std::find_if(scratch.checks.begin(), scratch.checks.end(), [&](const auto& k) { return k.name == name; });
      if (it == scratch.checks.end()) throw missing("check " + std::to_string(i + 1));
      out.checks.push_back(it->expr);
    }
    for (std::size_t k = 0; k < copy.indexes.size(); ++k) {
      const model::Index* index = scratch.find_index(index_name(copy.index_numbers[k]));
      if (!index) throw missing("index " + t.indexes[copy.indexes[k]].name);
      out.indexes.push_back(index->parts);
    }
    return out;
  }

  void apply() {
    for (std::size_t ti = 0; ti < schema_.tables.size(); ++ti) {
      model::Table& t = schema_.tables[ti];
      if (auto probe = table_probe_.find(ti); probe != table_probe_.end()) {
        for (const char* key : {"mysql.engine", "mysql.charset", "mysql.collation", "mysql.row_format"}) t.options.erase(key);
        for (const auto& [key, value] : probe_results_.at(probe->second)) t.options[key] = value;
      }
      for (std::size_t ci = 0; ci < t.columns.size(); ++ci)
        if (auto slot = column_slot_.find({ti, ci}); slot != column_slot_.end())
          apply_slot(t, t.columns[ci], slot_results_.at(slot->second));
      if (auto copy = table_copy_.find(ti); copy != table_copy_.end())
        apply_copy(t, copies_.at(copy->second), copy_results_.at(copy->second));
    }
  }

  void apply_slot(model::Table& t, model::Column& c, const SlotResult& r) const {
    if (c.native.count(model::kEngineMysql) || r.column.type.kind == model::TypeKind::json) {
      // The logical type inspect() reads for that native, so that both sides agree in every
      // field (fingerprints included), not only in the type they spell.
      c.type = r.column.type;
      c.native = r.column.native;
    }
    if (!c.identity) c.default_expr = r.column.default_expr;  // DEFAULT NULL is no default at all
    c.collation = r.column.collation;
    t.options.erase(kOnUpdateOptionPrefix + c.name);
    if (r.on_update) t.options[kOnUpdateOptionPrefix + c.name] = *r.on_update;
  }

  void apply_copy(model::Table& t, const Copy& copy, const CopyResult& r) const {
    for (auto& c : t.columns) {
      auto it = r.generated.find(c.name);
      if (it == r.generated.end()) continue;
      c.type = it->second.type;
      c.native = it->second.native;
      c.collation = it->second.collation;
      c.generated = it->second.generated;
    }
    for (std::size_t i = 0; i < t.checks.size(); ++i) t.checks[i].expr = r.checks.at(i);
    for (std::size_t k = 0; k < copy.indexes.size(); ++k) t.indexes[copy.indexes[k]].parts = r.indexes.at(k);
  }

  model::Schema& schema_;
  MyConnection& c_;
  const Server& server_;
  std::string engine_ = "InnoDB";  // of the column tables and copies
  std::vector<std::pair<std::string, std::string>> groups_;  // (charset, collation) as the manifests give them
  std::map<std::pair<std::string, std::string>, std::size_t> group_of_;
  std::vector<std::size_t> probes_;  // the first table of each distinct set of options
  std::map<std::vector<std::string>, std::size_t> probe_of_;
  std::map<std::size_t, std::size_t> table_probe_;  // table -> probe
  std::vector<std::map<std::string, std::string>> probe_results_;
  std::vector<Slot> slots_;
  std::map<std::string, std::size_t> slot_of_;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> column_slot_;  // (table, column) -> slot
  std::map<std::size_t, std::pair<std::string, std::string>> slot_at_;      // slot -> (scratch table, column)
  std::vector<SlotResult> slot_results_;
  std::vector<Copy> copies_;
  std::map<std::size_t, std::size_t> table_copy_;  // table -> copy
  std::map<std::size_t, std::string> copy_at_;     // copy -> scratch table
  std::vector<CopyResult> copy_results_;
  std::size_t checks_ = 0, indexes_ = 0;
};

}  // namespace

void normalize_expressions(model::Schema& schema, MyConnection& connection) { Normalizer(schema, connection).run(); }

}  // namespace bcdb::dialect::mysql
