#include "model/canonical.h"

#include <algorithm>

#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::model {
namespace {

// Values are length-prefixed so that no choice of names can make two schemas collide.
void put(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += '=';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

void put_list(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  put(out, key, str::join(values, "\x1f"));
}

std::string column_text(const Column& c) {
  std::string out;
  put(out, "name", c.name);
  put(out, "type", to_string(c.type));
  for (const auto& [engine, native] : c.native) put(out, "native." + engine, native);
  put(out, "nullable", c.nullable ? "1" : "0");
  if (c.default_expr) put(out, "default", *c.default_expr);
  put(out, "identity", c.identity ? "1" : "0");
  if (c.generated) put(out, c.generated->stored ? "generated.stored" : "generated.virtual", c.generated->expr);
  if (c.collation) put(out, "collation", *c.collation);
  put(out, "comment", c.comment);
  return out;
}

std::string index_text(const Index& i) {
  std::string out;
  put(out, "name", i.name);
  for (const auto& p : i.parts) put(out, p.column.empty() ? "expr" : "column", (p.column.empty() ? p.expr : p.column) + (p.desc ? " desc" : ""));
  put(out, "unique", i.unique ? "1" : "0");
  put(out, "where", i.where);
  put(out, "method", i.method);
  put_list(out, "include", i.include);
  if (!i.valid) put(out, "valid", "0");
  return out;
}

std::string fk_text(const ForeignKey& f) {
  std::string out;
  put(out, "name", f.name);
  put_list(out, "columns", f.columns);
  put(out, "ref", f.ref_table);
  put_list(out, "ref_columns", f.ref_columns);
  put(out, "on_delete", to_string(f.on_delete));
  put(out, "on_update", to_string(f.on_update));
  put(out, "deferrable", f.deferrable ? (f.initially_deferred ? "deferred" : "immediate") : "no");
  if (!f.validated) put(out, "validated", "0");
  return out;
}

template <typename T, typename F>
std::vector<std::string> sorted_texts(const std::vector<T>& items, F text) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(text(item));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string canonical_text(const Schema& schema) {
  std::vector<std::string> tables;
  for (const auto& t : schema.tables) {
    std::string out;
    put(out, "table", t.qualified_name());
    put(out, "comment", t.comment);
    for (const auto& c : sorted_texts(t.columns, column_text)) put(out, "column", c);
    if (t.primary_key) {
      put(out, "pk.name", t.primary_key->name);
      put_list(out, "pk.columns", t.primary_key->columns);
    }
    for (const auto& i : sorted_texts(t.indexes, index_text)) put(out, "index", i);
    for (const auto& u : sorted_texts(t.uniques, [](const Unique& u) { return u.name + "(" + str::join(u.columns, ",") + ")"; }))
      put(out, "unique", u);
    for (const auto& f : sorted_texts(t.foreign_keys, fk_text)) put(out, "fk", f);
    for (const auto& c : sorted_texts(t.checks, [](const Check& c) { return c.name + ":" + c.expr + (c.validated ? "" : ":not valid"); })) put(out, "check", c);
    for (const auto& [key, value] : t.options) put(out, "option." + key, value);
    tables.push_back(std::move(out));
  }
  std::sort(tables.begin(), tables.end());
  std::string text = "bcdb-schema-v1\n";
  for (const auto& t : tables) {
    text += t;
    text += '\n';
  }
  return text;
}

std::string fingerprint(const Schema& schema) { return sha256_hex(canonical_text(schema)); }

void sort_canonically(Schema& schema) {
  std::sort(schema.tables.begin(), schema.tables.end(),
            [](const Table& a, const Table& b) { return a.qualified_name() < b.qualified_name(); });
  for (auto& t : schema.tables) {
    std::sort(t.indexes.begin(), t.indexes.end(), [](const Index& a, const Index& b) { return a.name < b.name; });
    std::sort(t.uniques.begin(), t.uniques.end(), [](const Unique& a, const Unique& b) {
      return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
    });
    std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), [](const ForeignKey& a, const ForeignKey& b) {
      return std::tie(a.name, a.columns, a.ref_table) < std::tie(b.name, b.columns, b.ref_table);
    });
    std::sort(t.checks.begin(), t.checks.end(), [](const Check& a, const Check& b) {
      return std::tie(a.name, a.expr) < std::tie(b.name, b.expr);
    });
  }
  std::sort(schema.unrepresented.begin(), schema.unrepresented.end());
  std::sort(schema.engine_objects.begin(), schema.engine_objects.end(), [](const EngineObject& a, const EngineObject& b) {
    return std::tie(a.kind, a.table, a.name) < std::tie(b.kind, b.table, b.name);
  });
}

}  // namespace bcdb::model
