#pragma once
#include <memory>

#include "dialect/connection.h"
#include "dialect/replica.h"

namespace bcdb::dialect::postgres {

// A streaming replica's lag (Dialect::replica_probe). `replica` must be a hot standby of the
// primary's cluster (same system identifier), or this is a ConfigError.
std::unique_ptr<ReplicaProbe> replica_probe(Connection& primary, std::unique_ptr<Connection> replica);

}  // namespace bcdb::dialect::postgres
