#include <doctest/doctest.h>

#include "plan/rename_wait.h"

using namespace bcdb;
using diff::Change;
using diff::ChangeKind;

namespace {

Change on(ChangeKind kind, std::string object, diff::Object desired, std::string table = "t") {
  Change c{kind, std::move(table), std::move(object)};
  c.desired = std::move(desired);
  return c;
}

model::Column named(std::string name) {
  model::Column c;
  c.name = std::move(name);
  return c;
}

// t.code becomes t.ref in place (a key column), in contract.
diff::ChangeSet with_key_rename(diff::ChangeSet more) {
  Change rename = on(ChangeKind::rename_column, "ref", named("ref"));
  rename.live = named("code");
  more.insert(more.begin(), rename);
  return more;
}

bool waits(const diff::ChangeSet& all, std::size_t i) {
  return plan::waits_for_rename(all[i], all, plan::contract_renames(all));
}

}  // namespace

TEST_CASE("rename wait: only what names a column renamed in place waits for contract") {
  model::Index on_ref{"t_ref", {{"ref", ""}}};
  model::Index on_body{"t_body", {{"body", ""}}};
  model::Index partial{"t_part", {{"body", ""}}};
  partial.where = "ref > 0";
  model::Check reads_ref{"t_ck", "ref >= 0"};
  model::Check reads_other{"t_ck2", "body <> ''"};
  auto all = with_key_rename({
      on(ChangeKind::add_column, "body", named("body")),
      on(ChangeKind::add_index, "t_ref", on_ref),
      on(ChangeKind::add_index, "t_body", on_body),
      on(ChangeKind::add_index, "t_part", partial),
      on(ChangeKind::add_check, "t_ck", reads_ref),
      on(ChangeKind::add_check, "t_ck2", reads_other),
      on(ChangeKind::add_index, "u_ref", on_ref, "u"),  // another table's column of that name
  });
  CHECK_FALSE(waits(all, 1));
  CHECK(waits(all, 2));
  CHECK_FALSE(waits(all, 3));
  CHECK(waits(all, 4));  // its predicate reads the new name
  CHECK(waits(all, 5));
  CHECK_FALSE(waits(all, 6));
  CHECK_FALSE(waits(all, 7));
}

TEST_CASE("rename wait: a sync or backfill waits when its expressions read the new name") {
  model::Sync plain;
  plain.row = {"id", "code", "note", "ref", "body"};  // the vocabulary, not what it reads
  plain.key = {"id", "code"};
  model::ColumnSync copy;
  copy.column = "body";
  copy.up_sources = {"note"};
  plain.columns.push_back(copy);
  model::Sync reads_ref = plain;
  reads_ref.columns[0].up_sources = {"ref"};
  model::Backfill fill;
  fill.key = {"id", "code"};
  fill.row = plain.row;
  fill.set = {{"body", model::Transform{"note", {}}}};
  model::Backfill fill_ref = fill;
  fill_ref.set = {{"body", model::Transform{"ref * 2", {}}}};
  auto all = with_key_rename({
      on(ChangeKind::create_sync, "s1", plain),
      on(ChangeKind::create_sync, "s2", reads_ref),
      on(ChangeKind::backfill, "t", fill),
      on(ChangeKind::backfill, "t", fill_ref),
  });
  CHECK_FALSE(waits(all, 1));
  CHECK(waits(all, 2));
  CHECK_FALSE(waits(all, 3));
  CHECK(waits(all, 4));
}

TEST_CASE("rename wait: a drop that makes room goes with its replacement; a table renamed without a view holds everything") {
  model::Index on_ref{"t_i", {{"ref", ""}}};
  model::Index on_body{"t_j", {{"body", ""}}};
  Change drop_i{ChangeKind::drop_index, "t", "t_i"};
  drop_i.replaces = true;
  Change drop_j{ChangeKind::drop_index, "t", "t_j"};
  drop_j.replaces = true;
  auto all = with_key_rename({drop_i, on(ChangeKind::add_index, "t_i", on_ref), drop_j,
                              on(ChangeKind::add_index, "t_j", on_body)});
  CHECK(waits(all, 1));
  CHECK_FALSE(waits(all, 3));

  Change rename_table{ChangeKind::rename_table, "v", ""};
  model::ForeignKey to_v{"w_v", {"v_id"}, "v", {"id"}};
  diff::ChangeSet tables{rename_table, on(ChangeKind::alter_table_comment, "", model::Table{}, "v"),
                         on(ChangeKind::add_foreign_key, "w_v", to_v, "w")};
  CHECK_FALSE(waits(tables, 0));
  CHECK(waits(tables, 1));
  CHECK(waits(tables, 2));
}
