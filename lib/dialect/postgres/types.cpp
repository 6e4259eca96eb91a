#include "dialect/postgres/types.h"

#include "dialect/type_arguments.h"

namespace bcdb::dialect::postgres {

using model::Type;
using model::TypeKind;

std::string spelling(const Type& type) {
  switch (type.kind) {
    case TypeKind::boolean: return "boolean";
    case TypeKind::int16: return "smallint";
    case TypeKind::int32: return "integer";
    case TypeKind::int64: return "bigint";
    case TypeKind::float32: return "real";
    case TypeKind::float64: return "double precision";
    case TypeKind::decimal: return "numeric(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeKind::fixed_char: return "character(" + std::to_string(type.length) + ")";
    case TypeKind::varchar: return "character varying(" + std::to_string(type.length) + ")";
    case TypeKind::text: return "text";
    case TypeKind::bytes: return "bytea";
    case TypeKind::uuid: return "uuid";
    case TypeKind::json: return "jsonb";
    case TypeKind::date: return "date";
    case TypeKind::time: return "time without time zone";
    case TypeKind::timestamp: return "timestamp without time zone";
    case TypeKind::timestamptz: return "timestamp with time zone";
  }
  return "text";
}

Type logical_type(std::string_view formatted, bool& exact) {
  std::string f = str::trim(formatted);
  Type t{TypeKind::text};
  exact = false;
  struct Plain {
    const char* name;
    TypeKind kind;
  };
  static constexpr Plain plain[] = {
      {"boolean", TypeKind::boolean},   {"smallint", TypeKind::int16},
      {"integer", TypeKind::int32},     {"bigint", TypeKind::int64},
      {"real", TypeKind::float32},      {"double precision", TypeKind::float64},
      {"text", TypeKind::text},         {"bytea", TypeKind::bytes},
      {"uuid", TypeKind::uuid},         {"jsonb", TypeKind::json},
      {"date", TypeKind::date},         {"time without time zone", TypeKind::time},
      {"timestamp without time zone", TypeKind::timestamp},
      {"timestamp with time zone", TypeKind::timestamptz},
  };
  for (const auto& p : plain)
    if (f == p.name) {
      exact = true;
      return {p.kind};
    }
  if (auto a = type_arguments(f, "numeric"); a && a->size() == 2) t = {TypeKind::decimal, 0, (*a)[0], (*a)[1]};
  else if (a && a->size() <= 1) t = {TypeKind::decimal, 0, 38, 10};
  else if (auto c = type_arguments(f, "character varying"); c && c->size() == 1) t = {TypeKind::varchar, (*c)[0]};
  else if (auto ch = type_arguments(f, "character"); ch && ch->size() == 1) t = {TypeKind::fixed_char, (*ch)[0]};
  else if (f == "json") t = {TypeKind::json};
  else if (f.rfind("timestamp", 0) == 0) t = {f.find("with time zone") != std::string::npos ? TypeKind::timestamptz : TypeKind::timestamp};
  else if (f.rfind("time", 0) == 0) t = {TypeKind::time};
  exact = spelling(t) == f;
  return t;
}

std::string column_type(const model::Column& column) {
  auto it = column.native.find(model::kEnginePostgres);
  return it != column.native.end() ? it->second : spelling(column.type);
}

bool binary_coercible(const model::Column& from, const model::Column& to) {
  if (from.native.count(model::kEnginePostgres) || to.native.count(model::kEnginePostgres)) return false;
  using model::TypeKind;
  const auto& a = from.type;
  const auto& b = to.type;
  if (a.kind == TypeKind::varchar && b.kind == TypeKind::varchar) return b.length >= a.length;
  if (a.kind == TypeKind::varchar && b.kind == TypeKind::text) return true;
  if (a.kind == TypeKind::decimal && b.kind == TypeKind::decimal) return b.scale == a.scale && b.precision >= a.precision;
  return false;
}

}  // namespace bcdb::dialect::postgres
