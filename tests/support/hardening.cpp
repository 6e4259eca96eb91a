#include "hardening.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "dialect/dialect.h"
#include "support/error.h"
#include "support/hash.h"

#include <nlohmann/json.hpp>

namespace bcdb::test {
namespace {

const char* const kVictim = R"toml(
[tables.victim]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
)toml";

struct Payload {
  const char* where;  // what the manifest line sets
  std::string table;  // the table holding it, besides victim
};

// Each hides "DROP TABLE victim" after something that ends bcdb's statement on every engine.
std::vector<Payload> payloads() {
  const std::string head = "\n[tables.t]\nprimary_key = [\"id\"]\n";
  const std::string id = "  { name = \"id\", type = \"int64\" },\n";
  auto with_columns = [&](const std::string& columns, const std::string& rest = "") {
    return head + "columns = [\n" + id + columns + "]\n" + rest;
  };
  return {
      {"default", with_columns("  { name = \"a\", type = \"int32\", default = \"1; DROP TABLE victim\" },\n")},
      {"default quoted", with_columns("  { name = \"a\", type = \"text\", default = \"'x'); DROP TABLE victim; --\" },\n")},
      {"check", with_columns("  { name = \"a\", type = \"int32\" },\n",
                             "checks = [ { name = \"t_a\", expr = \"a > 0); DROP TABLE victim; --\" } ]\n")},
      {"index where", with_columns("  { name = \"a\", type = \"int32\" },\n",
                                   "indexes = [ { name = \"t_a_idx\", columns = [\"a\"], where = \"1; DROP TABLE victim\" } ]\n")},
      {"index expression", with_columns("  { name = \"a\", type = \"int32\" },\n",
                                        "indexes = [ { name = \"t_a_idx\", columns = [ { expr = \"(a)); DROP TABLE victim; --\" } ] } ]\n")},
      {"native type", with_columns("  { name = \"a\", type = \"int32\", native = { sqlite = \"int; DROP TABLE victim\", "
                                   "postgres = \"int; DROP TABLE victim\", mysql = \"int; DROP TABLE victim\" } },\n")},
      {"generated column", with_columns("  { name = \"a\", type = \"int32\" },\n"
                                        "  { name = \"b\", type = \"int32\", nullable = true, generated = \"a /* DROP TABLE victim\" },\n")},
  };
}

std::string all_output(const RunResult& r) { return r.out + r.err; }

}  // namespace

void check_hidden_statements_refused(ConvergenceTarget& target, const TempDir& dir) {
  target.reset();
  write_file(dir / "manifests" / "schema.toml", kVictim);
  auto env = target.environment();
  REQUIRE(run_bcdb({"migrate"}, dir.path(), env).exit_code == 0);
  target.insert({"INSERT INTO victim (id) VALUES (1)", "INSERT INTO victim (id) VALUES (2)"});
  const std::regex located(R"(schema\.toml:\d+:\d+: table t: .*is not one SQL expression)");
  for (const auto& p : payloads()) {
    INFO(target.engine() << ", payload in a " << p.where << ":\n" << p.table);
    write_file(dir / "manifests" / "schema.toml", std::string(kVictim) + p.table);
    auto verify = run_bcdb({"verify"}, dir.path(), env);
    CHECK(verify.exit_code == 1);
    CHECK_MESSAGE(std::regex_search(all_output(verify), located), all_output(verify));
    for (std::vector<std::string> command : {std::vector<std::string>{"migrate", "--allow-destructive", "--allow-blocking"},
                                             std::vector<std::string>{"diff"}}) {
      auto r = run_bcdb(command, dir.path(), env);
      CHECK_MESSAGE(r.exit_code == 2, command.front() << ": " << all_output(r));
      CHECK_MESSAGE(std::regex_search(r.err, located), r.err);
    }
    CHECK(target.rows("SELECT count(*) FROM victim") == std::vector<std::vector<std::string>>{{"2"}});
  }
}

void check_connection_runs_one_statement(ConvergenceTarget& target) {
  target.reset();
  target.insert({"CREATE TABLE victim (id int PRIMARY KEY)", "INSERT INTO victim VALUES (1)"});
  auto url = dialect::Url::parse(target.environment().at("BCDB_DATABASE_URL"));
  auto dialect = dialect::make_dialect(url.engine);
  auto connection = dialect->connect(url, dialect::Dialect::Access::read_write);
  for (const std::string sql : {"SELECT 1; DROP TABLE victim", "UPDATE victim SET id = 2;DROP TABLE victim;",
                                "SELECT 1 /* */ ; DROP TABLE victim -- "}) {
    INFO(target.engine() << ": " << sql);
    CHECK_THROWS_AS(connection->execute(sql), DatabaseError);
    CHECK_THROWS_AS(connection->query(sql), DatabaseError);
    CHECK_THROWS_AS(connection->execute(sql.substr(0, 8) + std::string(1, '\0') + "; DROP TABLE victim"), DatabaseError);
    CHECK(target.rows("SELECT id FROM victim") == std::vector<std::vector<std::string>>{{"1"}});
  }
  // One statement with a trailing ';' is still one statement.
  CHECK_NOTHROW(connection->execute("UPDATE victim SET id = 3;"));
  CHECK(target.rows("SELECT id FROM victim") == std::vector<std::vector<std::string>>{{"3"}});
}

}  // namespace bcdb::test

namespace bcdb::test {

void check_names_the_engine_cannot_hold(ConvergenceTarget& target, const TempDir& dir) {
  target.reset();
  auto env = target.environment();
  const std::string prefix(60, 'a');
  struct Name {
    std::string name;
    std::vector<std::string> refused_on;  // engines
  };
  const std::vector<Name> names = {
      {prefix + "_one", {"postgres"}},                        // 64 bytes
      {std::string(65, 'b'), {"postgres", "mysql"}},          // 65 characters
      {"party \xF0\x9F\x8E\x89", {"mysql"}},                  // an emoji
      {"trailing ", {"mysql"}},
      {"caf\xC3\xA9_" + std::string(58, 'c'), {"postgres"}},  // 63 characters, 64 bytes
  };
  for (const auto& n : names) {
    INFO(target.engine() << ": column name '" << n.name << "'");
    write_file(dir / "manifests" / "schema.toml", "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [\n"
                                                   "  { name = \"id\", type = \"int64\" },\n"
                                                   "  { name = \"" + n.name + "\", type = \"int32\", nullable = true },\n]\n");
    auto verify = run_bcdb({"verify"}, dir.path(), env);
    CHECK(verify.exit_code == 0);
    CHECK_MESSAGE(contains(verify.out, "warning: manifests/schema.toml:5:"), verify.out);
    bool refused = std::find(n.refused_on.begin(), n.refused_on.end(), target.engine()) != n.refused_on.end();
    auto migrate = run_bcdb({"migrate"}, dir.path(), env);
    if (refused) {
      CHECK_MESSAGE(migrate.exit_code == 2, migrate.err);
      CHECK_MESSAGE(contains(migrate.err, "manifests/schema.toml:5:"), migrate.err);
      CHECK(target.rows("SELECT count(*) FROM " + std::string(target.engine() == "mysql" ? "information_schema.TABLES "
                                                                                            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"
                                                                                          : target.engine() == "postgres"
                                                                                                ? "pg_class WHERE relname = 't'"
                                                                                                : "sqlite_schema WHERE name = 't'")) ==
            std::vector<std::vector<std::string>>{{"0"}});
    } else {
      CHECK_MESSAGE(migrate.exit_code == 0, migrate.err);
      CHECK(run_bcdb({"drift"}, dir.path(), env).exit_code == 0);
      target.reset();
    }
  }
  // A NUL byte would cut a C string, and the SQL with it, short: an error everywhere.
  write_file(dir / "manifests" / "schema.toml", "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [\n"
                                                 "  { name = \"id\", type = \"int64\" },\n"
                                                 "  { name = \"a\\u0000b\", type = \"int32\" },\n]\n");
  auto verify = run_bcdb({"verify"}, dir.path(), env);
  CHECK(verify.exit_code == 1);
  CHECK_MESSAGE(contains(verify.out, "manifests/schema.toml:5:12: a NUL byte"), verify.out);
  CHECK(run_bcdb({"migrate"}, dir.path(), env).exit_code == 2);
}

}  // namespace bcdb::test

namespace bcdb::test {

std::string with_forged_digest(const std::string& plan_json) {
  auto j = nlohmann::ordered_json::parse(plan_json);
  j.erase("digest");
  j["digest"] = sha256_hex(j.dump());
  return j.dump(2) + "\n";
}

}  // namespace bcdb::test

namespace bcdb::test {

std::string with_forged_digest_if_json(const std::string& text) {
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  return j.is_object() ? with_forged_digest(text) : text;
}

}  // namespace bcdb::test
