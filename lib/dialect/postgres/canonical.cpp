#include "dialect/postgres/canonical.h"

#include <set>

#include "dialect/postgres/normalize.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {

std::string canonical_schema(std::string_view schema) {
  return schema.empty() || schema == kDefaultSchema ? std::string() : std::string(schema);
}

namespace {

// The structural part, which needs no database; normalize.cpp has the expression part.

constexpr std::size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

// PostgreSQL truncates longer identifiers to 63 bytes, never inside a UTF-8 character.
std::string clip(std::string name, std::size_t limit = kMaxIdentifier) {
  if (name.size() <= limit) return name;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  name.resize(end);
  return name;
}

void clip_all(std::vector<std::string>& names) {
  for (auto& n : names) n = clip(std::move(n));
}

// As PostgreSQL's ChooseRelationName names an unnamed primary key: the table name clipped so
// that "_pkey" still fits.
std::string default_pkey_name(const std::string& table) {
  constexpr std::string_view suffix = "_pkey";
  return clip(table, kMaxIdentifier - suffix.size()) + std::string(suffix);
}

std::string canonical_reference(const std::string& ref) {
  auto dot = ref.find('.');
  if (dot == std::string::npos) return clip(ref);
  return model::qualify(canonical_schema(clip(ref.substr(0, dot))), clip(ref.substr(dot + 1)));
}

void canonicalize_column(model::Column& c, bool in_primary_key) {
  c.name = clip(std::move(c.name));
  if (c.renamed_from) c.renamed_from = clip(*c.renamed_from);
  std::erase_if(c.native, [](const auto& native) { return native.first != model::kEnginePostgres; });
  // What the DDL writes for these (ddl.cpp's column_definition), hence what inspect reads back.
  if (c.generated) {
    c.generated->stored = true;  // PostgreSQL 15 has stored generated columns only
    c.default_expr.reset();
  }
  if (c.identity) {
    c.default_expr.reset();
    c.nullable = false;
  }
  if (in_primary_key) c.nullable = false;
}

void canonicalize_table(model::Table& t) {
  t.schema = canonical_schema(clip(std::move(t.schema)));
  t.name = clip(std::move(t.name));
  if (t.renamed_from) t.renamed_from = clip(*t.renamed_from);
  std::erase_if(t.options, [](const auto& option) { return !str::starts_with_ci(option.first, "postgres."); });
  std::set<std::string> key;
  if (t.primary_key) {
    clip_all(t.primary_key->columns);
    t.primary_key->name = t.primary_key->name.empty() ? default_pkey_name(t.name) : clip(t.primary_key->name);
    key.insert(t.primary_key->columns.begin(), t.primary_key->columns.end());
  }
  for (auto& c : t.columns) canonicalize_column(c, key.count(clip(c.name)) > 0);
  for (auto& i : t.indexes) {
    i.name = clip(std::move(i.name));
    i.method = str::lower(i.method);
    if (i.method == "btree") i.method.clear();
    for (auto& p : i.parts) p.column = clip(std::move(p.column));
    clip_all(i.include);
  }
  for (auto& u : t.uniques) {
    u.name = clip(std::move(u.name));
    clip_all(u.columns);
  }
  for (auto& f : t.foreign_keys) {
    f.name = clip(std::move(f.name));
    clip_all(f.columns);
    f.ref_table = canonical_reference(f.ref_table);
    clip_all(f.ref_columns);
  }
  for (auto& c : t.checks) c.name = clip(std::move(c.name));
}

void canonicalize_structure(model::Schema& schema) {
  for (auto& t : schema.tables) canonicalize_table(t);
  // A foreign key that names no target columns references the target's primary key.
  model::TableIndex tables(schema);
  for (auto& t : schema.tables)
    for (auto& f : t.foreign_keys)
      if (f.ref_columns.empty())
        if (const auto* target = tables.find(f.ref_table); target && target->primary_key)
          f.ref_columns = target->primary_key->columns;
}

}  // namespace

void canonicalize(model::Schema& schema, Connection& connection) {
  canonicalize_structure(schema);
  normalize_expressions(schema, connection);
}

}  // namespace bcdb::dialect::postgres
