#include "manifest/sql_fragment.h"

#include <array>
#include <vector>

#include "dialect/sql_text.h"
#include "model/schema.h"

namespace bcdb::manifest {
namespace {

enum class Reading { sqlite, postgres, mysql };

constexpr std::array<Reading, 3> kReadings{Reading::sqlite, Reading::postgres, Reading::mysql};

const char* engine_name(Reading r) {
  switch (r) {
    case Reading::sqlite: return "SQLite";
    case Reading::postgres: return "PostgreSQL";
    case Reading::mysql: return "MySQL/MariaDB";
  }
  return "";
}

const char* engine_key(Reading r) {
  switch (r) {
    case Reading::sqlite: return model::kEngineSqlite;
    case Reading::postgres: return model::kEnginePostgres;
    case Reading::mysql: return model::kEngineMysql;
  }
  return "";
}

bool word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

// Offsets count characters, not bytes: a UTF-8 continuation byte does not start one.
std::size_t character_at(std::string_view s, std::size_t offset) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < offset && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n + 1;
}

class Scanner {
 public:
  Scanner(std::string_view s, Reading r) : s_(s), r_(r) {}

  std::optional<FragmentProblem> run() {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < s_.size();) {
      char c = s_[i];
      if (c == '\0') return problem("a NUL byte", i);
      if (auto end = quoted_end(i)) {
        if (*end == std::string_view::npos) return problem(unterminated(i), i);
        i = *end;
        continue;
      }
      if (auto comment = comment_at(i)) return problem("a comment (" + *comment + ") would hide the rest of the statement", i);
      if (c == ';') return problem("';' would end bcdb's statement and start another", i);
      if (c == '(') open.push_back(i);
      if (c == ')') {
        if (open.empty()) return problem("')' closes no '('", i);
        open.pop_back();
      }
      ++i;
    }
    if (!open.empty()) return problem("'(' opens and is never closed", open.back());
    return std::nullopt;
  }

 private:
  FragmentProblem problem(const std::string& what, std::size_t offset) const {
    return {"at character " + std::to_string(character_at(s_, offset)) + ", " + what, offset};
  }

  std::string unterminated(std::size_t i) const {
    char c = s_[i];
    if (c == '$') return "a dollar-quoted string opens and is never closed";
    if (c == '[' || c == '`' || (c == '"' && r_ != Reading::mysql)) return "a quoted identifier opens and is never closed";
    return "a string literal opens and is never closed";
  }

  // PostgreSQL's E'...' strings take backslash escapes, as every MySQL string does.
  bool backslash_escapes(std::size_t quote) const {
    if (r_ == Reading::mysql) return true;
    if (r_ != Reading::postgres || quote == 0) return false;
    char e = s_[quote - 1];
    return (e == 'E' || e == 'e') && (quote == 1 || !word_char(s_[quote - 2]));
  }

  // Where the quoted token starting at `i` ends (npos when never closed), or nullopt when no
  // quoted token starts there.
  std::optional<std::size_t> quoted_end(std::size_t i) const {
    char c = s_[i];
    if (c == '\'') return dialect::skip_quoted(s_, i, '\'', backslash_escapes(i));
    if (c == '"') return dialect::skip_quoted(s_, i, '"', r_ == Reading::mysql);
    if (c == '`' && r_ != Reading::postgres) return dialect::skip_quoted(s_, i, '`', false);
    if (c == '[' && r_ == Reading::sqlite) {
      auto close = s_.find(']', i + 1);
      return close == std::string_view::npos ? close : close + 1;
    }
    if (c == '$' && r_ == Reading::postgres) return dollar_quoted_end(i);
    return std::nullopt;
  }

  // $$...$$ or $tag$...$tag$; "$1" (a parameter) and "a$b" (an identifier) quote nothing.
  std::optional<std::size_t> dollar_quoted_end(std::size_t i) const {
    if (i > 0 && word_char(s_[i - 1])) return std::nullopt;
    std::size_t j = i + 1;
    if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) return std::nullopt;
    while (j < s_.size() && word_char(s_[j]) && s_[j] != '$') ++j;
    if (j >= s_.size() || s_[j] != '$') return std::nullopt;
    std::string_view tag = s_.substr(i, j - i + 1);
    auto close = s_.find(tag, j + 1);
    return close == std::string_view::npos ? close : close + tag.size();
  }

  std::optional<std::string> comment_at(std::size_t i) const {
    auto next = i + 1 < s_.size() ? s_[i + 1] : '\0';
    if (s_[i] == '/' && next == '*') return "'/*'";
    if (s_[i] == '-' && next == '-') {
      // MySQL starts a comment only at "-- " (or "--" at the end); "--1" is minus minus one.
      if (r_ != Reading::mysql || i + 2 >= s_.size() || std::isspace(static_cast<unsigned char>(s_[i + 2])))
        return "'--'";
    }
    if (s_[i] == '#' && r_ == Reading::mysql) return "'#'";
    return std::nullopt;
  }

  std::string_view s_;
  Reading r_;
};

}  // namespace

FragmentProblems check_sql_fragment(std::string_view text) {
  FragmentProblems out;
  for (Reading r : kReadings)
    if (auto p = Scanner(text, r).run()) out.by_engine.emplace_back(engine_key(r), std::move(*p));
  return out;
}

std::string FragmentProblems::engines() const {
  std::string out;
  for (std::size_t i = 0; i < by_engine.size(); ++i) {
    if (i) out += i + 1 == by_engine.size() ? " and " : ", ";
    for (Reading r : kReadings)
      if (engine_key(r) == by_engine[i].first) out += engine_name(r);
  }
  return out;
}

std::optional<std::string> check_sql_word(std::string_view text) {
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return "must be one word of letters, digits and '_'";
  if (text.empty()) return "must not be empty";
  return std::nullopt;
}

}  // namespace bcdb::manifest
