#include "model/expression_names.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "model/sql_words.h"
#include "support/strings.h"

namespace bcdb::model {
namespace {


// Words of the three engines' expression grammar that are not columns.
constexpr std::string_view kKeywords[] = {
    "all", "and", "any", "array", "as", "asc", "at", "between", "binary", "both", "by", "case", "cast",
    "collate", "current", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
    "date", "day", "default", "desc", "distinct", "div", "else", "end", "escape", "exists", "false", "filter",
    "first", "following", "for", "from", "glob", "group", "hour", "ilike", "in", "interval", "is", "isnull",
    "last", "leading", "like", "localtime", "localtimestamp", "match", "minute", "mod", "month", "not",
    "notnull", "null", "nulls", "or", "order", "over", "partition", "preceding", "range", "regexp", "rlike",
    "row", "rows", "second", "session_user", "signed", "similar", "some", "then", "time", "timestamp", "to",
    "trailing", "true", "unbounded", "unknown", "unsigned", "user", "when", "with", "within", "without", "xor",
    "year", "zone",
};

// Words that go on a type of several: double precision, character varying, timestamp with time zone.
bool type_continues(std::string_view word) {
  for (std::string_view w : {"precision", "varying", "with", "without", "time", "zone", "unsigned", "signed", "zerofill"})
    if (str::iequals(word, w)) return true;
  return false;
}

bool keyword(std::string_view word) {
  std::string lower = str::lower(word);
  return std::find(std::begin(kKeywords), std::end(kKeywords), lower) != std::end(kKeywords);
}

class Scanner {
 public:
  explicit Scanner(std::string_view expr) : s_(expr) {}

  std::vector<std::string> run() {
    while (skip_space(), i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\'') {
        skip_string();
        last_ = Last::other;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (i_ < s_.size() && (word_char(s_[i_]) || s_[i_] == '.')) ++i_;  // 12, 1.5e3, 0x1F
        last_ = Last::other;
      } else if (c == '"' || c == '`' || word_start(c)) {
        word(c == '"' || c == '`');
      } else if (c == ':' && i_ + 1 < s_.size() && s_[i_ + 1] == ':') {
        i_ += 2;
        last_ = Last::type_follows;
      } else {
        // A type's arguments, numeric(12, 2), keep the type going.
        if (c == '(' && last_ == Last::type_name) {
          skip_group();
          continue;
        }
        last_ = c == '.' ? Last::dot : Last::other;
        ++i_;
      }
    }
    return out_;
  }

 private:
  enum class Last { other, dot, type_follows, type_name, collate };

  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  char next() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  void skip_string() {
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == '\\') {
        ++i_;
      } else if (s_[i_] == '\'') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
          ++i_;
        } else {
          ++i_;
          return;
        }
      }
    }
  }
  void skip_group() {
    int depth = 0;
    for (; i_ < s_.size(); ++i_) {
      if (s_[i_] == '(') ++depth;
      if (s_[i_] == ')' && --depth == 0) {
        ++i_;
        return;
      }
    }
  }

  void word(bool quoted) {
    std::string name;
    if (quoted) {
      const char q = s_[i_];
      for (++i_; i_ < s_.size(); ++i_) {
        if (s_[i_] == q) {
          if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {
            name += q;
            ++i_;
            continue;
          }
          ++i_;
          break;
        }
        name += s_[i_];
      }
    } else {
      std::size_t start = i_;
      while (i_ < s_.size() && word_char(s_[i_])) ++i_;
      name = std::string(s_.substr(start, i_ - start));
    }
    const Last before = last_;
    const char after = next();
    const bool type_position = before == Last::type_follows || (before == Last::type_name && !quoted && type_continues(name));
    if (!quoted && str::iequals(name, "as")) {
      last_ = Last::type_follows;
      return;
    }
    if (!quoted && str::iequals(name, "collate")) {
      last_ = Last::collate;
      return;
    }
    last_ = type_position ? Last::type_name : Last::other;
    if (type_position || before == Last::collate || before == Last::dot) return;
    if (after == '(' || after == '.' || after == '\'') return;  // a function, a qualifier, a typed literal
    if (!quoted && keyword(name)) return;
    if (std::find(out_.begin(), out_.end(), name) == out_.end()) out_.push_back(name);
  }

  std::string_view s_;
  std::size_t i_ = 0;
  Last last_ = Last::other;
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> names_read(std::string_view expr) { return Scanner(expr).run(); }

}  // namespace bcdb::model
