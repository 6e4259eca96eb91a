#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "dialect/connection.h"

namespace bcdb::dialect::sqlite {

// The migration lock of a SQLite database: an flock(2) on "<database>.bcdb-lock". A lock
// file rather than SQLite's own write lock, because a migration commits step by step and
// switches foreign keys off between transactions; the kernel drops the lock when the
// process dies, so a crashed run never leaves it behind. In-memory databases need none.
std::unique_ptr<MigrationLock> lock_file(const std::string& database_path, std::chrono::milliseconds wait);

}  // namespace bcdb::dialect::sqlite
