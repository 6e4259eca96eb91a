#pragma once
// A reader for the SQL SQLite stores in sqlite_schema: CREATE TABLE and CREATE INDEX. The
// pragmas give columns and indexes but not CHECK constraints, constraint names, generated
// column expressions, collations, expression-index terms, partial-index predicates or table
// options; those come from here.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::dialect::sqlite {

struct Token {
  enum class Kind { identifier, quoted_identifier, string, blob, number, variable, op, end };
  Kind kind;
  std::string text;         // exactly as written (quotes included for quoted forms)
  std::size_t offset = 0;   // byte offset in the input
};

// Splits SQLite SQL into tokens, skipping whitespace and comments (-- and /* */).
// Identifiers may be bare, "double", `back` or [bracket] quoted. Throws ParseError on an
// unterminated string, quoted identifier or comment.
std::vector<Token> tokenize(std::string_view sql);

struct ParseError : std::runtime_error {
  ParseError(const std::string& message, std::size_t offset) : std::runtime_error(message), offset(offset) {}
  std::size_t offset;
};

// The name a possibly quoted identifier denotes: "a""b" -> a"b, [x y] -> x y, `t` -> t.
std::string unquote_identifier(std::string_view token);

// The canonical text of an SQL expression, so that two spellings SQLite treats alike compare
// equal: unquoted identifiers and keywords in lower case; quoted identifiers unquoted and
// lower-cased when that does not change their meaning (plain names that are not keywords);
// string literals untouched; one space between tokens except none inside parentheses, before
// commas, around dots, between a function name and its "(" and after a unary sign; redundant
// parentheses around the whole expression removed.
// Examples: "( Total>=0 )" -> "total >= 0"; "\"status\" IN ('a','b')" -> "status in ('a', 'b')";
// "CURRENT_TIMESTAMP" -> "current_timestamp"; "datetime( 'now' )" -> "datetime('now')";
// "- 1" -> "-1".
std::string normalize_expr(std::string_view expr);

struct ParsedCheck {
  std::string name;  // from CONSTRAINT name; empty when unnamed
  std::string expr;  // the text between the parentheses, as written (trimmed)
};

struct ParsedForeignKey {
  std::string name;
  std::vector<std::string> columns;      // unquoted
  std::string ref_table;                 // unquoted
  std::vector<std::string> ref_columns;  // empty when the parent's primary key is implied
  std::string on_delete = "no action";   // lower case: no action, restrict, cascade, set null, set default
  std::string on_update = "no action";
  bool deferrable = false;               // DEFERRABLE (NOT DEFERRABLE -> false)
  bool initially_deferred = false;
};

struct ParsedUnique {
  std::string name;
  std::vector<std::string> columns;
};

struct ParsedColumn {
  std::string name;
  std::string declared_type;             // as written, whitespace collapsed to single spaces, e.g. "VARCHAR(16)"; empty if none
  bool not_null = false;
  bool primary_key = false;              // column-level PRIMARY KEY
  bool autoincrement = false;
  std::optional<std::string> default_expr;  // DEFAULT value as written: literal, signed number, (expr) keeps its parens, or a keyword like CURRENT_TIMESTAMP
  std::optional<std::string> collation;     // unquoted
  std::optional<std::string> generated_expr;  // GENERATED ALWAYS AS (expr) / AS (expr): the text inside the parens
  bool generated_stored = false;            // STORED (default VIRTUAL)
};

struct ParsedTable {
  std::string name;
  std::vector<ParsedColumn> columns;
  std::string primary_key_name;              // CONSTRAINT name PRIMARY KEY ..., empty otherwise
  std::vector<std::string> primary_key;      // column-level or table-level, in key order
  std::vector<ParsedUnique> uniques;         // column-level UNIQUE and table-level UNIQUE (...)
  std::vector<ParsedCheck> checks;           // column-level and table-level, declaration order
  std::vector<ParsedForeignKey> foreign_keys;  // column-level REFERENCES and table-level FOREIGN KEY
  bool without_rowid = false;
  bool strict = false;
};

// Parses one CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (...) [WITHOUT ROWID][, STRICT]
// statement. Throws ParseError for anything else (CREATE TABLE ... AS SELECT included).
ParsedTable parse_create_table(std::string_view sql);

struct ParsedIndexPart {
  std::string column;  // unquoted column name, or empty for an expression term
  std::string expr;    // the expression as written, for expression terms
  bool desc = false;
  std::optional<std::string> collation;
};

struct ParsedIndex {
  std::string name;
  std::string table;
  bool unique = false;
  std::vector<ParsedIndexPart> parts;
  std::string where;  // partial-index predicate as written, empty when none
};

// Parses one CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (...) [WHERE expr].
ParsedIndex parse_create_index(std::string_view sql);

}  // namespace bcdb::dialect::sqlite
