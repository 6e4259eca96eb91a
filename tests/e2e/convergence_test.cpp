// The convergence property on SQLite (see tests/support/convergence.h): 4 x 100 pairs.
#include <doctest/doctest.h>

#include "targets.h"

using namespace bcdb::test;

namespace {

void run_cases(int offset) {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_convergence(target, dir, offset, 100);
}

}  // namespace

TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }

// Pairs that once failed, kept as fixed cases.
TEST_CASE("convergence: tables that reference each other, one changing its key, rebuild key-first") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  // t1 and t2 reference each other; t2's key goes from (id, n2) to (id) while t1 gains a
  // foreign key to t2(id) in the same rebuild phase.
  check_pair(target, dir, 846641433);
}
