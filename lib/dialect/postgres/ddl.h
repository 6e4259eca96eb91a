#pragma once
// PostgreSQL DDL for model objects. Every identifier goes through quote().
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"

namespace bcdb::dialect::postgres {

std::string quote(std::string_view identifier);
std::string quote_list(const std::vector<std::string>& identifiers);
// "schema.table" (canonical: "" is the default schema) -> "schema"."table" or "table".
std::string quote_table(const std::string& qualified);
std::string quote_table(const model::Table& table);
std::string literal(std::string_view value);  // a string literal, quotes doubled

std::string column_definition(const model::Column& column);
std::string create_table(const model::Table& table, bool with_foreign_keys);
std::string foreign_key_clause(const model::ForeignKey& fk);
// CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING method (parts) INCLUDE (...) WHERE ...
std::string create_index(const model::Table& table, const model::Index& index, bool concurrently);

}  // namespace bcdb::dialect::postgres
