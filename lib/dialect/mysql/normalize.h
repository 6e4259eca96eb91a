#pragma once
// The expression part of canonicalize(): what only the server can print the way it stores it.
#include "dialect/mysql/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::mysql {

// Native types, defaults, ON UPDATE, column collations, generated expressions, checks, table
// options and (MySQL 8) functional key parts of `schema`, as the server stores them: created
// in a scratch database, read back with inspect_tables() and copied into `schema`, which keeps
// its declaration order and rename hints. Columns that need the server share a few tables
// (one column per distinct definition); tables with checks or generated columns are packed
// into shared copies where their columns agree. The scratch database is dropped in every path.
// Throws ConfigError naming the object the server rejects.
void normalize_expressions(model::Schema& schema, MyConnection& connection);

}  // namespace bcdb::dialect::mysql
