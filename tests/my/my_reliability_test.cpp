// The reliability suite on MariaDB (see tests/support/reliability.h): bcdb migrate SIGKILLed
// after and inside every step of a plan of 10 or more steps, where no step's DDL is transactional.
#include <doctest/doctest.h>

#include "reliability.h"

using namespace bcdb::test;

TEST_CASE("reliability: mysql: a migrate killed after any step is finished by the next run, no row lost, no step twice") {
  CHECK(check_kill_at_every_step<MyTarget>(KillPoint::after_step) > 0);
}
TEST_CASE("reliability: mysql: a migrate killed inside any step is finished by the next run, no row lost, no step twice") {
  CHECK(check_kill_at_every_step<MyTarget>(KillPoint::during_step) > 0);
}
