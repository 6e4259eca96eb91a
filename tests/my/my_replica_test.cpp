// migrate --replica on MariaDB, against a binlog replica of the test server
// (packaging/dbservers.sh start mariadb-replica). The checks are in tests/support/replica_checks.cpp.
#include <doctest/doctest.h>

#include "replica_checks.h"

using namespace bcdb::test;

TEST_CASE("mysql --replica: the backfill waits while the replica's SQL thread is stopped, then finishes") {
  check_backfill_waits_for_replica(TestReplica::Engine::mysql);
}

TEST_CASE("mysql --replica: a replica gone during the backfill stops it at its checkpoint; the next run resumes") {
  check_backfill_stops_when_replica_goes(TestReplica::Engine::mysql);
}

TEST_CASE("mysql --replica: an unreachable replica or one that is none stops migrate before any step") {
  check_replica_refused_before_any_step(TestReplica::Engine::mysql);
}
