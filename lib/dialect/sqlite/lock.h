#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "dialect/connection.h"

namespace bcdb::dialect::sqlite {

// The migration lock of a SQLite database: an flock(2) on "<file>.bcdb-lock", where <file> is
// the database's identity (absolute, symbolic links resolved: one file reached through a link,
// a relative path or a file: URI takes the same lock). A lock file rather than SQLite's own
// write lock, because a migration commits step by step and switches foreign keys off between
// transactions; the kernel drops the lock when the process dies, so a crashed run never leaves
// it behind. In-memory databases (an empty `file`) need none; `shown` is for messages.
std::unique_ptr<MigrationLock> lock_file(const std::filesystem::path& file, const std::string& shown,
                                         std::chrono::milliseconds wait);

}  // namespace bcdb::dialect::sqlite
