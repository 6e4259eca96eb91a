#pragma once
#include <chrono>
#include <memory>

#include "dialect/connection.h"

namespace bcdb::dialect::mysql {

// The migration lock: GET_LOCK on a name derived from the database, held by the session and
// released by the server when the session ends (a killed bcdb never leaves it behind).
std::unique_ptr<MigrationLock> named_lock(Connection& connection, const std::string& database,
                                          std::chrono::milliseconds wait);

}  // namespace bcdb::dialect::mysql
