#pragma once
// Identifier quoting shared by the dialects: the quote character doubled inside, wrapped in
// it ("..." for SQLite and PostgreSQL, `...` for MySQL). Each dialect's quote() calls this.
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::dialect {

inline std::string quote_identifier(std::string_view identifier, char quote) {
  std::string out(1, quote);
  for (char c : identifier) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

template <typename Quote>
std::string quote_each(const std::vector<std::string>& identifiers, Quote quote) {
  std::string out;
  for (std::size_t i = 0; i < identifiers.size(); ++i) {
    if (i) out += ", ";
    out += quote(identifiers[i]);
  }
  return out;
}

}  // namespace bcdb::dialect
