#pragma once
// SQLite's keyword table, shared by the parser and normalize_expr. Internal to dialect/sqlite.
#include <string_view>

namespace bcdb::dialect::sqlite {

// Whether `word` (any case) is one of the 147 words on https://www.sqlite.org/lang_keywords.html.
bool is_keyword(std::string_view word);

// Whether `word`, written bare, can name a table or column: any non-keyword, plus the keywords
// SQLite's grammar lets through as names (KEY, ACTION, NO, DESC, REPLACE, LEFT, ...).
bool can_be_bare_name(std::string_view word);

// Whether `word`, written bare, can be part of a column's type name: like a bare name, but the
// join words (LEFT, CROSS, ...) and INDEXED are not allowed.
bool can_be_type_word(std::string_view word);

}  // namespace bcdb::dialect::sqlite
