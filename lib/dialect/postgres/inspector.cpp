#include "dialect/postgres/inspector.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "dialect/postgres/canonical.h"
#include "dialect/postgres/catalog.h"
#include "dialect/postgres/catalog_sql.h"
#include "dialect/postgres/ddl.h"
#include "dialect/postgres/types.h"
#include "model/canonical.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {
namespace {

using namespace catalog;

// "CHECK ((a > 0)) NO INHERIT NOT VALID" -> "(a > 0)"
std::string check_expression(std::string def) {
  for (std::string_view suffix : {" NOT VALID", " NO INHERIT"})
    if (def.size() >= suffix.size() && def.compare(def.size() - suffix.size(), suffix.size(), suffix) == 0)
      def.resize(def.size() - suffix.size());
  constexpr std::string_view prefix = "CHECK (";
  if (def.rfind(prefix, 0) == 0 && !def.empty() && def.back() == ')')
    return def.substr(prefix.size(), def.size() - prefix.size() - 1);
  return def;
}

model::FkAction fk_action(const std::string& code) {
  if (code == "r") return model::FkAction::restrict;
  if (code == "c") return model::FkAction::cascade;
  if (code == "n") return model::FkAction::set_null;
  if (code == "d") return model::FkAction::set_default;
  return model::FkAction::no_action;
}

struct TableInfo {
  std::size_t position = 0;  // in Reader::tables_
  std::string display;       // "public.orders", as notes name it
  std::string schema;        // "public", as notes name it
  std::unordered_map<long long, std::size_t> columns;   // attnum -> position in Table::columns
  std::unordered_map<long long, long long> collations;  // attnum -> attcollation
};

class Reader {
 public:
  Reader(Connection& c, const InspectOptions& options) : catalog_(c, options) {}

  model::Schema run() {
    read_relations();
    read_definitions();
    read_columns();
    read_sequences();
    read_defaults();
    report_sequences();
    read_constraints();
    read_indexes();
    read_attached_objects(catalog_, relations_, skipped_, schema_);
    for (auto& t : tables_) schema_.tables.push_back(std::move(t));
    model::sort_canonically(schema_);
    return std::move(schema_);
  }

 private:
  std::vector<Row> query(std::string_view sql) { return catalog_.query(sql); }

  void note(std::string line) { schema_.unrepresented.push_back(std::move(line)); }

  TableInfo* table(const Value& oid) {
    auto it = info_.find(text(oid));
    return it == info_.end() ? nullptr : &it->second;
  }

  model::Column* column(TableInfo& info, long long attnum) {
    auto it = info.columns.find(attnum);
    return it == info.columns.end() ? nullptr : &tables_[info.position].columns[it->second];
  }

  std::string column_display(const TableInfo& info, long long attnum) {
    auto it = info.columns.find(attnum);
    if (it == info.columns.end()) return info.display + ".#" + std::to_string(attnum);
    return info.display + "." + tables_[info.position].columns[it->second].name;
  }

  std::vector<std::string> column_names(TableInfo& info, const std::vector<long long>& attnums) {
    std::vector<std::string> out;
    for (long long a : attnums)
      if (const auto* c = column(info, a)) out.push_back(c->name);
    return out;
  }

  void add_object(std::string kind, std::string name, std::string table, std::string sql) {
    schema_.engine_objects.push_back({std::move(kind), std::move(name), std::move(table), std::move(sql)});
  }

  void read_relations() {
    for (const auto& r : query(catalog::kRelations)) {
      std::string oid = text(r[0]), nsp = text(r[1]), name = text(r[2]), kind = text(r[3]);
      Relation rel{nsp + "." + name, qualify(canonical_schema(nsp), name)};
      relations_[oid] = rel;
      if (kind == "v" || kind == "m" || kind == "f") {
        std::string what = kind == "v" ? "view" : kind == "m" ? "materialized view" : "foreign table";
        objects_by_oid_[oid] = schema_.engine_objects.size();
        add_object(what, rel.canonical, "", "");
        note(what + " " + rel.display + ": not managed by bcdb yet; left as it is");
        continue;
      }
      if (model::is_reserved_table(name)) {
        skipped_.insert(oid);
        continue;
      }
      if (flag(r[4])) {
        skipped_.insert(oid);
        note("table " + rel.display + " is a partition of " + text(r[14]) +
             "; bcdb reads its partitioned table only and skips the partition");
        continue;
      }
      model::Table t;
      t.schema = canonical_schema(nsp);
      t.name = name;
      t.comment = text(r[9]);
      note_table_properties(rel.display, r);
      info_[oid] = TableInfo{tables_.size(), rel.display, nsp, {}, {}};
      tables_.push_back(std::move(t));
    }
  }

  void note_table_properties(const std::string& display, const Row& r) {
    std::string prefix = "table " + display + ": ";
    if (!text(r[8]).empty()) note(prefix + "storage options " + text(r[8]) + " are not represented");
    if (text(r[5]) == "u") note(prefix + "UNLOGGED is not represented; bcdb reads it as a logged table");
    if (flag(r[6]))
      note(prefix + "row-level security is enabled" + (flag(r[7]) ? " and forced" : "") + ", which is not represented");
    if (flag(r[10])) note(prefix + "its tablespace is not represented");
    if (std::string ident = text(r[11]); ident == "f" || ident == "n" || ident == "i")
      note(prefix + "REPLICA IDENTITY " + (ident == "f" ? "FULL" : ident == "n" ? "NOTHING" : "USING INDEX") +
           " is not represented");
    if (!text(r[12]).empty() && text(r[12]) != "heap")
      note(prefix + "access method " + text(r[12]) + " is not represented");
    if (flag(r[13])) note(prefix + "it is a typed table (OF type), which is not represented");
  }

  void read_definitions() {
    for (const auto& r : query(catalog::kDefinitions)) {
      std::string oid = text(r[0]), def = text(r[1]);
      if (auto it = info_.find(oid); it != info_.end()) {
        note("table " + it->second.display + " is partitioned by " + def + "; the partitioning is not represented");
        continue;
      }
      auto it = objects_by_oid_.find(oid);
      if (it == objects_by_oid_.end()) continue;
      auto& object = schema_.engine_objects[it->second];
      while (!def.empty() && (def.back() == ';' || def.back() == '\n')) def.pop_back();
      object.sql = "CREATE " + str::upper(object.kind) + " " + quote_table(object.name) + " AS" + def;
    }
  }

  void read_columns() {
    auto rows = query(catalog::kColumns);
    std::vector<std::tuple<long long, long long, std::size_t>> order;  // (table oid, attnum, row)
    order.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) order.emplace_back(number(rows[i][0]), number(rows[i][1]), i);
    std::sort(order.begin(), order.end());
    for (const auto& [relid, attnum, i] : order) {
      const Row& r = rows[i];
      TableInfo* info = table(r[0]);
      if (!info) continue;
      model::Column c;
      c.name = text(r[2]);
      std::string type = text(r[3]);
      bool exact = false;
      c.type = logical_type(type, exact);
      if (!exact) c.native[model::kEnginePostgres] = type;
      c.nullable = !flag(r[4]);
      std::string identity = text(r[5]);
      c.identity = identity == "a" || identity == "d";
      if (text(r[6]) == "s") c.generated = model::Generated{"", true};  // expression from pg_attrdef
      if (r[7]) c.collation = *r[7];
      c.comment = text(r[9]);
      std::string display = info->display + "." + c.name;
      if (identity == "a") note("column " + display + " is GENERATED ALWAYS AS IDENTITY; read as BY DEFAULT");
      if (number(r[10]) >= 0)
        note("column " + display + ": its statistics target " + text(r[10]) + " is not represented");
      if (!text(r[11]).empty()) note("column " + display + ": its compression method is not represented");
      if (flag(r[12])) note("column " + display + ": its storage mode is not represented");
      info->columns[attnum] = tables_[info->position].columns.size();
      info->collations[attnum] = number(r[8]);
      tables_[info->position].columns.push_back(std::move(c));
    }
  }

  struct Sequence {
    Relation relation;
    std::string owner_oid;
    long long owner_attnum = 0;
    std::string sql;
  };

  void read_sequences() {
    for (const auto& r : query(catalog::kSequences)) {
      std::string nsp = text(r[1]), name = text(r[2]), deptype = text(r[5]), owner = text(r[3]);
      if (skipped_.count(owner)) continue;  // bcdb's own history tables, partitions
      long long attnum = number(r[4]);
      std::string options = "START " + text(r[8]) + " INCREMENT " + text(r[9]) + " CACHE " + text(r[10]) +
                            (flag(r[11]) ? " CYCLE" : "");
      bool plain = options == "START 1 INCREMENT 1 CACHE 1";
      if (deptype == "i" || deptype == "a") {
        if (TableInfo* info = table(r[3]); info && !plain)
          note("column " + column_display(*info, attnum) + ": its sequence options (" + options +
               ") are not represented");
      }
      if (deptype == "i") continue;  // the identity column's own
      Sequence s{{nsp + "." + name, qualify(canonical_schema(nsp), name)}, owner, attnum, ""};
      s.sql = "CREATE SEQUENCE " + quote_table(s.relation.canonical) + " AS " + text(r[7]) + " " + options;
      if (deptype == "a") owned_sequences_[owner + ":" + std::to_string(attnum)] = text(r[6]);
      sequences_.push_back(std::move(s));
    }
  }

  void read_defaults() {
    for (const auto& r : query(catalog::kDefaults)) {
      TableInfo* info = table(r[0]);
      if (!info) continue;
      long long attnum = number(r[1]);
      model::Column* c = column(*info, attnum);
      if (!c) continue;
      std::string expr = text(r[2]);
      if (c->generated) {
        c->generated->expr = expr;
        continue;
      }
      std::string key = text(r[0]) + ":" + std::to_string(attnum);
      if (auto seq = owned_sequences_.find(key);
          seq != owned_sequences_.end() && expr == "nextval(" + literal(seq->second) + "::regclass)" &&
          !has_identity(tables_[info->position])) {
        c->identity = true;
        serial_columns_.insert(key);
        note("column " + info->display + "." + c->name + " is serial; bcdb reads it as an identity column");
        continue;
      }
      c->default_expr = expr;
    }
  }

  void note_not_valid(const std::string& label) {
    note(label + " is NOT VALID; manifests declare validated constraints, so migrate validates it");
  }

  // A table has at most one identity column in the model: a second serial (or a serial beside
  // an identity column) stays a nextval() default on its sequence.
  static bool has_identity(const model::Table& t) {
    return std::any_of(t.columns.begin(), t.columns.end(), [](const model::Column& c) { return c.identity; });
  }

  // Sequences that are not a serial column's own are the user's.
  void report_sequences() {
    for (const auto& s : sequences_) {
      if (serial_columns_.count(s.owner_oid + ":" + std::to_string(s.owner_attnum))) continue;
      auto owner = relations_.find(s.owner_oid);
      add_object("sequence", s.relation.canonical, owner == relations_.end() ? "" : owner->second.canonical, s.sql);
      note("sequence " + s.relation.display + ": not managed by bcdb yet; left as it is");
    }
  }

  std::unordered_map<std::string, std::vector<std::string>> grouped(std::string_view sql) {
    std::unordered_map<std::string, std::vector<std::string>> out;
    for (const auto& r : query(sql)) out[text(r[0])].push_back(text(r[1]));
    return out;
  }

  void read_constraints() {
    auto ref_columns = grouped(catalog::kForeignKeyColumns);
    auto definitions = grouped(catalog::kConstraintDefinitions);
    for (const auto& r : query(catalog::kConstraints)) {
      TableInfo* info = table(r[1]);
      if (!info) continue;
      model::Table& t = tables_[info->position];
      std::string oid = text(r[0]), name = text(r[2]), type = text(r[3]);
      std::vector<std::string> columns = column_names(*info, numbers(r[4]));
      std::string label = "constraint " + name + " on " + info->display;
      bool deferrable = flag(r[10]);
      if (type == "p" || type == "u" || type == "x") backing_indexes_.insert(text(r[13]));
      if (deferrable && (type == "p" || type == "u"))
        note(label + " is DEFERRABLE, which bcdb does not represent for keys");
      if (type == "p") {
        t.primary_key = model::PrimaryKey{name, std::move(columns)};
      } else if (type == "u") {
        t.uniques.push_back({name, std::move(columns)});
      } else if (type == "f") {
        model::ForeignKey fk;
        fk.name = name;
        fk.columns = std::move(columns);
        fk.ref_table = qualify(canonical_schema(text(r[5])), text(r[6]));
        fk.ref_columns = ref_columns[oid];
        fk.on_update = fk_action(text(r[7]));
        fk.on_delete = fk_action(text(r[8]));
        fk.deferrable = deferrable;
        fk.initially_deferred = flag(r[11]);
        fk.validated = flag(r[12]);
        if (!fk.validated) note_not_valid(label);
        if (text(r[9]) == "f") note(label + " is MATCH FULL, which is not represented");
        t.foreign_keys.push_back(std::move(fk));
      } else if (type == "c") {
        std::string def = definitions[oid].empty() ? "" : definitions[oid].front();
        t.checks.push_back({name, check_expression(def), flag(r[12])});
        if (!flag(r[12])) note_not_valid(label);
        if (flag(r[14])) note(label + " is NO INHERIT, which is not represented");
      } else if (type == "x") {
        std::string def = definitions[oid].empty() ? "" : definitions[oid].front();
        add_object("exclusion constraint", name, t.qualified_name(),
                   "ALTER TABLE " + quote_table(t) + " ADD CONSTRAINT " + quote(name) + " " + def);
        note("exclusion " + label + ": not managed by bcdb yet; left as it is");
      }
    }
  }

  std::unordered_map<std::string, std::map<long long, std::string>> index_expressions() {
    std::unordered_map<std::string, std::map<long long, std::string>> out;
    for (const auto& r : query(catalog::kIndexExpressions)) out[text(r[0])][number(r[1])] = text(r[2]);
    return out;
  }

  void read_indexes() {
    std::unordered_map<long long, std::string> opclasses;
    for (const auto& r : query(catalog::kOperatorClasses)) opclasses[number(r[0])] = text(r[1]);
    auto expressions = index_expressions();
    for (const auto& r : query(catalog::kIndexes)) {
      TableInfo* info = table(r[1]);
      if (!info) continue;
      std::string oid = text(r[0]);
      model::Index index;
      index.name = text(r[2]);
      index.unique = flag(r[3]);
      index.valid = flag(r[4]);
      if (!index.valid)
        note("index " + info->display + "." + index.name +
             " is INVALID (a concurrent build that failed); manifests declare built indexes, so migrate rebuilds it");
      index.method = text(r[5]) == "btree" ? "" : text(r[5]);
      auto keys = numbers(r[7]);
      std::size_t key_count = std::min<std::size_t>(static_cast<std::size_t>(number(r[6])), keys.size());
      auto options = numbers(r[8]);
      auto& exprs = expressions[oid];
      for (std::size_t k = 0; k < key_count; ++k) {
        model::IndexPart part;
        if (keys[k] != 0) {
          if (const auto* c = column(*info, keys[k])) part.column = c->name;
        } else {
          part.expr = exprs[static_cast<long long>(k) + 1];
        }
        part.desc = k < options.size() && (options[k] & 1) != 0;
        index.parts.push_back(std::move(part));
      }
      for (std::size_t k = key_count; k < keys.size(); ++k)
        if (const auto* c = column(*info, keys[k])) index.include.push_back(c->name);
      index.where = exprs[0];
      note_index_properties(*info, index, r, opclasses);
      if (backing_indexes_.count(oid)) {
        if (!index.include.empty())
          note("index " + info->schema + "." + index.name +
               ": the INCLUDE columns of its constraint are not represented");
        continue;
      }
      tables_[info->position].indexes.push_back(std::move(index));
    }
  }

  void note_index_properties(const TableInfo& info, const model::Index& index, const Row& r,
                             const std::unordered_map<long long, std::string>& opclasses) {
    std::string prefix = "index " + info.schema + "." + index.name + ": ";
    auto keys = numbers(r[7]), options = numbers(r[8]), classes = numbers(r[9]), collations = numbers(r[10]);
    for (std::size_t k = 0; k < index.parts.size(); ++k) {
      std::string part = "key " + std::to_string(k + 1);
      if (k < classes.size())
        if (auto it = opclasses.find(classes[k]); it != opclasses.end())
          note(prefix + part + " uses operator class " + it->second + ", which is not represented");
      if (k < collations.size() && collations[k] != 0) {
        auto column = info.collations.find(keys[k]);
        long long expected = keys[k] != 0 && column != info.collations.end() ? column->second : 100;
        if (collations[k] != expected) note(prefix + part + " has its own collation, which is not represented");
      }
      long long option = k < options.size() ? options[k] : 0;
      if (((option & 1) != 0) != ((option & 2) != 0))
        note(prefix + part + " sorts NULLS " + ((option & 2) != 0 ? "FIRST" : "LAST") + ", which is not represented");
    }
    if (flag(r[11])) note(prefix + "NULLS NOT DISTINCT is not represented");
    if (flag(r[12])) note(prefix + "the table is CLUSTERed on it, which is not represented");
    if (!text(r[13]).empty()) note(prefix + "storage options " + text(r[13]) + " are not represented");
    if (flag(r[14])) note(prefix + "its tablespace is not represented");
  }

  Catalog catalog_;
  model::Schema schema_;
  std::vector<model::Table> tables_;
  std::unordered_map<std::string, TableInfo> info_;          // table oid -> what the queries need
  Relations relations_;                                      // every relation read, by oid
  std::unordered_map<std::string, std::size_t> objects_by_oid_;  // views etc. -> engine_objects
  std::set<std::string> skipped_;                            // reserved tables and partitions
  std::unordered_map<std::string, std::string> owned_sequences_;  // "table oid:attnum" -> regclass text
  std::vector<Sequence> sequences_;
  std::set<std::string> serial_columns_;                     // "table oid:attnum"
  std::set<std::string> backing_indexes_;                    // indexes of keys and exclusion constraints
};

}  // namespace

model::Schema inspect(Connection& connection, const InspectOptions& options) {
  return Reader(connection, options).run();
}

}  // namespace bcdb::dialect::postgres
