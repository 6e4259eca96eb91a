#pragma once
#include <chrono>
#include <memory>

#include "dialect/connection.h"

namespace bcdb::dialect::postgres {

// The migration lock: a session-level advisory lock, taken by polling outside any
// transaction. A waiter inside an open transaction would deadlock with the holder's
// CREATE INDEX CONCURRENTLY, which waits for every open transaction to end.
std::unique_ptr<MigrationLock> advisory_lock(Connection& connection, std::chrono::milliseconds wait);

}  // namespace bcdb::dialect::postgres
