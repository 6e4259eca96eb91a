// bcdb seed on MySQL and MariaDB (LOAD DATA LOCAL INFILE, or INSERT batches): the very rows SQLite gets.
#include <doctest/doctest.h>

#include "seed_scenarios.h"

using namespace bcdb::test;

TEST_CASE("seeding gives MySQL the same rows as SQLite, byte for byte, for every vertical") {
  check_same_rows_as_sqlite(ServerDatabase::Engine::mysql, {"commerce", "auth", "payments"}, "400", "11");
}

TEST_CASE("MySQL: without LOAD DATA LOCAL INFILE, INSERT batches give the same rows") {
  check_same_rows_as_sqlite(ServerDatabase::Engine::mysql, {"commerce"}, "300", "4",
                            {{"BCDB_TEST_MYSQL_NO_LOAD_DATA", "1"}});
}

TEST_CASE("MySQL: a LOAD DATA chunk killed half-way is completed by the next run; reruns insert nothing") {
  MyDatabase db;
  check_killed_seed_resumes(db);
}

TEST_CASE("MySQL: --truncate replaces a seed; AUTO_INCREMENT continues after the seeded keys") {
  MyDatabase db;
  check_truncate_replaces(db);
  db.exec("INSERT INTO users (email, username, display_name) VALUES ('new@example.com', 'new', 'New')");
  CHECK(db.scalar("SELECT max(id) FROM users") == "121");
}
