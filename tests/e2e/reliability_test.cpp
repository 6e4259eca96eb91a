// The reliability suite on SQLite (see tests/support/reliability.h): bcdb migrate SIGKILLed
// after and inside every step of a plan of 10 or more steps, table rebuilds included.
#include <doctest/doctest.h>

#include "reliability.h"

using namespace bcdb::test;

TEST_CASE("reliability: sqlite: a migrate killed after any step is finished by the next run, no row lost, no step twice") {
  CHECK(check_kill_at_every_step<SqliteTarget>(KillPoint::after_step) > 0);
}
TEST_CASE("reliability: sqlite: a migrate killed inside any step is finished by the next run, no row lost, no step twice") {
  CHECK(check_kill_at_every_step<SqliteTarget>(KillPoint::during_step) > 0);
}
