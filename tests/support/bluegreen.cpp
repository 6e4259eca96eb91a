#include "bluegreen.h"

#include <doctest/doctest.h>

namespace bcdb::test {
namespace {

const char* const kBase = R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32" } ]
)toml";

std::string count(ConvergenceTarget& target, const std::string& table) {
  return target.rows("SELECT count(*) FROM " + table).at(0).at(0);
}

}  // namespace

void check_plan_time_refusals(ConvergenceTarget& target, const TempDir& dir) {
  target.reset();
  auto env = target.environment();
  auto manifest = [&](const std::string& text) { write_file(dir / "manifests" / "schema.toml", text); };
  auto bcdb = [&](std::vector<std::string> args) { return run_bcdb(args, dir.path(), env); };
  manifest(kBase);
  REQUIRE(bcdb({"migrate"}).exit_code == 0);
  // An empty table takes a NOT NULL column without a default.
  manifest(std::string(kBase) + "[tables.e]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  REQUIRE(bcdb({"migrate"}).exit_code == 0);
  target.insert({"INSERT INTO t (id, a) VALUES (1, 10)", "INSERT INTO t (id, a) VALUES (2, 20)"});

  const std::string added = R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32" },
  { name = "b", type = "int32" },
]
[tables.e]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "z", type = "int32" } ]
[tables.later]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
)toml";
  manifest(added);
  for (std::vector<std::string> args : {std::vector<std::string>{"diff"}, std::vector<std::string>{"migrate"}}) {
    auto r = bcdb(args);
    INFO(target.engine() << ": " << args[0] << "\n" << r.out << r.err);
    CHECK(r.exit_code == 4);
    CHECK(contains(r.err, "manifests/schema.toml:5:12: table t: column b: it is NOT NULL without a default"));
    CHECK(contains(r.err, "up = \"...\""));
    CHECK_FALSE(contains(r.err, "table e"));  // empty: no refusal
  }
  CHECK(target.rows("SELECT count(*) FROM t WHERE a IS NOT NULL") == std::vector<std::vector<std::string>>{{"2"}});
  CHECK(bcdb({"drift"}).out.find("later") != std::string::npos);  // the new table was not created either

  manifest(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32" },
  { name = "c", type = "int32", nullable = true, renamed_from = "nope" },
]
[tables.e]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
)toml");
  auto missing = bcdb({"migrate"});
  CHECK(missing.exit_code == 2);
  CHECK_MESSAGE(contains(missing.err, "manifests/schema.toml:5:12: table t: column c: renamed_from names column nope, which "
                                      "table t does not have (nor c)"),
                missing.err);
  CHECK(count(target, "t") == "2");
}

}  // namespace bcdb::test
