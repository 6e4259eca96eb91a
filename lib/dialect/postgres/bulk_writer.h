#pragma once
#include <memory>

#include "dialect/bulk_writer.h"

namespace bcdb::dialect::postgres {

class PgConnection;

// COPY ... FROM STDIN in text format, one COPY and one transaction per chunk, through the
// connection's own libpqxx session. Timestamps without a zone are read as UTC.
std::unique_ptr<BulkWriter> make_bulk_writer(PgConnection& connection);

}  // namespace bcdb::dialect::postgres
