// Blue/green changes on mysql: the checks shared by every engine are in tests/support/bluegreen.cpp.
#include <doctest/doctest.h>

#include "bluegreen.h"

using namespace bcdb::test;

TEST_CASE("mysql blue/green: what cannot be done to the rows as they are is refused at plan time") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_plan_time_refusals(target, dir);
}

TEST_CASE("mysql blue/green: a renamed column is live under both names from expand to contract") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_column_rename_both_names_live(target, dir);
}

TEST_CASE("mysql blue/green: a backfill killed half-way resumes from its checkpoint") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_backfill_resumes(target, dir);
}

TEST_CASE("mysql blue/green: a column split in two is written by both versions and loses nothing") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_column_split_both_versions_write(target, dir);
}

TEST_CASE("mysql blue/green: a rename given up after expand leaves no trigger behind") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_abandoned_rename(target, dir);
}

TEST_CASE("mysql blue/green: a renamed table is live under both names from expand to contract") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_table_rename_both_names_live(target, dir);
}

TEST_CASE("mysql blue/green: a type change that rewrites the table goes through a shadow column") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_type_change_through_shadow(target, dir);
}

TEST_CASE("mysql blue/green: a type change on a table nothing references copies it, resumed from every point") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_type_change_through_copy(target, dir);
}

TEST_CASE("mysql blue/green: a conversion is checked on every row before the cut-over") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_conversion_checked_on_every_row(target, dir);
}

TEST_CASE("mysql blue/green: a view that reads a column the plan drops is found at plan time") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_view_in_the_way_refused(target, dir);
}

TEST_CASE("mysql blue/green: two renamed columns that share an index") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_renamed_columns_sharing_an_index(target, dir);
}

TEST_CASE("mysql blue/green: a renamed table that also loses a column, phase by phase") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_table_rename_with_a_dropped_column(target, dir);
}

TEST_CASE("mysql blue/green: a key column renamed in place beside a column renamed online") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_key_rename_beside_an_online_rename(target, dir);
}

TEST_CASE("mysql blue/green: a foreign key redefined beside a column renamed online, phase by phase") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_replaced_foreign_key_beside_a_rename(target, dir);
}
