#pragma once
// A file of SQL statements cut into its statements, each with where it starts, so that bcdb
// can send the engine one statement at a time (one_statement.h) and point back into the file
// (bcdb verify --queries). Only what hides a ';' is understood: quotes, comments and
// PostgreSQL's dollar quotes; anything else is the engine's to judge.
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::dialect {

struct SqlStatement {
  std::string text;  // from its first token to its last character before the ';'
  int line = 0;      // 1-based, of the first token
  int column = 0;    // 1-based, in characters (UTF-8 code points), of the first token
};

// What an engine's lexer reads as a quote or a comment. Everywhere: '...' and "..." (a doubled
// quote stands for itself), `...`, '--' to the end of the line and /* */.
struct SplitRules {
  bool hash_comments = false;        // MySQL: '#' to the end of the line
  bool dash_needs_space = false;     // MySQL: '--' is a comment only before a space or the line's end
  bool backslash_escapes = false;    // MySQL: '\' escapes the next character in '...' and "..."
  bool dollar_quotes = false;        // PostgreSQL: $tag$...$tag$, and E'...' with '\' escapes
  bool nested_comments = false;      // PostgreSQL: /* a /* b */ c */ is one comment
  bool bracket_identifiers = false;  // SQLite: [name]

  // "sqlite", "postgres" or "mysql" (Url::engine); another name gets the common rules only.
  static SplitRules for_engine(std::string_view engine);
};

// The statements of `text` in order, cut at each ';' outside quotes and comments; a last one
// without ';' counts, and one made only of comments and whitespace is left out. A quote or a
// block comment never closed is a ConfigError "source:line:col: ..." naming where it opens.
std::vector<SqlStatement> split_statements(std::string_view text, const SplitRules& rules, std::string_view source);

// The statement's first word, upper-cased ("SELECT", "DROP"), past any opening '('; empty
// when it does not start with a word.
std::string leading_keyword(std::string_view statement);

// Whether a statement is one that reads or writes rows (SELECT, INSERT, UPDATE, DELETE, REPLACE,
// MERGE, WITH, VALUES, TABLE): the statements every engine resolves against the schema when it
// prepares them. DDL, transaction control and settings are not resolved at prepare time
// (PostgreSQL and MariaDB both prepare `DROP TABLE no_such_table` without a word), so preparing
// one proves nothing.
bool is_data_statement(std::string_view keyword);

}  // namespace bcdb::dialect
