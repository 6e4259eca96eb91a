#include "model/type.h"

#include <charconv>

#include "support/strings.h"

namespace bcdb::model {
namespace {

struct Spelling {
  TypeKind kind;
  const char* name;
  int parameters;  // 0, 1 (length) or 2 (precision, scale)
};

constexpr Spelling kSpellings[] = {
    {TypeKind::boolean, "bool", 0},      {TypeKind::int16, "int16", 0},
    {TypeKind::int32, "int32", 0},       {TypeKind::int64, "int64", 0},
    {TypeKind::float32, "float32", 0},   {TypeKind::float64, "float64", 0},
    {TypeKind::decimal, "decimal", 2},   {TypeKind::fixed_char, "char", 1},
    {TypeKind::varchar, "varchar", 1},   {TypeKind::text, "text", 0},
    {TypeKind::bytes, "bytes", 0},       {TypeKind::uuid, "uuid", 0},
    {TypeKind::json, "json", 0},         {TypeKind::date, "date", 0},
    {TypeKind::time, "time", 0},         {TypeKind::timestamp, "timestamp", 0},
    {TypeKind::timestamptz, "timestamptz", 0},
};

const Spelling& spelling(TypeKind kind) {
  for (const auto& s : kSpellings)
    if (s.kind == kind) return s;
  return kSpellings[0];
}

std::optional<int> parse_int(std::string_view s) {
  std::string t = str::trim(s);
  int value = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size()) return std::nullopt;
  return value;
}

int rank(TypeKind k) {
  switch (k) {
    case TypeKind::int16: return 1;
    case TypeKind::int32: return 2;
    case TypeKind::int64: return 3;
    case TypeKind::float32: return 1;
    case TypeKind::float64: return 2;
    default: return 0;
  }
}

bool is_integer(TypeKind k) { return k == TypeKind::int16 || k == TypeKind::int32 || k == TypeKind::int64; }
bool is_float(TypeKind k) { return k == TypeKind::float32 || k == TypeKind::float64; }
bool is_string(TypeKind k) {
  return k == TypeKind::fixed_char || k == TypeKind::varchar || k == TypeKind::text;
}
int string_capacity(const Type& t) { return t.kind == TypeKind::text ? 1 << 30 : t.length; }

}  // namespace

std::string to_string(const Type& type) {
  const Spelling& s = spelling(type.kind);
  std::string out = s.name;
  if (s.parameters == 1) out += "(" + std::to_string(type.length) + ")";
  if (s.parameters == 2) out += "(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
  return out;
}

std::optional<Type> parse_type(std::string_view text) {
  std::string t = str::lower(str::trim(text));
  std::string name = t;
  std::vector<std::string> args;
  if (auto open = t.find('('); open != std::string::npos) {
    if (t.back() != ')') return std::nullopt;
    name = str::trim(t.substr(0, open));
    args = str::split(t.substr(open + 1, t.size() - open - 2), ',');
  }
  for (const auto& s : kSpellings) {
    if (name != s.name) continue;
    if (static_cast<int>(args.size()) != s.parameters) return std::nullopt;
    Type type{s.kind};
    if (s.parameters == 1) {
      auto n = parse_int(args[0]);
      if (!n || *n < 1 || *n > 65535) return std::nullopt;
      type.length = *n;
    } else if (s.parameters == 2) {
      auto p = parse_int(args[0]);
      auto sc = parse_int(args[1]);
      if (!p || !sc || *p < 1 || *p > 1000 || *sc < 0 || *sc > *p) return std::nullopt;
      type.precision = *p;
      type.scale = *sc;
    }
    return type;
  }
  return std::nullopt;
}

const std::vector<std::string>& type_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& s : kSpellings) v.emplace_back(s.name);
    return v;
  }();
  return names;
}

TypeChange classify_type_change(const Type& from, const Type& to) {
  if (from == to) return TypeChange::same;
  if (is_integer(from.kind) && is_integer(to.kind))
    return rank(to.kind) > rank(from.kind) ? TypeChange::widening : TypeChange::narrowing;
  if (is_float(from.kind) && is_float(to.kind))
    return rank(to.kind) > rank(from.kind) ? TypeChange::widening : TypeChange::narrowing;
  if (from.kind == TypeKind::decimal && to.kind == TypeKind::decimal) {
    bool keeps_integer_digits = to.precision - to.scale >= from.precision - from.scale;
    bool keeps_fraction = to.scale >= from.scale;
    return keeps_integer_digits && keeps_fraction ? TypeChange::widening : TypeChange::narrowing;
  }
  if (is_string(from.kind) && is_string(to.kind)) {
    // char(n) pads with blanks, so only char -> char of a larger n is a pure widening;
    // char -> varchar/text keeps every value as stored.
    if (to.kind == TypeKind::fixed_char && from.kind != TypeKind::fixed_char) return TypeChange::conversion;
    return string_capacity(to) >= string_capacity(from) ? TypeChange::widening : TypeChange::narrowing;
  }
  return TypeChange::conversion;
}

}  // namespace bcdb::model
