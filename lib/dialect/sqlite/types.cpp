#include "dialect/sqlite/types.h"

#include <cctype>

#include "support/strings.h"

namespace bcdb::dialect::sqlite {

using model::Type;
using model::TypeKind;

std::string spelling(const Type& type) {
  switch (type.kind) {
    case TypeKind::boolean: return "BOOLEAN";
    case TypeKind::int16: return "SMALLINT";
    case TypeKind::int32: return "INT";
    case TypeKind::int64: return "INTEGER";
    case TypeKind::float32: return "FLOAT";
    case TypeKind::float64: return "REAL";
    case TypeKind::decimal: return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeKind::fixed_char: return "CHAR(" + std::to_string(type.length) + ")";
    case TypeKind::varchar: return "VARCHAR(" + std::to_string(type.length) + ")";
    case TypeKind::text: return "TEXT";
    case TypeKind::bytes: return "BLOB";
    case TypeKind::uuid: return "UUID";
    case TypeKind::json: return "JSON";
    case TypeKind::date: return "DATE";
    case TypeKind::time: return "TIME";
    case TypeKind::timestamp: return "TIMESTAMP";
    case TypeKind::timestamptz: return "TIMESTAMPTZ";
  }
  return "TEXT";
}

std::string strict_spelling(const Type& type) {
  switch (type.kind) {
    case TypeKind::boolean:
    case TypeKind::int16:
    case TypeKind::int32:
    case TypeKind::int64:
      return "INTEGER";
    case TypeKind::float32:
    case TypeKind::float64:
    case TypeKind::decimal:
      return "REAL";
    case TypeKind::bytes:
      return "BLOB";
    default:
      return "TEXT";
  }
}

std::string normalize_declared(std::string_view declared) {
  std::string out;
  bool space = false;
  for (char ch : declared) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = !out.empty();
      continue;
    }
    if (space && ch != '(' && ch != ')' && ch != ',' && out.back() != '(' && out.back() != ',') out += ' ';
    space = false;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

namespace {

// "NAME(a,b)" -> name and numeric arguments.
struct Declared {
  std::string name;
  std::vector<int> args;
};

Declared split_declared(const std::string& normalized) {
  Declared d;
  auto open = normalized.find('(');
  d.name = str::trim(normalized.substr(0, open));
  if (open != std::string::npos && normalized.back() == ')') {
    for (const auto& a : str::split(normalized.substr(open + 1, normalized.size() - open - 2), ',')) {
      try {
        d.args.push_back(std::stoi(str::trim(a)));
      } catch (const std::exception&) {
        d.args.push_back(0);
      }
    }
  }
  return d;
}

}  // namespace

Type logical_type(std::string_view declared_text) {
  Declared d = split_declared(normalize_declared(declared_text));
  const std::string& n = d.name;
  auto is = [&](std::initializer_list<const char*> names) {
    for (const char* name : names)
      if (n == name) return true;
    return false;
  };
  if (is({"BOOLEAN", "BOOL"})) return {TypeKind::boolean};
  if (is({"TINYINT", "SMALLINT", "INT2"})) return {TypeKind::int16};
  if (is({"INT", "INT4", "MEDIUMINT"})) return {TypeKind::int32};
  if (is({"INTEGER", "BIGINT", "INT8", "UNSIGNED BIG INT"})) return {TypeKind::int64};
  if (is({"FLOAT", "FLOAT4"})) return {TypeKind::float32};
  if (is({"REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT8"})) return {TypeKind::float64};
  if (is({"DECIMAL", "NUMERIC"})) {
    if (d.args.size() == 2 && d.args[0] > 0 && d.args[1] >= 0 && d.args[1] <= d.args[0])
      return {TypeKind::decimal, 0, d.args[0], d.args[1]};
    if (d.args.size() == 1 && d.args[0] > 0) return {TypeKind::decimal, 0, d.args[0], 0};
    return {TypeKind::decimal, 0, 38, 10};
  }
  if (is({"CHAR", "CHARACTER", "NCHAR", "NATIVE CHARACTER"}) && d.args.size() == 1 && d.args[0] > 0)
    return {TypeKind::fixed_char, d.args[0]};
  if (is({"VARCHAR", "NVARCHAR", "VARYING CHARACTER", "CHARACTER VARYING"}) && d.args.size() == 1 && d.args[0] > 0)
    return {TypeKind::varchar, d.args[0]};
  if (is({"TEXT", "CLOB"})) return {TypeKind::text};
  if (is({"BLOB"})) return {TypeKind::bytes};
  if (is({"UUID"})) return {TypeKind::uuid};
  if (is({"JSON", "JSONB"})) return {TypeKind::json};
  if (is({"DATE"})) return {TypeKind::date};
  if (is({"TIME"})) return {TypeKind::time};
  if (is({"DATETIME", "TIMESTAMP"})) return {TypeKind::timestamp};
  if (is({"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"})) return {TypeKind::timestamptz};
  // SQLite's affinity rules, in its order (https://www.sqlite.org/datatype3.html 3.1).
  if (n.find("INT") != std::string::npos) return {TypeKind::int64};
  if (n.find("CHAR") != std::string::npos || n.find("CLOB") != std::string::npos || n.find("TEXT") != std::string::npos)
    return {TypeKind::text};
  if (n.empty() || n.find("BLOB") != std::string::npos) return {TypeKind::bytes};
  if (n.find("REAL") != std::string::npos || n.find("FLOA") != std::string::npos || n.find("DOUB") != std::string::npos)
    return {TypeKind::float64};
  return {TypeKind::decimal, 0, 38, 10};
}

bool is_rowid_alias(const model::Table& table, const model::Column& column, std::string_view declared) {
  return !table.option("sqlite.without_rowid") && table.primary_key && table.primary_key->columns.size() == 1 &&
         table.primary_key->columns.front() == column.name && normalize_declared(declared) == "INTEGER";
}

std::string column_type(const model::Table& table, const model::Column& column) {
  auto native = column.native.find(model::kEngineSqlite);
  if (native != column.native.end()) return native->second;
  bool single_key = table.primary_key && table.primary_key->columns.size() == 1 &&
                    table.primary_key->columns.front() == column.name;
  if (column.identity && single_key && !table.option("sqlite.without_rowid")) return "INTEGER";
  return table.option("sqlite.strict") ? strict_spelling(column.type) : spelling(column.type);
}

}  // namespace bcdb::dialect::sqlite
