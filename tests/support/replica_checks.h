#pragma once
// The checks of migrate --replica on the server engines, each through the bcdb binary against a
// replica the check starts (replica.h).
#include "replica.h"

namespace bcdb::test {

// A backfill run with --replica while the replica's replay is paused (PostgreSQL
// pg_wal_replay_pause(), MariaDB STOP SLAVE SQL_THREAD) waits before its batches once the lag
// passes --max-lag (its checkpoint stops advancing, the run does not end), and finishes every
// row once replay resumes, saying that it waited (text) and how long (JSON).
void check_backfill_waits_for_replica(TestReplica::Engine engine);

// The replica stopped while such a backfill waits for it: the run ends with exit 3 at its last
// checkpoint, and the next run (without --replica) resumes from there.
void check_backfill_stops_when_replica_goes(TestReplica::Engine engine);

// A --replica that cannot be reached fails before any step (exit 3), its password masked;
// a --replica that is no replica is a usage error (exit 2).
void check_replica_refused_before_any_step(TestReplica::Engine engine);

}  // namespace bcdb::test
