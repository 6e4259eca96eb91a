#pragma once
// SQLite DDL for model objects. Every identifier goes through quote().
#include <string>
#include <string_view>

#include "model/schema.h"

namespace bcdb::dialect::sqlite {

std::string quote(std::string_view identifier);
std::string quote_list(const std::vector<std::string>& identifiers);

// "name TYPE NOT NULL DEFAULT ... COLLATE ... GENERATED ALWAYS AS (...) STORED"; the rowid
// alias carries its PRIMARY KEY [AUTOINCREMENT] inline, as AUTOINCREMENT requires.
std::string column_definition(const model::Table& table, const model::Column& column);

// CREATE TABLE for `table` under the name `as_name` (the rebuild creates a temporary name).
std::string create_table(const model::Table& table, const std::string& as_name);
std::string create_index(const model::Table& table, const model::Index& index);
std::string drop_index(const model::Index& index);

// A DEFAULT clause value: literals and keywords as they are, anything else in parentheses
// (SQLite only accepts an expression default in parentheses).
std::string default_clause_value(const std::string& expr);

// True when the column can be added with ALTER TABLE ADD COLUMN (SQLite's restrictions:
// no key, no unique, a constant default when NOT NULL, no stored generated column).
bool can_add_with_alter(const model::Table& table, const model::Column& column);

}  // namespace bcdb::dialect::sqlite
