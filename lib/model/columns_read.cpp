#include "model/columns_read.h"

#include <algorithm>
#include <cctype>

#include "model/sql_words.h"
#include "support/strings.h"

namespace bcdb::model {
namespace {


// Calls `found(begin, end, column)` for each column reference in `expr`, in order.
template <typename Found>
void scan(std::string_view expr, const std::vector<std::string>& columns, Found found) {
  auto match = [&](std::string_view name, bool quoted) -> const std::string* {
    for (const auto& c : columns)
      if (quoted ? c == name : str::iequals(c, name)) return &c;
    return nullptr;
  };
  auto next_non_space = [&](std::size_t i) {
    while (i < expr.size() && std::isspace(static_cast<unsigned char>(expr[i]))) ++i;
    return i < expr.size() ? expr[i] : '\0';
  };
  char previous = '\0';  // the last character outside spaces
  for (std::size_t i = 0; i < expr.size();) {
    char c = expr[i];
    if (c == '\'') {  // a string: skipped (a doubled quote or a backslash escape stays inside)
      std::size_t j = i + 1;
      while (j < expr.size() && !(expr[j] == '\'' && (j + 1 >= expr.size() || expr[j + 1] != '\''))) j += expr[j] == '\\' || expr[j] == '\'' ? 2 : 1;
      i = std::min(expr.size(), j + 1);
      previous = '\'';
      continue;
    }
    if (c == '"' || c == '`' || word_start(c)) {
      std::size_t j = i;
      std::string name;
      bool quoted = c == '"' || c == '`';
      if (quoted) {
        for (j = i + 1; j < expr.size(); ++j) {
          if (expr[j] == c) {
            if (j + 1 < expr.size() && expr[j + 1] == c) {
              name += c;
              ++j;
              continue;
            }
            break;
          }
          name += expr[j];
        }
        j = std::min(expr.size(), j + 1);
      } else {
        while (j < expr.size() && word_char(expr[j])) ++j;
        name = std::string(expr.substr(i, j - i));
      }
      if (previous != '.' && next_non_space(j) != '(' && next_non_space(j) != '.')
        if (const std::string* column = match(name, quoted)) found(i, j, *column);
      i = j;
      previous = 'a';
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) previous = c;
    ++i;
  }
}

}  // namespace

std::vector<std::string> columns_read(std::string_view expr, const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  scan(expr, columns, [&](std::size_t, std::size_t, const std::string& column) {
    if (std::find(out.begin(), out.end(), column) == out.end()) out.push_back(column);
  });
  return out;
}

std::string rewrite_columns(std::string_view expr, const std::vector<std::string>& columns,
                            const std::function<std::string(const std::string&)>& spell) {
  std::string out;
  std::size_t copied = 0;
  scan(expr, columns, [&](std::size_t begin, std::size_t end, const std::string& column) {
    out.append(expr.substr(copied, begin - copied)).append(spell(column));
    copied = end;
  });
  return out.append(expr.substr(copied));
}

}  // namespace bcdb::model
