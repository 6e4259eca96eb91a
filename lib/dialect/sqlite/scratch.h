#pragma once
// The desired schema tried out in a throw-away in-memory database: SQLite accepts almost any
// text at plan time, so an expression it cannot compile would otherwise fail only half-way
// through a migration. Errors name the table and, where it can be told, the column, check or
// index, the way the PostgreSQL and MySQL scratch normalisers do.
#include <set>
#include <string>

#include "model/schema.h"

namespace bcdb::dialect::sqlite {

// Throws ConfigError (exit 2) for the first object SQLite rejects among the `tables` of
// `schema`; names are checked across all of them.
void check_in_scratch(const model::Schema& schema, const std::set<std::string>& tables);

}  // namespace bcdb::dialect::sqlite
