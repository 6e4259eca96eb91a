// bcdb seed on PostgreSQL (COPY): the very rows SQLite gets, resumable, sequences after the keys.
#include <doctest/doctest.h>

#include "seed_scenarios.h"

using namespace bcdb::test;

TEST_CASE("seeding gives PostgreSQL the same rows as SQLite, byte for byte, for every vertical") {
  check_same_rows_as_sqlite(ServerDatabase::Engine::postgres, {"commerce", "auth", "payments"}, "400", "11");
}

TEST_CASE("PostgreSQL: a COPY killed half-way is completed by the next run; reruns insert nothing") {
  PgDatabase db;
  check_killed_seed_resumes(db);
}

TEST_CASE("PostgreSQL: --truncate replaces a seed; identity sequences continue after the seeded keys") {
  PgDatabase db;
  check_truncate_replaces(db);
  CHECK(db.scalar("INSERT INTO users (email, username, display_name) VALUES ('new@example.com', 'new', 'New') "
                  "RETURNING id") == "121");
}
