#pragma once
#include <memory>

#include "dialect/bulk_writer.h"

namespace bcdb::dialect::sqlite {

class SqliteConnection;

// One prepared INSERT, stepped once per row inside one transaction per chunk. The journal is
// left as the database has it (a killed process must leave a consistent file); only the page
// cache is enlarged for the load, since index inserts in random key order need it.
std::unique_ptr<BulkWriter> make_bulk_writer(SqliteConnection& connection);

}  // namespace bcdb::dialect::sqlite
