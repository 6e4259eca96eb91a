// migrate --replica on PostgreSQL, against a streaming replica of the test server
// (packaging/dbservers.sh start postgres-replica). The checks are in tests/support/replica_checks.cpp.
#include <doctest/doctest.h>

#include "replica_checks.h"

using namespace bcdb::test;

TEST_CASE("postgres --replica: the backfill waits while replay is paused on the replica, then finishes") {
  check_backfill_waits_for_replica(TestReplica::Engine::postgres);
}

TEST_CASE("postgres --replica: a replica gone during the backfill stops it at its checkpoint; the next run resumes") {
  check_backfill_stops_when_replica_goes(TestReplica::Engine::postgres);
}

TEST_CASE("postgres --replica: an unreachable replica or one that is none stops migrate before any step") {
  check_replica_refused_before_any_step(TestReplica::Engine::postgres);
}
