#pragma once
// Reading SQL text the dialects paste into statements (defaults, checks, expressions).
#include <cstddef>
#include <string_view>

namespace bcdb::dialect {

// The end (one past the closing delimiter) of a token quoted with `quote` that starts at `i`,
// or npos when it is not closed. A doubled delimiter stands for itself; with
// `backslash_escapes`, a backslash escapes the character after it.
inline std::size_t skip_quoted(std::string_view s, std::size_t i, char quote, bool backslash_escapes) {
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (backslash_escapes && s[j] == '\\') {
      ++j;
    } else if (s[j] == quote) {
      if (j + 1 < s.size() && s[j + 1] == quote) {
        ++j;
        continue;
      }
      return j + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace bcdb::dialect
