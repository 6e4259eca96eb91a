// Tokenizer for SQLite SQL, following the rules of SQLite's own tokenize.c so that any text
// SQLite accepted (and stored in sqlite_schema) splits the way SQLite split it.
#include <string>
#include <string_view>
#include <vector>

#include "dialect/sqlite/sql_parser.h"

namespace bcdb::dialect::sqlite {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// SQLite treats every byte >= 0x80 as part of an identifier, so UTF-8 names need no decoding.
bool is_id_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

bool is_id_char(char c) { return is_id_start(c) || is_digit(c) || c == '$'; }

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // SQLite's set: space, \t \n \v \f \r

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (skip_space_and_comments()) tokens.push_back(next_token());
    tokens.push_back(Token{Token::Kind::end, "", sql_.size()});
    return tokens;
  }

 private:
  std::string_view sql_;
  std::size_t pos_ = 0;

  char at(std::size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  // Returns false at the end of the input.
  bool skip_space_and_comments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (is_space(c)) {
        ++pos_;
      } else if (c == '-' && at(pos_ + 1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && at(pos_ + 1) == '*') {
        // SQLite itself lets an unterminated block comment run to the end of the input; we
        // reject it because stored schema SQL never ends that way and it usually means a typo.
        auto close = sql_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) throw ParseError("unterminated /* comment", pos_);
        pos_ = close + 2;
      } else {
        return true;
      }
    }
    return false;
  }

  Token make(Token::Kind kind, std::size_t start) {
    return Token{kind, std::string(sql_.substr(start, pos_ - start)), start};
  }

  Token next_token() {
    std::size_t start = pos_;
    char c = sql_[pos_];
    if (c == '\'') return quoted(Token::Kind::string, '\'', "string literal");
    if (c == '"') return quoted(Token::Kind::quoted_identifier, '"', "quoted identifier");
    if (c == '`') return quoted(Token::Kind::quoted_identifier, '`', "quoted identifier");
    if (c == '[') return bracketed();
    if ((c == 'x' || c == 'X') && at(pos_ + 1) == '\'') return blob();
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) return number();
    if (is_id_start(c)) {
      while (pos_ < sql_.size() && is_id_char(sql_[pos_])) ++pos_;
      return make(Token::Kind::identifier, start);
    }
    if (c == '?' || c == ':' || c == '@' || c == '$') return variable();
    return op(start);
  }

  // Quoted forms escape their quote character by doubling it.
  Token quoted(Token::Kind kind, char quote, const char* what) {
    std::size_t start = pos_++;
    while (true) {
      if (pos_ >= sql_.size()) throw ParseError(std::string("unterminated ") + what, start);
      if (sql_[pos_] == quote) {
        if (at(pos_ + 1) != quote) break;
        ++pos_;
      }
      ++pos_;
    }
    ++pos_;
    return make(kind, start);
  }

  Token bracketed() {
    std::size_t start = pos_;
    auto close = sql_.find(']', pos_);
    if (close == std::string_view::npos) throw ParseError("unterminated [identifier]", start);
    pos_ = close + 1;
    return make(Token::Kind::quoted_identifier, start);
  }

  Token blob() {
    std::size_t start = pos_;
    pos_ += 2;
    while (pos_ < sql_.size() && is_hex_digit(sql_[pos_])) ++pos_;
    if (pos_ >= sql_.size()) throw ParseError("unterminated blob literal", start);
    if (sql_[pos_] != '\'' || (pos_ - start - 2) % 2 != 0)
      throw ParseError("malformed blob literal: expected an even number of hex digits", start);
    ++pos_;
    return make(Token::Kind::blob, start);
  }

  Token number() {
    std::size_t start = pos_;
    if (sql_[pos_] == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'X') && is_hex_digit(at(pos_ + 2))) {
      pos_ += 2;
      while (is_hex_digit(at(pos_))) ++pos_;
    } else {
      while (is_digit(at(pos_))) ++pos_;
      if (at(pos_) == '.') {
        ++pos_;
        while (is_digit(at(pos_))) ++pos_;
      }
      bool has_exponent = (at(pos_) == 'e' || at(pos_) == 'E') &&
                          (is_digit(at(pos_ + 1)) ||
                           ((at(pos_ + 1) == '+' || at(pos_ + 1) == '-') && is_digit(at(pos_ + 2))));
      if (has_exponent) {
        pos_ += 2;
        while (is_digit(at(pos_))) ++pos_;
      }
    }
    // Like SQLite: "12abc" or "1e" is one malformed token, not a number followed by a name.
    if (is_id_char(at(pos_))) throw ParseError("malformed number", start);
    return make(Token::Kind::number, start);
  }

  Token variable() {
    std::size_t start = pos_++;
    if (sql_[start] == '?') {
      while (is_digit(at(pos_))) ++pos_;
      return make(Token::Kind::variable, start);
    }
    while (pos_ < sql_.size() && is_id_char(sql_[pos_])) ++pos_;
    if (pos_ == start + 1) throw ParseError("expected a parameter name", start);
    return make(Token::Kind::variable, start);
  }

  Token op(std::size_t start) {
    // Longest match first, so "->>" wins over "->" and "<>" over "<".
    static constexpr std::string_view kOps[] = {"->>", "->", "||", "<<", ">>", "<=", ">=", "==", "!=", "<>",
                                                "(",   ")",  ";",  "+",  "-",  "*",  "/",  "%",  "=",  "<",
                                                ">",   ",",  "&",  "|",  "~",  "."};
    for (auto candidate : kOps) {
      if (sql_.substr(pos_, candidate.size()) == candidate) {
        pos_ += candidate.size();
        return make(Token::Kind::op, start);
      }
    }
    throw ParseError(std::string("unexpected character '") + sql_[pos_] + "'", start);
  }
};

}  // namespace

std::vector<Token> tokenize(std::string_view sql) { return Lexer(sql).run(); }

std::string unquote_identifier(std::string_view token) {
  if (token.size() < 2) return std::string(token);
  char open = token.front();
  char close = open == '[' ? ']' : open;
  // SQLite accepts 'string' wherever a name is expected, so single quotes unquote too.
  if ((open != '"' && open != '`' && open != '[' && open != '\'') || token.back() != close)
    return std::string(token);
  std::string_view body = token.substr(1, token.size() - 2);
  if (open == '[') return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == close && i + 1 < body.size() && body[i + 1] == close) ++i;
  }
  return out;
}

}  // namespace bcdb::dialect::sqlite
