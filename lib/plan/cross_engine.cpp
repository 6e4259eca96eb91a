#include "plan/cross_engine.h"

#include <cctype>
#include <set>
#include <vector>

#include "dialect/sql_text.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::plan {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

std::string standard_string(std::string_view value) { return "'" + str::replace_all(std::string(value), "'", "''") + "'"; }

// The value of a backslash-escaped string body (MySQL's '...' and "...", PostgreSQL's E'...').
std::string unescape(std::string_view body, char quote) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char n = body[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'Z': out += '\x1A'; break;
        default: out += n;  // \' \" \\ and any other character stand for themselves
      }
    } else if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      out += quote;
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// Words that continue a PostgreSQL type name after its first word: "character varying",
// "double precision", "timestamp with time zone".
const std::set<std::string> kTypeWords = {"varying", "precision", "with", "without", "time", "zone"};

class Rewriter {
 public:
  Rewriter(std::string_view s, std::string_view from) : s_(s), from_(from) {}

  std::string run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\'' || (c == '"' && from_ == "mysql")) {
        quoted_string(c, from_ == "mysql");
      } else if ((c == 'E' || c == 'e') && from_ == "postgres" && at(i_ + 1) == '\'' && (i_ == 0 || !word_char(s_[i_ - 1]))) {
        ++i_;
        quoted_string('\'', true);
      } else if (c == '"' || (c == '`' && from_ == "mysql")) {
        quoted_identifier(c);
      } else if (c == ':' && at(i_ + 1) == ':' && from_ == "postgres") {
        skip_cast();
      } else if (c == '_' && from_ == "mysql" && introducer()) {
        // _utf8mb4'x': the string alone
      } else if (word_char(c) && (i_ == 0 || !word_char(s_[i_ - 1]))) {
        word();
      } else {
        out_ += c;
        ++i_;
      }
    }
    return out_;
  }

 private:
  char at(std::size_t k) const { return k < s_.size() ? s_[k] : '\0'; }

  // An unterminated quote is copied as it is: the target's normaliser says what is wrong.
  bool copied_unterminated(std::size_t end) {
    if (end != std::string_view::npos) return false;
    out_ += s_.substr(i_);
    i_ = s_.size();
    return true;
  }

  void quoted_string(char quote, bool backslashes) {
    std::size_t end = dialect::skip_quoted(s_, i_, quote, backslashes);
    if (copied_unterminated(end)) return;
    std::string_view body = s_.substr(i_ + 1, end - i_ - 2);
    out_ += standard_string(backslashes ? unescape(body, quote) : unescape_doubled(body, quote));
    i_ = end;
  }

  static std::string unescape_doubled(std::string_view body, char quote) {
    return str::replace_all(std::string(body), std::string(2, quote), std::string(1, quote));
  }

  void quoted_identifier(char quote) {
    std::size_t end = dialect::skip_quoted(s_, i_, quote, false);
    if (copied_unterminated(end)) return;
    std::string name = unescape_doubled(s_.substr(i_ + 1, end - i_ - 2), quote);
    out_ += "\"" + str::replace_all(name, "\"", "\"\"") + "\"";
    i_ = end;
  }

  // ::type, ::character varying(20), ::text[], ::"MyType": the value keeps its own type.
  void skip_cast() {
    i_ += 2;
    auto spaces = [&] {
      while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    };
    spaces();
    auto one_word = [&] {
      if (at(i_) == '"') {
        i_ = std::min(s_.size(), dialect::skip_quoted(s_, i_, '"', false));
        return std::string("\"");
      }
      std::size_t start = i_;
      while (i_ < s_.size() && (word_char(s_[i_]) || s_[i_] == '.')) ++i_;
      return str::lower(s_.substr(start, i_ - start));
    };
    one_word();
    for (;;) {
      std::size_t mark = i_;
      spaces();
      std::string next = one_word();
      if (next.empty() || !kTypeWords.count(next)) {
        i_ = mark;
        break;
      }
    }
    if (at(i_) == '(') {
      int depth = 0;
      do {
        if (s_[i_] == '(') ++depth;
        if (s_[i_] == ')') --depth;
        ++i_;
      } while (i_ < s_.size() && depth > 0);
    }
    while (at(i_) == '[' && at(i_ + 1) == ']') i_ += 2;
  }

  bool introducer() {
    std::size_t j = i_ + 1;
    while (j < s_.size() && word_char(s_[j])) ++j;
    if (at(j) != '\'') return false;
    i_ = j;
    return true;
  }

  // PostgreSQL prints `x IN ('a', 'b')` as `x = ANY (ARRAY['a', 'b'])` (and NOT IN as
  // `<> ALL (...)`): back to the list every engine reads.
  bool in_list(const std::string& w, std::size_t after) {
    std::string_view operation = w == "any" ? "= " : "<> ";
    std::string trimmed = out_;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    trimmed += ' ';
    if (from_ != "postgres" || (w != "any" && w != "all") || !trimmed.ends_with(operation)) return false;
    std::string_view rest = s_.substr(after);
    std::size_t open = 0;
    if (rest.rfind("(ARRAY[", 0) == 0) open = 7;
    else if (rest.rfind("(array[", 0) == 0) open = 7;
    else return false;
    // The matching ']' outside quotes, then ')'.
    std::size_t j = after + open;
    int depth = 1;
    while (j < s_.size() && depth > 0) {
      if (s_[j] == '\'') {
        j = dialect::skip_quoted(s_, j, '\'', false);
        if (j == std::string_view::npos) return false;
        continue;
      }
      if (s_[j] == '[') ++depth;
      if (s_[j] == ']') --depth;
      ++j;
    }
    if (depth != 0 || at(j) != ')') return false;
    std::string items = Rewriter(s_.substr(after + open, j - 1 - (after + open)), from_).run();
    trimmed.resize(trimmed.size() - operation.size());
    out_ = trimmed + (w == "any" ? " IN (" : " NOT IN (") + items + ")";
    i_ = j + 1;
    return true;
  }

  // now() and CURRENT_TIMESTAMP(6) are current_timestamp everywhere; other words as written.
  void word() {
    std::size_t start = i_;
    while (i_ < s_.size() && word_char(s_[i_])) ++i_;
    std::string w = str::lower(s_.substr(start, i_ - start));
    std::size_t after = i_;
    while (after < s_.size() && s_[after] == ' ') ++after;
    if (in_list(w, after)) return;
    if ((w == "now" || w == "current_timestamp" || w == "localtimestamp") && at(after) == '(') {
      auto close = s_.find(')', after);
      if (close != std::string_view::npos) {
        out_ += "current_timestamp";
        i_ = close + 1;
        return;
      }
    }
    out_ += s_.substr(start, i_ - start);
  }

  std::string_view s_;
  std::string_view from_;
  std::size_t i_ = 0;
  std::string out_;
};

}  // namespace

std::string carry_expression(std::string_view expr, std::string_view from) { return Rewriter(expr, from).run(); }

void carry_over(model::Schema& schema, std::string_view from, std::string_view to) {
  std::vector<std::string> cannot;
  auto carry = [&](std::string& expr) { expr = carry_expression(expr, from); };
  for (auto& t : schema.tables) {
    for (auto& c : t.columns) {
      if (auto native = c.native.find(std::string(from)); native != c.native.end() && !c.native.count(std::string(to)))
        cannot.push_back("table " + t.qualified_name() + ": column " + c.name + ": " + std::string(from) + " type " +
                         native->second + " has no " + std::string(to) + " counterpart");
      if (c.default_expr) carry(*c.default_expr);
      // MySQL and SQLite keep booleans as 0 and 1; PostgreSQL's are true and false.
      if (c.default_expr && c.type.kind == model::TypeKind::boolean) {
        std::string d = str::lower(str::trim(*c.default_expr));
        if (d == "0" || d == "'0'" || d == "(0)") c.default_expr = "false";
        if (d == "1" || d == "'1'" || d == "(1)") c.default_expr = "true";
      }
      if (c.generated) carry(c.generated->expr);
    }
    for (auto& i : t.indexes) {
      if (!i.where.empty()) carry(i.where);
      for (auto& p : i.parts)
        if (!p.expr.empty()) carry(p.expr);
    }
    for (auto& k : t.checks) carry(k.expr);
  }
  if (!cannot.empty())
    throw UsageError("the desired side is a " + std::string(from) + " database; on " + std::string(to) +
                     " these cannot be carried over:\n  " + str::join(cannot, "\n  ") +
                     "\nWrite its schema as manifests with bcdb inspect --out DIR, adapt them, and plan from --manifests DIR.");
}

}  // namespace bcdb::plan
