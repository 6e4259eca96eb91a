// The convergence property on MariaDB (see tests/support/convergence.h): 4 x 50 pairs.
#include <doctest/doctest.h>

#include "targets.h"

using namespace bcdb::test;

namespace {

void run_cases(int offset) {
  TempDir dir;
  MyTarget target;
  check_convergence(target, dir, offset, 50);
}

}  // namespace

TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }
