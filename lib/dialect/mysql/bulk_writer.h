#pragma once
#include <memory>

#include "dialect/bulk_writer.h"

namespace bcdb::dialect::mysql {

class MyConnection;

// A chunk of rows goes to the server in one LOAD DATA LOCAL INFILE, read from an anonymous
// in-memory file (memfd, through /proc/self/fd: nothing touches the disk and nothing is left
// behind by a killed process). Where the server has local_infile off, multi-row INSERT
// statements of up to 1,000 rows, one transaction per chunk.
std::unique_ptr<BulkWriter> make_bulk_writer(MyConnection& connection);

}  // namespace bcdb::dialect::mysql
