// Hardening on PostgreSQL: the checks shared by every engine (tests/support/hardening.cpp).
#include <doctest/doctest.h>

#include "hardening.h"

using namespace bcdb::test;

TEST_CASE("postgres hardening: a statement hidden in a manifest expression never runs") {
  TempDir dir(scratch_dir());
  PgTarget target;
  check_hidden_statements_refused(target, dir);
}

TEST_CASE("postgres hardening: the connection runs exactly one statement per call") {
  PgTarget target;
  check_connection_runs_one_statement(target);
}
