#include "dialect/postgres/catalog.h"

#include <algorithm>

#include "dialect/postgres/canonical.h"
#include "dialect/postgres/catalog_sql.h"
#include "dialect/postgres/ddl.h"
#include "dialect/postgres/inspector.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres::catalog {

std::string text(const Value& v) { return v ? *v : std::string(); }
bool flag(const Value& v) { return v && *v == "t"; }
long long number(const Value& v) { return v && !v->empty() ? std::stoll(*v) : 0; }

std::vector<long long> numbers(const Value& v) {
  std::string s = text(v);
  std::replace_if(s.begin(), s.end(), [](char ch) { return ch == '{' || ch == '}' || ch == ','; }, ' ');
  std::vector<long long> out;
  for (const auto& part : str::split(s, ' '))
    if (!part.empty()) out.push_back(std::stoll(part));
  return out;
}

namespace {

// A text[] literal, every element quoted, for `= ANY($1::text[])`.
std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

Catalog::Catalog(Connection& connection, const InspectOptions& options) : c_(connection) {
  if (options.schemas.empty()) {
    condition_ = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
                 "AND n.nspname !~ '^pg_(toast_)?temp_' AND NOT starts_with(n.nspname, " +
                 literal(kScratchSchemaPrefix) + ")";
  } else {
    // Names come canonical ("" is the default schema) or raw (a scratch schema).
    std::vector<std::string> names;
    for (const auto& s : options.schemas) names.push_back(s.empty() ? kDefaultSchema : s);
    condition_ = "n.nspname = ANY($1::text[])";
    params_ = {array_literal(names)};
  }
  version_ = number(c_.query(std::string(kServerVersion)).rows.at(0).at(0));
}

std::vector<Row> Catalog::query(std::string_view sql) {
  std::string s(sql);
  bool filtered = s.find("{schemas}") != std::string::npos;
  s = str::replace_all(s, "{schemas}", condition_);
  s = str::replace_all(s, "{nulls_not_distinct}", version_ >= 150000 ? "i.indnullsnotdistinct" : "false");
  s = str::replace_all(s, "{compression}", version_ >= 140000 ? "a.attcompression" : "''");
  // A parameter the statement does not use would be an error ("could not determine data type").
  return c_.query(s, filtered ? params_ : std::vector<Value>{}).rows;
}

namespace {

class AttachedObjects {
 public:
  AttachedObjects(Catalog& catalog, const Relations& relations, const std::set<std::string>& skipped,
                  model::Schema& schema)
      : catalog_(catalog), relations_(relations), skipped_(skipped), schema_(schema) {}

  void read() {
    read_triggers();
    read_table_extras();
    read_types();
  }

 private:
  void note(std::string line) { schema_.unrepresented.push_back(std::move(line)); }

  void add_object(std::string kind, std::string name, std::string table, std::string sql) {
    schema_.engine_objects.push_back({std::move(kind), std::move(name), std::move(table), std::move(sql)});
  }

  const Relation* owner(const Value& oid) const {
    if (skipped_.count(text(oid))) return nullptr;
    auto it = relations_.find(text(oid));
    return it == relations_.end() ? nullptr : &it->second;
  }

  void read_triggers() {
    for (const auto& r : catalog_.query(kTriggers)) {
      const Relation* rel = owner(r[0]);
      if (!rel) continue;
      add_object("trigger", text(r[1]), rel->canonical, text(r[2]));
      if (!model::is_bcdb_object(text(r[1])))
        note("trigger " + text(r[1]) + " on " + rel->display + ": not managed by bcdb yet; left as it is");
    }
  }

  void read_table_extras() {
    for (const auto& r : catalog_.query(kTableExtras)) {
      const Relation* rel = owner(r[1]);
      if (!rel) continue;
      std::string kind = text(r[0]), name = text(r[2]);
      if (kind == "inherits") {
        note("table " + rel->display + " inherits from " + name + "; inheritance is not represented");
        continue;
      }
      add_object(kind, name, rel->canonical, text(r[3]));
      note(kind + " " + name + " on " + rel->display + ": not managed by bcdb yet; left as it is");
    }
  }

  void read_types() {
    for (const auto& r : catalog_.query(kTypes)) {
      std::string nsp = text(r[0]), name = text(r[1]), kind = text(r[2]);
      std::string display = nsp + "." + name, canonical = qualify(canonical_schema(nsp), name);
      const std::string tail = " is not managed by bcdb yet; columns keep it as their native type";
      if (kind == "e") {
        add_object("enum type", canonical, "",
                   "CREATE TYPE " + quote_table(canonical) + " AS ENUM (" + text(r[4]) + ")");
        note("enum type " + display + " (" + text(r[3]) + ")" + tail);
      } else if (kind == "d") {
        add_object("domain", canonical, "", "CREATE DOMAIN " + quote_table(canonical) + " AS " + text(r[3]));
        note("domain " + display + " over " + text(r[3]) + tail);
      } else {
        std::string what = kind == "r" ? "range type" : "composite type";
        add_object(what, canonical, "", "");
        note(what + " " + display + tail);
      }
    }
  }

  Catalog& catalog_;
  const Relations& relations_;
  const std::set<std::string>& skipped_;
  model::Schema& schema_;
};

}  // namespace

void read_attached_objects(Catalog& catalog, const Relations& relations, const std::set<std::string>& skipped,
                           model::Schema& schema) {
  AttachedObjects(catalog, relations, skipped, schema).read();
}

}  // namespace bcdb::dialect::postgres::catalog
