#pragma once
// Reading the arguments of a type as an engine's catalog spells it: "varchar(16)" -> {16}.
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/strings.h"

namespace bcdb::dialect {

// The integers in parentheses after `name` (none when the text is just `name`); nullopt when
// the text is not `name` followed by a parenthesised list of integers.
inline std::optional<std::vector<int>> type_arguments(std::string_view text, std::string_view name) {
  if (text.substr(0, name.size()) != name) return std::nullopt;
  std::string_view rest = text.substr(name.size());
  if (rest.empty()) return std::vector<int>{};
  if (rest.front() != '(' || rest.back() != ')') return std::nullopt;
  std::vector<int> out;
  for (const auto& part : str::split(rest.substr(1, rest.size() - 2), ',')) {
    int v = 0;
    std::string t = str::trim(part);
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc{} || end != t.data() + t.size()) return std::nullopt;
    out.push_back(v);
  }
  return out;
}

}  // namespace bcdb::dialect
