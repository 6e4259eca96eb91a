// Blue/green changes on postgres: the checks shared by every engine are in tests/support/bluegreen.cpp.
#include <doctest/doctest.h>

#include "bluegreen.h"

using namespace bcdb::test;

TEST_CASE("postgres blue/green: what cannot be done to the rows as they are is refused at plan time") {
  TempDir dir(scratch_dir());
  PgTarget target;
  check_plan_time_refusals(target, dir);
}
