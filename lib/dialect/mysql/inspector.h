#pragma once
#include "dialect/dialect.h"
#include "dialect/mysql/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::mysql {

// Databases bcdb uses for scratch work, never reported.
inline constexpr const char* kScratchDatabasePrefix = "bcdb_scratch";

// Reads the connection's database in a fixed number of information_schema queries, whatever
// the number of tables, into the canonical form of canonical.h.
model::Schema inspect(MyConnection& connection);
// The same for another database on the same server (scratch normalisation).
model::Schema inspect_database(MyConnection& connection, const std::string& database);
// Tables only: no views, triggers, routines or events are read (fewer queries, for scratch
// databases that hold none).
model::Schema inspect_tables(MyConnection& connection, const std::string& database);

}  // namespace bcdb::dialect::mysql
