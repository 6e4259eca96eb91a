#pragma once
// MySQL/MariaDB DDL for model objects. Every identifier goes through quote().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/mysql/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::mysql {

std::string quote(std::string_view identifier);  // `name`, backticks doubled
std::string quote_list(const std::vector<std::string>& identifiers);
// Tables live in the connection's database; a qualified name is refused upstream.
std::string quote_table(const std::string& name);
std::string literal(std::string_view value);  // a string literal, quotes and backslashes escaped

// ON UPDATE of a column (MySQL's ON UPDATE CURRENT_TIMESTAMP) has no field in the model: it is
// the table option "mysql.on_update.<column>" (manifest: mysql = { "on_update.<column>" = "..." }).
inline constexpr const char* kOnUpdateOptionPrefix = "mysql.on_update.";
std::optional<std::string> on_update(const model::Table& table, std::string_view column);

std::string column_definition(const model::Column& column, const Server& server,
                              const std::optional<std::string>& on_update = std::nullopt);
std::string foreign_key_clause(const model::ForeignKey& fk);
// A part whose expression is a prefix part ("`name`(10)", is_prefix_part) is written as it is;
// other expressions are functional key parts (MySQL 8), written in parentheses.
std::string index_parts(const model::Index& index);
// Exactly "`column`(N)": a backticked name (`` inside for a backtick) and a length.
bool is_prefix_part(std::string_view expr);
std::string check_clause(const model::Check& check);
// CREATE TABLE with every key, index and check, and foreign keys when asked (ENGINE=InnoDB,
// utf8mb4 unless the table's mysql.* options say otherwise; ROW_FORMAT and ON UPDATE from them).
std::string create_table(const model::Table& table, const Server& server, bool with_foreign_keys);

}  // namespace bcdb::dialect::mysql
