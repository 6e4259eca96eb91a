// Hardening on MariaDB: the checks shared by every engine (tests/support/hardening.cpp).
#include <doctest/doctest.h>

#include "hardening.h"

using namespace bcdb::test;

TEST_CASE("mysql hardening: a statement hidden in a manifest expression never runs") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_hidden_statements_refused(target, dir);
}

TEST_CASE("mysql hardening: the connection runs exactly one statement per call") {
  MyTarget target;
  check_connection_runs_one_statement(target);
}
