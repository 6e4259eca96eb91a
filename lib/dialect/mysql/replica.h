#pragma once
#include <memory>

#include "dialect/mysql/connection.h"
#include "dialect/replica.h"

namespace bcdb::dialect::mysql {

// A binlog replica's lag (Dialect::replica_probe). `replica` must report a replication status
// (SHOW SLAVE STATUS / SHOW REPLICA STATUS), or this is a ConfigError.
std::unique_ptr<ReplicaProbe> replica_probe(MyConnection& primary, std::unique_ptr<MyConnection> replica);

}  // namespace bcdb::dialect::mysql
