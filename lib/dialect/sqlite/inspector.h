#pragma once
#include "dialect/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::sqlite {

// Reads the whole schema of the main database in five catalog queries (sqlite_schema plus
// the pragma table functions joined against it), whatever the number of tables; the SQL text
// of each table and index fills in what the pragmas do not report.
model::Schema inspect(Connection& connection);

}  // namespace bcdb::dialect::sqlite
