// normalize_expr: a canonical spelling for SQLite expressions, so that a manifest's CHECK,
// DEFAULT or index predicate can be compared with the text SQLite stored. It works on tokens,
// not on a parse tree: every rewrite below is one SQLite itself treats as equivalent, which keeps
// the output valid SQL with the same meaning.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/sqlite/sql_keywords.h"
#include "dialect/sqlite/sql_parser.h"

namespace bcdb::dialect::sqlite {
namespace {

// Keywords SQLite's parser falls back to reading as plain identifiers, and which have no role
// inside an expression (they only occur in statement-level syntax). Written bare in an
// expression they can only be a column name, so `key` and "key" are the same thing and must
// normalise alike. Keywords with an expression role (CAST, END, LIKE, REPLACE, window and
// RAISE words, join words, ...) are deliberately absent: quoting those would change meaning.
constexpr std::array<std::string_view, 39> kIdentifierOnlyKeywords = {
    "action",   "after",     "always",  "analyze",  "attach",    "before",    "begin",    "cascade",
    "column",   "conflict",  "database", "deferred", "detach",    "do",        "each",     "exclusive",
    "explain",  "generated", "immediate", "initially", "instead", "key",       "no",       "of",
    "plan",     "pragma",    "query",   "reindex",  "release",   "rename",    "restrict", "savepoint",
    "temp",     "temporary", "trigger", "vacuum",   "view",      "virtual",   "without"};

// Keywords that are complete operands, so a following + or - is binary.
constexpr std::array<std::string_view, 5> kOperandKeywords = {"current_date", "current_time", "current_timestamp",
                                                              "end", "null"};

static_assert(std::is_sorted(kIdentifierOnlyKeywords.begin(), kIdentifierOnlyKeywords.end()));
static_assert(std::is_sorted(kOperandKeywords.begin(), kOperandKeywords.end()));

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

// TRUE and FALSE are not keywords but a bare `true` means the boolean while "true" names a
// column, so quoting them is meaningful.
bool needs_quotes(std::string_view lower_name) {
  if (lower_name.empty()) return true;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  auto alnum = [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); };
  if (!alpha(lower_name.front()) || !std::all_of(lower_name.begin(), lower_name.end(), alnum)) return true;
  return is_keyword(lower_name) || lower_name == "true" || lower_name == "false";
}

// ASCII only: SQLite folds identifier case for ASCII letters and nothing else.
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string render_name(std::string_view name) {
  std::string lower = ascii_lower(name);
  if (!needs_quotes(lower)) return lower;
  std::string out = "\"";
  for (char c : lower) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

bool is_op(const Token& t, std::string_view text) { return t.kind == Token::Kind::op && t.text == text; }

// Index of the ")" matching the "(" at `open`, or `end` when unbalanced.
std::size_t matching_paren(const std::vector<Token>& tokens, std::size_t open, std::size_t end) {
  int depth = 0;
  for (std::size_t i = open; i < end; ++i) {
    if (is_op(tokens[i], "(")) ++depth;
    if (is_op(tokens[i], ")") && --depth == 0) return i;
  }
  return end;
}

// "(1, 2)" is a row value and "(SELECT ...)" a subquery: their parentheses are not redundant.
bool parens_are_meaningful(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  if (begin < end && tokens[begin].kind == Token::Kind::identifier) {
    std::string first = ascii_lower(tokens[begin].text);
    if (first == "select" || first == "with" || first == "values") return true;
  }
  int depth = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (is_op(tokens[i], "(")) ++depth;
    if (is_op(tokens[i], ")")) --depth;
    if (depth == 0 && is_op(tokens[i], ",")) return true;
  }
  return false;
}

enum class Role { name, literal, operand_keyword, keyword, op, unary, open, close, comma, dot };

struct Piece {
  std::string text;
  Role role;
  bool call = false;  // an "(" that opens a function's argument list
};

bool ends_operand(Role r) {
  return r == Role::name || r == Role::literal || r == Role::operand_keyword || r == Role::close;
}

class Normalizer {
 public:
  explicit Normalizer(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::string run() {
    std::size_t begin = 0;
    std::size_t end = tokens_.size();
    while (end - begin > 2 && is_op(tokens_[begin], "(") && matching_paren(tokens_, begin, end) == end - 1 &&
           !parens_are_meaningful(tokens_, begin + 1, end - 1)) {
      ++begin;
      --end;
    }
    for (std::size_t i = begin; i < end; ++i) i = add(i, end);
    return join();
  }

 private:
  std::vector<Token> tokens_;
  std::vector<Piece> out_;

  const Piece* back(std::size_t from_end = 0) const {
    return out_.size() > from_end ? &out_[out_.size() - 1 - from_end] : nullptr;
  }

  bool next_is(std::size_t i, std::size_t end, std::string_view op) const {
    return i + 1 < end && is_op(tokens_[i + 1], op);
  }

  // Adds the pieces for token i; returns the index of the last token consumed.
  std::size_t add(std::size_t i, std::size_t end) {
    const Token& t = tokens_[i];
    switch (t.kind) {
      case Token::Kind::identifier: return add_word(i, end);
      case Token::Kind::quoted_identifier: out_.push_back({render_name(unquote_identifier(t.text)), Role::name}); break;
      case Token::Kind::string:
      case Token::Kind::variable: out_.push_back({t.text, Role::literal}); break;
      // Hex digits, exponent markers and the blob prefix are case-insensitive.
      case Token::Kind::blob:
      case Token::Kind::number: out_.push_back({ascii_lower(t.text), Role::literal}); break;
      case Token::Kind::op: add_op(t.text); break;
      case Token::Kind::end: break;
    }
    return i;
  }

  std::size_t add_word(std::size_t i, std::size_t end) {
    std::string word = ascii_lower(tokens_[i].text);
    if (!is_keyword(word)) {
      // Bare names with $ or non-ASCII bytes get the quotes their quoted spelling keeps.
      bool boolean = word == "true" || word == "false";
      out_.push_back({boolean ? word : render_name(word), Role::name});
      return i;
    }
    bool qualified = (back() && back()->role == Role::dot) || next_is(i, end, ".");
    bool frame_no = word == "no" && back() && back()->text == "exclude";  // EXCLUDE NO OTHERS
    if (qualified || (contains(kIdentifierOnlyKeywords, word) && !frame_no)) {
      out_.push_back({render_name(word), Role::name});
      return i;
    }
    // x ISNULL, x NOTNULL and x NOT NULL are parsed exactly like x IS [NOT] NULL.
    bool postfix_not_null = word == "not" && back() && ends_operand(back()->role) && i + 1 < end &&
                            tokens_[i + 1].kind == Token::Kind::identifier &&
                            ascii_lower(tokens_[i + 1].text) == "null" && !next_is(i + 1, end, ".");
    if (word == "isnull" || word == "notnull" || postfix_not_null) {
      out_.push_back({"is", Role::keyword});
      if (word != "isnull") out_.push_back({"not", Role::keyword});
      out_.push_back({"null", Role::operand_keyword});
      return postfix_not_null ? i + 1 : i;
    }
    out_.push_back({word, contains(kOperandKeywords, word) ? Role::operand_keyword : Role::keyword});
    return i;
  }

  void add_op(const std::string& text) {
    if (text == "(") {
      out_.push_back({text, Role::open, opens_call()});
    } else if (text == ")") {
      out_.push_back({text, Role::close});
    } else if (text == ",") {
      out_.push_back({text, Role::comma});
    } else if (text == ".") {
      out_.push_back({text, Role::dot});
    } else if (text == "==") {
      out_.push_back({"=", Role::op});
    } else if (text == "!=") {
      out_.push_back({"<>", Role::op});
    } else {
      bool sign = text == "-" || text == "+";
      bool unary = text == "~" || (sign && !(back() && ends_operand(back()->role)));
      out_.push_back({text, unary ? Role::unary : Role::op});
    }
  }

  // Whether an "(" about to be added follows a function name.
  bool opens_call() const {
    const Piece* prev = back();
    if (!prev) return false;
    if (prev->role == Role::name) return true;
    if (prev->role != Role::keyword) return false;
    if (prev->text == "cast" || prev->text == "raise") return true;
    // These keywords double as function names: like(x, y), replace(s, a, b). After an operand
    // (or NOT) they are the operator form instead.
    static constexpr std::array<std::string_view, 5> kCallable = {"glob", "like", "match", "regexp", "replace"};
    if (std::find(kCallable.begin(), kCallable.end(), prev->text) == kCallable.end()) return false;
    const Piece* before = back(1);
    return !before || (!ends_operand(before->role) && before->text != "not");
  }

  std::string join() const {
    std::string out;
    for (std::size_t i = 0; i < out_.size(); ++i) {
      if (i > 0 && space_between(out_[i - 1], out_[i])) out += ' ';
      out += out_[i].text;
    }
    return out;
  }

  static bool is_number(const Piece& p) {
    return p.role == Role::literal && ((p.text.front() >= '0' && p.text.front() <= '9') || p.text.front() == '.');
  }

  static bool space_between(const Piece& prev, const Piece& cur) {
    if (cur.role == Role::comma || cur.role == Role::close || prev.role == Role::open) return false;
    // A number stays apart from a dot: "1 ." would glue into the number "1.".
    if (prev.role == Role::dot || cur.role == Role::dot) return is_number(prev) || is_number(cur);
    if (cur.role == Role::open && cur.call) return false;
    // A sign sticks to its operand, but never to an operator: "- -1" must not become "--1"
    // (a comment) nor "- >" become "->".
    if (prev.role == Role::unary) {
      if (cur.role == Role::unary) return prev.text == "-" && cur.text == "-";
      return cur.role == Role::op;
    }
    return true;
  }
};

}  // namespace

std::string normalize_expr(std::string_view expr) {
  std::vector<Token> tokens = tokenize(expr);
  tokens.pop_back();  // the end marker
  return Normalizer(std::move(tokens)).run();
}

}  // namespace bcdb::dialect::sqlite
