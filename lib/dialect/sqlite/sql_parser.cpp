// Recursive-descent reader for the CREATE TABLE and CREATE INDEX statements SQLite keeps in
// sqlite_schema. It follows SQLite's grammar (parse.y) closely enough to pull out what the
// pragmas do not report; expressions are not parsed, only delimited, and returned as written.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/sqlite/sql_keywords.h"
#include "dialect/sqlite/sql_parser.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

bool is_word(const Token& t, std::string_view word) {
  return t.kind == Token::Kind::identifier && str::iequals(t.text, word);
}

bool is_op(const Token& t, std::string_view op) { return t.kind == Token::Kind::op && t.text == op; }

std::size_t end_of(const Token& t) { return t.offset + t.text.size(); }

bool is_name_token(const Token& t) {
  return t.kind == Token::Kind::identifier || t.kind == Token::Kind::quoted_identifier ||
         t.kind == Token::Kind::string;
}

std::string describe(const Token& t) { return t.kind == Token::Kind::end ? "end of input" : "'" + t.text + "'"; }

// Words that start a table constraint; none of them can be a bare column name.
constexpr std::array<std::string_view, 5> kTableConstraintStarts = {"check", "constraint", "foreign", "primary",
                                                                    "unique"};

template <std::size_t N>
bool is_any_word(const Token& t, const std::array<std::string_view, N>& words) {
  for (auto w : words)
    if (is_word(t, w)) return true;
  return false;
}

class Parser {
 public:
  explicit Parser(std::string_view sql) : sql_(sql), tokens_(tokenize(sql)) {}

  ParsedTable create_table() {
    expect_word("create", "CREATE TABLE");
    if (!accept_word("temp")) accept_word("temporary");
    expect_word("table", "TABLE after CREATE");
    if_not_exists();
    ParsedTable table;
    table.name = qualified_name("a table name");
    if (at_word("as"))
      throw ParseError("CREATE TABLE ... AS SELECT is not supported: expected '(' and column definitions at offset " +
                           std::to_string(peek().offset),
                       peek().offset);
    expect_op("(", "'(' after the table name");
    table_elements(table);
    expect_op(")", "',' or ')' after a column or table constraint");
    table_options(table);
    finish();
    return table;
  }

  ParsedIndex create_index() {
    expect_word("create", "CREATE INDEX");
    ParsedIndex index;
    index.unique = accept_word("unique");
    expect_word("index", index.unique ? "INDEX after CREATE UNIQUE" : "INDEX or UNIQUE INDEX after CREATE");
    if_not_exists();
    index.name = qualified_name("an index name");
    expect_word("on", "ON after the index name");
    index.table = name("a table name");
    expect_op("(", "'(' after the table name");
    do index.parts.push_back(index_term());
    while (accept_op(","));
    expect_op(")", "',' or ')' after an index term");
    if (accept_word("where")) index.where = rest_of_statement("an expression after WHERE");
    finish();
    return index;
  }

 private:
  std::string_view sql_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;

  // --- token cursor -------------------------------------------------------------------------

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];  // the last token is the end marker
  }
  const Token& advance() {
    const Token& t = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool at_end() const { return peek().kind == Token::Kind::end; }
  bool at_word(std::string_view w, std::size_t ahead = 0) const { return is_word(peek(ahead), w); }
  bool at_op(std::string_view op) const { return is_op(peek(), op); }
  bool accept_word(std::string_view w) { return at_word(w) && (advance(), true); }
  bool accept_op(std::string_view op) { return at_op(op) && (advance(), true); }

  [[noreturn]] void fail(const std::string& expected) const {
    throw ParseError("expected " + expected + " at offset " + std::to_string(peek().offset) + ", found " +
                         describe(peek()),
                     peek().offset);
  }
  void expect_word(std::string_view w, const std::string& expected) {
    if (!accept_word(w)) fail(expected);
  }
  void expect_op(std::string_view op, const std::string& expected) {
    if (!accept_op(op)) fail(expected);
  }

  // SQLite accepts a bare word, any quoted identifier or a 'string' wherever a name goes, but
  // only some keywords as bare words.
  std::string name(const std::string& what) {
    const Token& t = peek();
    if (!is_name_token(t) || (t.kind == Token::Kind::identifier && !can_be_bare_name(t.text))) fail(what);
    return unquote_identifier(advance().text);
  }
  std::string qualified_name(const std::string& what) {
    std::string n = name(what);
    return accept_op(".") ? name(what + " after the schema name") : n;
  }

  void if_not_exists() {
    if (!accept_word("if")) return;
    expect_word("not", "NOT after IF");
    expect_word("exists", "EXISTS after IF NOT");
  }

  void finish() {
    accept_op(";");
    if (!at_end()) fail("end of statement");
  }

  // Index of the ")" closing the "(" at the cursor.
  std::size_t matching_close(const std::string& what) const {
    int depth = 0;
    for (std::size_t i = pos_; i < tokens_.size(); ++i) {
      if (is_op(tokens_[i], "(")) ++depth;
      if (is_op(tokens_[i], ")") && --depth == 0) return i;
    }
    throw ParseError("expected ')' closing " + what + " at offset " + std::to_string(sql_.size()) +
                         ", found end of input",
                     sql_.size());
  }

  // Consumes "( ... )" and returns the text between the parentheses, trimmed.
  std::string paren_body(const std::string& what) {
    if (!at_op("(")) fail("'(' " + what);
    std::size_t close = matching_close(what);
    std::size_t from = end_of(peek());
    pos_ = close + 1;
    return str::trim(sql_.substr(from, tokens_[close].offset - from));
  }

  // Consumes "( ... )" and returns it as written, parentheses included.
  std::string paren_span(const std::string& what) {
    std::size_t from = peek().offset;
    std::size_t close = matching_close(what);
    pos_ = close + 1;
    return std::string(sql_.substr(from, end_of(tokens_[close]) - from));
  }

  std::string rest_of_statement(const std::string& what) {
    std::size_t first = pos_;
    while (!at_end() && !at_op(";")) advance();
    if (pos_ == first) fail(what);
    return std::string(sql_.substr(tokens_[first].offset, end_of(tokens_[pos_ - 1]) - tokens_[first].offset));
  }

  // --- CREATE TABLE ---------------------------------------------------------------------------

  void table_elements(ParsedTable& table) {
    // SQLite's grammar: all column definitions first, then table constraints, whose separating
    // commas are optional.
    do {
      if (is_any_word(peek(), kTableConstraintStarts)) break;
      column_def(table);
    } while (accept_op(","));
    if (table.columns.empty()) fail("a column definition");
    // Like SQLite's parser, a CONSTRAINT name stays in force until the next comma, so in
    // "CONSTRAINT c CHECK (a) CHECK (b)" both checks are named c (SQLite reports c for either).
    std::string constraint_name;
    while (!at_op(")") && !at_end()) {
      if (accept_word("constraint")) {
        constraint_name = name("a constraint name after CONSTRAINT");
      } else {
        table_constraint(table, constraint_name);
      }
      if (accept_op(",")) {
        constraint_name.clear();
        if (at_op(")")) fail("a table constraint after ','");
      }
    }
  }

  void column_def(ParsedTable& table) {
    ParsedColumn column;
    column.name = name("a column name or table constraint");
    column.declared_type = type_name();
    table.columns.push_back(std::move(column));
    column_constraints(table, table.columns.size() - 1);
  }

  // "UNSIGNED  BIG INT" -> "UNSIGNED BIG INT", "DECIMAL ( 12 , 2 )" -> "DECIMAL(12,2)".
  std::string type_name() {
    std::vector<std::string> words;
    while (is_type_word()) words.push_back(advance().text);
    std::string type = str::join(words, " ");
    if (type.empty() || !accept_op("(")) return type;
    type += '(';
    for (bool first = true; !accept_op(")"); first = false) {
      if (!first) {
        expect_op(",", "',' or ')' in the type's size");
        type += ',';
      }
      if (at_op("+") || at_op("-")) type += advance().text;
      if (peek().kind != Token::Kind::number) fail("a number in the type's size");
      type += advance().text;
    }
    return type + ')';
  }

  // The keywords that start a column constraint cannot be type words, except GENERATED, which
  // SQLite reads as a type word unless GENERATED ALWAYS follows.
  bool is_type_word() const {
    const Token& t = peek();
    if (t.kind != Token::Kind::identifier) return is_name_token(t);
    return can_be_type_word(t.text) && !(is_word(t, "generated") && at_word("always", 1));
  }

  // As in SQLite, a CONSTRAINT name applies to every later constraint of the same column:
  // "a CONSTRAINT x NOT NULL CHECK (a > 0)" names the check x.
  void column_constraints(ParsedTable& table, std::size_t index) {
    std::string constraint_name;
    while (!at_op(",") && !at_op(")") && !at_end()) {
      if (accept_word("constraint")) {
        constraint_name = name("a constraint name after CONSTRAINT");
      } else {
        column_constraint(table, index, constraint_name);
      }
    }
  }

  void column_constraint(ParsedTable& table, std::size_t index, const std::string& constraint_name) {
    ParsedColumn& column = table.columns[index];
    std::size_t at = peek().offset;
    if (accept_word("primary")) {
      expect_word("key", "KEY after PRIMARY");
      if (!accept_word("asc")) accept_word("desc");
      conflict_clause();
      column.autoincrement = accept_word("autoincrement");
      column.primary_key = true;
      set_primary_key(table, constraint_name, {column.name}, at);
    } else if (accept_word("not")) {
      if (accept_word("null")) {
        column.not_null = true;
        conflict_clause();
      } else if (at_word("deferrable")) {
        defer_last_foreign_key(table, true);
      } else {
        fail("NULL or DEFERRABLE after NOT");
      }
    } else if (accept_word("null")) {
      conflict_clause();
    } else if (accept_word("unique")) {
      conflict_clause();
      table.uniques.push_back({constraint_name, {column.name}});
    } else if (accept_word("check")) {
      table.checks.push_back({constraint_name, paren_body("after CHECK")});
    } else if (accept_word("default")) {
      column.default_expr = default_value();
    } else if (accept_word("collate")) {
      column.collation = name("a collation name after COLLATE");
    } else if (accept_word("references")) {
      ParsedForeignKey fk = references_clause();
      fk.name = constraint_name;
      fk.columns = {column.name};
      table.foreign_keys.push_back(std::move(fk));
    } else if (at_word("deferrable")) {
      defer_last_foreign_key(table, false);
    } else if (accept_word("generated")) {
      expect_word("always", "ALWAYS after GENERATED");
      expect_word("as", "AS after GENERATED ALWAYS");
      generated(column);
    } else if (accept_word("as")) {
      generated(column);
    } else {
      fail("a column constraint (PRIMARY KEY, NOT NULL, NULL, UNIQUE, CHECK, DEFAULT, COLLATE, REFERENCES, "
           "GENERATED or AS) or ',' or ')'");
    }
  }

  void set_primary_key(ParsedTable& table, const std::string& constraint_name, std::vector<std::string> columns,
                       std::size_t at) {
    if (!table.primary_key.empty())
      throw ParseError("table \"" + table.name + "\" has more than one primary key (at offset " +
                           std::to_string(at) + ")",
                       at);
    table.primary_key_name = constraint_name;
    table.primary_key = std::move(columns);
  }

  // SQLite applies a column-level [NOT] DEFERRABLE to the table's most recent foreign key.
  void defer_last_foreign_key(ParsedTable& table, bool negated) {
    ParsedForeignKey ignored;
    defer_clause(table.foreign_keys.empty() ? ignored : table.foreign_keys.back(), negated);
  }

  // At DEFERRABLE (NOT already consumed when negated).
  void defer_clause(ParsedForeignKey& fk, bool negated) {
    expect_word("deferrable", "DEFERRABLE");
    bool deferred = false;
    if (accept_word("initially")) {
      deferred = accept_word("deferred");
      if (!deferred) expect_word("immediate", "DEFERRED or IMMEDIATE after INITIALLY");
    }
    fk.deferrable = !negated;
    fk.initially_deferred = !negated && deferred;
  }

  void conflict_clause() {
    if (!at_word("on") || !at_word("conflict", 1)) return;
    advance();
    advance();
    for (auto w : {"rollback", "abort", "fail", "ignore", "replace"})
      if (accept_word(w)) return;
    fail("ROLLBACK, ABORT, FAIL, IGNORE or REPLACE after ON CONFLICT");
  }

  std::string default_value() {
    if (at_op("(")) return paren_span("the DEFAULT expression");
    std::size_t from = peek().offset;
    bool signed_value = at_op("+") || at_op("-");
    if (signed_value) advance();
    const Token& value = peek();
    bool literal = value.kind == Token::Kind::number || value.kind == Token::Kind::string ||
                   value.kind == Token::Kind::blob;
    // Bare words cover NULL, TRUE, FALSE, CURRENT_TIMESTAMP and friends, and plain identifiers,
    // which SQLite takes as string values, as it does "quoted" ones.
    bool word = (value.kind == Token::Kind::identifier && (can_be_bare_name(value.text) || is_word(value, "null"))) ||
                (!signed_value && value.kind == Token::Kind::quoted_identifier);
    if (!literal && !word) fail(signed_value ? "a number after the sign" : "a default value");
    advance();
    return std::string(sql_.substr(from, end_of(value) - from));
  }

  void generated(ParsedColumn& column) {
    column.generated_expr = paren_body("after AS");
    if (accept_word("stored")) {
      column.generated_stored = true;
    } else {
      accept_word("virtual");
    }
  }

  ParsedForeignKey references_clause() {
    ParsedForeignKey fk;
    fk.ref_table = name("a table name after REFERENCES");
    if (at_op("(")) fk.ref_columns = column_list("a referenced column name");
    while (true) {
      if (accept_word("match")) {
        name("a match type after MATCH");
      } else if (accept_word("on")) {
        if (accept_word("delete")) {
          fk.on_delete = fk_action();
        } else if (accept_word("update")) {
          fk.on_update = fk_action();
        } else if (accept_word("insert")) {
          fk_action();  // accepted by SQLite and ignored
        } else {
          fail("DELETE or UPDATE after ON");
        }
      } else {
        return fk;
      }
    }
  }

  std::string fk_action() {
    if (accept_word("cascade")) return "cascade";
    if (accept_word("restrict")) return "restrict";
    if (accept_word("set")) {
      if (accept_word("null")) return "set null";
      expect_word("default", "NULL or DEFAULT after SET");
      return "set default";
    }
    if (accept_word("no")) {
      expect_word("action", "ACTION after NO");
      return "no action";
    }
    fail("CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION");
  }

  // "(a, b COLLATE nocase DESC)": the names; collations and sort orders are not kept.
  std::vector<std::string> column_list(const std::string& what) {
    expect_op("(", "'('");
    std::vector<std::string> names;
    do {
      names.push_back(name(what));
      if (accept_word("collate")) name("a collation name after COLLATE");
      if (!accept_word("asc")) accept_word("desc");
    } while (accept_op(","));
    if (!at_op(")")) fail("',' or ')' after a column name (expressions are not allowed here)");
    advance();
    return names;
  }

  void table_constraint(ParsedTable& table, const std::string& constraint_name) {
    std::size_t at = peek().offset;
    if (accept_word("primary")) {
      expect_word("key", "KEY after PRIMARY");
      primary_key_columns(table, constraint_name, at);
      conflict_clause();
    } else if (accept_word("unique")) {
      table.uniques.push_back({constraint_name, column_list("a column name")});
      conflict_clause();
    } else if (accept_word("check")) {
      table.checks.push_back({constraint_name, paren_body("after CHECK")});
      conflict_clause();
    } else if (accept_word("foreign")) {
      expect_word("key", "KEY after FOREIGN");
      std::vector<std::string> columns = column_list("a column name");
      expect_word("references", "REFERENCES after FOREIGN KEY (...)");
      ParsedForeignKey fk = references_clause();
      fk.name = constraint_name;
      fk.columns = std::move(columns);
      if (at_word("deferrable")) defer_clause(fk, false);
      if (at_word("not") && at_word("deferrable", 1)) {
        advance();
        defer_clause(fk, true);
      }
      table.foreign_keys.push_back(std::move(fk));
    } else {
      fail("a table constraint (CONSTRAINT, PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY)");
    }
  }

  // Table-level PRIMARY KEY (cols [AUTOINCREMENT]); AUTOINCREMENT sits inside the parentheses.
  void primary_key_columns(ParsedTable& table, const std::string& constraint_name, std::size_t at) {
    expect_op("(", "'(' after PRIMARY KEY");
    std::vector<std::string> names;
    bool autoincrement = false;
    do {
      names.push_back(name("a column name"));
      if (accept_word("collate")) name("a collation name after COLLATE");
      if (!accept_word("asc")) accept_word("desc");
    } while (accept_op(","));
    autoincrement = accept_word("autoincrement");
    expect_op(")", "',' or ')' after a column name (expressions are not allowed in PRIMARY KEY)");
    if (autoincrement)
      for (auto& column : table.columns)
        if (str::iequals(column.name, names.front())) column.autoincrement = true;
    set_primary_key(table, constraint_name, std::move(names), at);
  }

  void table_options(ParsedTable& table) {
    if (at_end() || at_op(";")) return;
    do {
      if (accept_word("without")) {
        // SQLite compares the bare word itself, so WITHOUT "rowid" is not accepted either.
        if (!at_word("rowid")) fail("ROWID after WITHOUT");
        advance();
        table.without_rowid = true;
      } else if (accept_word("strict")) {
        table.strict = true;
      } else {
        fail("WITHOUT ROWID, STRICT or end of statement");
      }
    } while (accept_op(","));
  }

  // --- CREATE INDEX ---------------------------------------------------------------------------

  ParsedIndexPart index_term() {
    std::size_t begin = pos_;
    for (int depth = 0; depth > 0 || (!at_op(",") && !at_op(")")); advance()) {
      if (at_end()) fail("',' or ')' after an index term");
      if (at_op("(")) ++depth;
      if (at_op(")")) --depth;
    }
    if (pos_ == begin) fail("an index term");
    std::size_t end = pos_;
    ParsedIndexPart part;
    if (end - begin >= 2 && (is_word(tokens_[end - 1], "asc") || is_word(tokens_[end - 1], "desc"))) {
      part.desc = is_word(tokens_[end - 1], "desc");
      --end;
    }
    // Parentheses make no node in SQLite's expression tree, so "(a)" and "(a COLLATE x)" are
    // column terms too. With several COLLATEs the outermost (last written) one wins, as in SQLite.
    while (true) {
      if (trailing_collate(begin, end) && collatable(begin, end - 2)) {
        if (!part.collation) part.collation = unquote_identifier(tokens_[end - 1].text);
        end -= 2;
      } else if (end - begin >= 3 && is_op(tokens_[begin], "(") && closes(begin, end - 1)) {
        ++begin;
        --end;
      } else {
        break;
      }
    }
    const Token& first = tokens_[begin];
    bool reserved = first.kind == Token::Kind::identifier && !can_be_bare_name(first.text);
    if (end - begin == 1 && is_name_token(first) && !reserved && !is_constant_word(first)) {
      part.column = unquote_identifier(first.text);  // SQLite also reads a 'string' term as a column
    } else {
      part.expr = std::string(sql_.substr(first.offset, end_of(tokens_[end - 1]) - first.offset));
    }
    return part;
  }

  bool trailing_collate(std::size_t begin, std::size_t end) const {
    return end - begin >= 3 && is_word(tokens_[end - 2], "collate") && is_name_token(tokens_[end - 1]);
  }

  // COLLATE binds tighter than any binary operator: in "a + b COLLATE x" it applies to b alone,
  // so only a COLLATE after a primary (optionally signed, or itself collated) is the term's.
  bool collatable(std::size_t begin, std::size_t end) const {
    if (trailing_collate(begin, end)) return collatable(begin, end - 2);
    while (begin < end && (is_op(tokens_[begin], "-") || is_op(tokens_[begin], "+") || is_op(tokens_[begin], "~")))
      ++begin;
    if (end - begin == 1) return tokens_[begin].kind != Token::Kind::op;
    if (end - begin >= 2 && is_op(tokens_[begin], "(")) return closes(begin, end - 1);
    return end - begin >= 3 && is_name_token(tokens_[begin]) && is_op(tokens_[begin + 1], "(") &&
           closes(begin + 1, end - 1);
  }

  // Whether the ")" at `close` matches the "(" at `open`.
  bool closes(std::size_t open, std::size_t close) const {
    int depth = 0;
    for (std::size_t i = open; i <= close; ++i) {
      if (is_op(tokens_[i], "(")) ++depth;
      if (is_op(tokens_[i], ")") && --depth == 0) return i == close;
    }
    return false;
  }

  // Fallback keywords that are still constants, not column names, in an expression.
  static bool is_constant_word(const Token& t) {
    return is_word(t, "current_date") || is_word(t, "current_time") || is_word(t, "current_timestamp");
  }
};

}  // namespace

ParsedTable parse_create_table(std::string_view sql) { return Parser(sql).create_table(); }

ParsedIndex parse_create_index(std::string_view sql) { return Parser(sql).create_index(); }

}  // namespace bcdb::dialect::sqlite
