#include "dialect/mysql/types.h"

#include "dialect/type_arguments.h"

namespace bcdb::dialect::mysql {

using model::Type;
using model::TypeKind;

std::string spelling(const Type& type, const Server&) {
  switch (type.kind) {
    case TypeKind::boolean: return "tinyint(1)";
    case TypeKind::int16: return "smallint";
    case TypeKind::int32: return "int";
    case TypeKind::int64: return "bigint";
    case TypeKind::float32: return "float";
    case TypeKind::float64: return "double";
    case TypeKind::decimal: return "decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeKind::fixed_char: return "char(" + std::to_string(type.length) + ")";
    case TypeKind::varchar: return "varchar(" + std::to_string(type.length) + ")";
    case TypeKind::text: return "longtext";
    case TypeKind::bytes: return "longblob";
    case TypeKind::uuid: return "char(36)";
    // MariaDB turns JSON into LONGTEXT with a json_valid() check; the inspector reads that
    // pair back as json, so both flavours spell it the same.
    case TypeKind::json: return "json";
    case TypeKind::date: return "date";
    case TypeKind::time: return "time(6)";
    case TypeKind::timestamp:
    case TypeKind::timestamptz: return "datetime(6)";
  }
  return "longtext";
}

std::string without_display_width(std::string_view column_type) {
  std::string t = str::lower_outside_quotes(str::trim(column_type));
  if (t.rfind("tinyint(1)", 0) == 0) return t;
  for (const char* name : {"tinyint", "smallint", "mediumint", "int", "bigint"}) {
    std::string n = name;
    if (t.rfind(n + "(", 0) != 0) continue;
    auto close = t.find(')');
    if (close == std::string::npos) return t;
    return n + t.substr(close + 1);
  }
  return t;
}

Type logical_type(std::string_view column_type, const Server& server, bool& exact) {
  std::string f = str::trim(column_type);
  // "int unsigned", "bigint unsigned zerofill", "decimal(10,2) unsigned": the signed type's
  // kind, widened where the unsigned range needs it (an identity column stays an integer).
  for (std::string_view suffix : {" unsigned zerofill", " zerofill", " unsigned"}) {
    if (f.size() <= suffix.size() || f.compare(f.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    bool base_exact = false;
    Type t = logical_type(f.substr(0, f.size() - suffix.size()), server, base_exact);
    if (t.kind == TypeKind::int16) t.kind = TypeKind::int32;
    else if (t.kind == TypeKind::int32 && f.rfind("int", 0) == 0) t.kind = TypeKind::int64;  // not mediumint's
    exact = false;
    return t;
  }
  Type t{TypeKind::text};
  struct Plain {
    const char* name;
    TypeKind kind;
  };
  static constexpr Plain plain[] = {
      {"tinyint(1)", TypeKind::boolean}, {"smallint", TypeKind::int16},   {"int", TypeKind::int32},
      {"bigint", TypeKind::int64},       {"float", TypeKind::float32},    {"double", TypeKind::float64},
      {"longtext", TypeKind::text},      {"longblob", TypeKind::bytes},   {"json", TypeKind::json},
      {"date", TypeKind::date},          {"time(6)", TypeKind::time},     {"datetime(6)", TypeKind::timestamp},
  };
  bool found = false;
  for (const auto& p : plain)
    if (f == p.name) {
      t = {p.kind};
      found = true;
      break;
    }
  if (!found) {
    if (auto a = type_arguments(f, "decimal"); a && a->size() == 2) t = {TypeKind::decimal, 0, (*a)[0], (*a)[1]};
    else if (auto v = type_arguments(f, "varchar"); v && v->size() == 1) t = {TypeKind::varchar, (*v)[0]};
    else if (auto c = type_arguments(f, "char"); c && c->size() == 1) t = {TypeKind::fixed_char, (*c)[0]};
    else if (f.rfind("datetime", 0) == 0 || f.rfind("timestamp", 0) == 0) t = {TypeKind::timestamp};
    else if (f.rfind("time", 0) == 0) t = {TypeKind::time};
    else if (f == "mediumint" || f == "tinyint") t = {TypeKind::int32};
    else if (f.find("text") != std::string::npos) t = {TypeKind::text};
    else if (f.find("blob") != std::string::npos || f.find("binary") != std::string::npos) t = {TypeKind::bytes};
  }
  exact = spelling(t, server) == f;
  return t;
}

std::string column_type(const model::Column& column, const Server& server) {
  auto it = column.native.find(model::kEngineMysql);
  return it != column.native.end() ? it->second : spelling(column.type, server);
}

bool widens_in_place(const model::Column& from, const model::Column& to) {
  auto length_bytes = [](int characters) { return characters * 4 <= 255 ? 1 : 2; };  // utf8mb4: 4 bytes a character
  return !from.native.count(model::kEngineMysql) && !to.native.count(model::kEngineMysql) &&
         from.type.kind == model::TypeKind::varchar && to.type.kind == model::TypeKind::varchar &&
         to.type.length >= from.type.length && length_bytes(to.type.length) == length_bytes(from.type.length);
}

}  // namespace bcdb::dialect::mysql
