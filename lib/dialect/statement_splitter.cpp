#include "dialect/statement_splitter.h"

#include <array>
#include <cctype>
#include <utility>

#include "dialect/sql_text.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// What continues an identifier: letters, digits, '_', '$' and the bytes of any non-ASCII
// character. A '$' or an E right after one of these does not open a quote.
bool is_word(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool starts_word(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80;
}

// Line and column of byte offsets, counted forward from the last offset asked for.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {}

  std::pair<int, int> at(std::size_t offset) {
    if (offset < offset_) *this = Positions(text_);
    for (; offset_ < offset; ++offset_) {
      if (text_[offset_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(text_[offset_]) & 0xC0) != 0x80) {
        ++column_;  // a UTF-8 continuation byte belongs to the character before it
      }
    }
    return {line_, column_};
  }

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  int line_ = 1, column_ = 1;
};

class Splitter {
 public:
  Splitter(std::string_view text, const SplitRules& rules, std::string_view source)
      : text_(text), rules_(rules), source_(source), positions_(text) {}

  std::vector<SqlStatement> run() {
    std::size_t start = npos;  // the first token of the statement being read
    for (std::size_t i = 0; i < text_.size();) {
      if (is_space(text_[i])) {
        ++i;
      } else if (std::size_t end = comment_end(i); end != npos) {
        i = end;
      } else if (text_[i] == ';') {
        if (start != npos) add(start, i);
        start = npos;
        ++i;
      } else {
        if (start == npos) start = i;
        std::size_t end = quote_end(i);
        i = end != npos ? end : i + 1;
      }
    }
    if (start != npos) add(start, text_.size());
    return std::move(out_);
  }

 private:
  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
  bool after_word(std::size_t i) const { return i > 0 && is_word(text_[i - 1]); }

  // One past the comment that starts at `i`, or npos when none does.
  std::size_t comment_end(std::size_t i) const {
    char c = text_[i];
    // at() past the end is '\0', which counts as the space MySQL wants after "--".
    bool dashes =
        c == '-' && at(i + 1) == '-' && (!rules_.dash_needs_space || static_cast<unsigned char>(at(i + 2)) <= ' ');
    if (dashes || (c == '#' && rules_.hash_comments)) {
      std::size_t newline = text_.find('\n', i);
      return newline == npos ? text_.size() : newline;
    }
    if (c != '/' || at(i + 1) != '*') return npos;
    int depth = 0;
    for (std::size_t j = i; j + 1 < text_.size(); ++j) {
      if (text_[j] == '/' && text_[j + 1] == '*' && (depth == 0 || rules_.nested_comments)) {
        ++depth;
        ++j;
      } else if (text_[j] == '*' && text_[j + 1] == '/') {
        if (--depth == 0) return j + 2;
        ++j;
      }
    }
    unterminated(i, "a /* comment");
  }

  // One past the quoted token that starts at `i`, or npos when none does.
  std::size_t quote_end(std::size_t i) const {
    char c = text_[i];
    std::size_t end = npos;
    if (c == '\'' || c == '"') {
      end = skip_quoted(text_, i, c, rules_.backslash_escapes);
    } else if (c == '`') {
      end = skip_quoted(text_, i, c, false);
    } else if (c == '[' && rules_.bracket_identifiers) {
      end = text_.find(']', i);
      if (end != npos) ++end;
    } else if (rules_.dollar_quotes && (c == 'E' || c == 'e') && at(i + 1) == '\'' && !after_word(i)) {
      end = skip_quoted(text_, i + 1, '\'', true);  // E'...': PostgreSQL's escape strings
    } else if (rules_.dollar_quotes && c == '$' && !after_word(i)) {
      return dollar_quote_end(i);
    } else {
      return npos;
    }
    if (end == npos)
      unterminated(i, c == '[' ? std::string("a [") : std::string("a ") + (c == '"' || c == '`' ? c : '\'') + " quote");
    return end;
  }

  // $tag$ ... $tag$, the tag empty or an identifier; `$1` (a parameter) opens nothing.
  std::size_t dollar_quote_end(std::size_t i) const {
    std::size_t j = i + 1;
    if (at(j) != '$') {
      if (!starts_word(at(j))) return npos;
      while (j < text_.size() && is_word(text_[j]) && text_[j] != '$') ++j;
      if (at(j) != '$') return npos;
    }
    std::string_view tag = text_.substr(i, j + 1 - i);
    std::size_t close = text_.find(tag, j + 1);
    if (close == npos) unterminated(i, "the dollar quote " + std::string(tag));
    return close + tag.size();
  }

  [[noreturn]] void unterminated(std::size_t at, const std::string& what) const {
    auto [line, column] = Positions(text_).at(at);
    throw ConfigError(std::string(source_) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what +
                      " opens here and is never closed");
  }

  void add(std::size_t begin, std::size_t end) {
    while (end > begin && is_space(text_[end - 1])) --end;
    auto [line, column] = positions_.at(begin);
    out_.push_back({std::string(text_.substr(begin, end - begin)), line, column});
  }

  std::string_view text_;
  const SplitRules& rules_;
  std::string_view source_;
  Positions positions_;
  std::vector<SqlStatement> out_;
};

}  // namespace

SplitRules SplitRules::for_engine(std::string_view engine) {
  SplitRules r;
  if (engine == "postgres") {
    r.dollar_quotes = true;
    r.nested_comments = true;
  } else if (engine == "mysql") {
    r.hash_comments = true;
    r.dash_needs_space = true;
    r.backslash_escapes = true;
  } else if (engine == "sqlite") {
    r.bracket_identifiers = true;
  }
  return r;
}

std::vector<SqlStatement> split_statements(std::string_view text, const SplitRules& rules, std::string_view source) {
  return Splitter(text, rules, source).run();
}

std::string leading_keyword(std::string_view statement) {
  std::size_t i = 0;
  while (i < statement.size() && (is_space(statement[i]) || statement[i] == '(')) ++i;
  std::size_t end = i;
  while (end < statement.size() && (std::isalpha(static_cast<unsigned char>(statement[end])) || statement[end] == '_'))
    ++end;
  return str::upper(statement.substr(i, end - i));
}

bool is_data_statement(std::string_view keyword) {
  static constexpr std::array<std::string_view, 9> kData = {"SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE",
                                                            "MERGE",  "WITH",   "VALUES", "TABLE"};
  for (std::string_view k : kData)
    if (k == keyword) return true;
  return false;
}

}  // namespace bcdb::dialect
