#pragma once
// bcdb's own tables (history, seed records) are created on first use through the dialect's
// renderer, like any other table, so every engine spells them its own way.
#include "dialect/dialect.h"

namespace bcdb::migrate {

// Creates the tables of `wanted` the database lacks (a process killed between two CREATEs
// leaves the first behind), each as the dialect renders it.
void create_missing_tables(const dialect::Dialect& dialect, dialect::Connection& connection, model::Schema wanted);

// INSERT INTO table (columns...) VALUES (placeholders...), spelled by the dialect.
std::string insert_statement(const dialect::Dialect& dialect, const std::string& table,
                             const std::vector<std::string>& columns);

// A column of one of bcdb's own tables: `type` is a logical type ("varchar(40)").
model::Column own_column(const char* name, const char* type, bool nullable = false);

}  // namespace bcdb::migrate
