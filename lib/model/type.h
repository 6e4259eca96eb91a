#pragma once
// Portable logical column types (DESIGN.md, "Manifests"). Engines map them to native types
// in their dialect; a column may carry a per-engine native override next to its logical type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::model {

enum class TypeKind : std::uint8_t {
  boolean, int16, int32, int64, float32, float64, decimal,
  fixed_char, varchar, text, bytes, uuid, json, date, time, timestamp, timestamptz,
};

struct Type {
  TypeKind kind = TypeKind::text;
  int length = 0;     // char(n), varchar(n)
  int precision = 0;  // decimal(p,s)
  int scale = 0;

  friend bool operator==(const Type&, const Type&) = default;
};

// "decimal(12,2)", "varchar(16)", "int64", ...
std::string to_string(const Type& type);
// Parses the manifest spelling; nullopt when the name is not a logical type or the
// parameters are missing or out of range (the caller reports which).
std::optional<Type> parse_type(std::string_view text);
// Every logical type name, for did-you-mean suggestions.
const std::vector<std::string>& type_names();

enum class TypeChange { same, widening, narrowing, conversion };
// How converting a column from `from` to `to` affects existing values: widening keeps every
// value, narrowing may cut some, conversion reinterprets them (and may fail).
TypeChange classify_type_change(const Type& from, const Type& to);

}  // namespace bcdb::model
