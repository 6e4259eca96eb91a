// Hardening on MariaDB: the checks shared by every engine (tests/support/hardening.cpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include "dialect/dialect.h"
#include "hardening.h"
#include "server_project.h"

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

TEST_CASE("mysql hardening: a SQL export run by hand in the mariadb client waits no longer than bcdb would") {
  MyProject p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
              "{ name = \"note\", type = \"text\", nullable = true } ]\n");
  auto script = p.bcdb({"diff", "--format", "sql", "--lock-timeout", "1s"});
  REQUIRE(script.exit_code == 0);
  auto first = script.out.find("SET SESSION lock_wait_timeout = 1, innodb_lock_wait_timeout = 1;");
  REQUIRE_MESSAGE(first != std::string::npos, script.out);
  CHECK(first < script.out.find("ALTER TABLE"));
  write_file(p.dir() / "plan.sql", script.out);
  // A reader inside a transaction holds the table's metadata lock until it ends.
  auto url = bcdb::dialect::Url::parse(p.db().url());
  auto reader = bcdb::dialect::make_dialect("mysql")->connect(url, bcdb::dialect::Dialect::Access::read_write);
  reader->begin();
  reader->query("SELECT * FROM t");
  auto started = std::chrono::steady_clock::now();
  // From standard input: the client's `source` command would exit 0 after a failed statement.
  auto client = run("/bin/sh", {"-c", "exec /usr/bin/mariadb --no-defaults -h " + url.host + " -P " +
                                           std::to_string(url.port.value_or(3306)) + " -u " + url.user + " -p" +
                                           url.password + " " + url.database + " < plan.sql"},
                    p.dir());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(client.exit_code != 0);
  CHECK_MESSAGE(contains(client.err, "Lock wait timeout exceeded"), client.err);
  CHECK_MESSAGE(seconds < 10, seconds);
  reader->rollback();
}

TEST_CASE("mysql hardening: scratch databases of a run killed while planning are swept by the next run, live ones are not") {
  MyProject p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
              "{ name = \"n\", type = \"varchar(10)\", default = \"'x'\" } ]\n");
  auto scratch = [&] {
    std::vector<std::string> names;
    for (const auto& row : p.db().rows("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE "
                                       "'bcdb\\_scratch\\_%' ORDER BY 1"))
      names.push_back(row[0]);
    return names;
  };
  auto killed = p.bcdb({"diff"}, {{"BCDB_TEST_KILL_IN_SCRATCH", "1"}});
  REQUIRE(killed.signal == SIGKILL);
  // The killed run's, and any other leftover; not those of tests running meanwhile (locked).
  // The server frees a killed client's locks once it notices the connection is gone: not
  // always before the next statement of another session, so this waits for it (at most 10 s).
  std::vector<std::string> left;
  for (int attempt = 0; attempt < 100 && left.empty(); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& name : scratch())
      if (p.db().scalar("SELECT IS_FREE_LOCK('" + name + "')") == "1") left.push_back(name);
  }
  REQUIRE_FALSE(left.empty());

  // A scratch database another live session is using: its owner holds the lock named after it.
  auto url = bcdb::dialect::Url::parse(p.db().url());
  auto owner = bcdb::dialect::make_dialect("mysql")->connect(url, bcdb::dialect::Dialect::Access::read_write);
  const std::string live = "bcdb_scratch_1_1_" + p.db().name().substr(p.db().name().size() - 4);
  CHECK(owner->query("SELECT GET_LOCK('" + live + "', 0)").rows.at(0).at(0) == "1");
  owner->execute("CREATE DATABASE `" + live + "`");

  auto next = p.bcdb({"diff"});
  REQUIRE_MESSAGE(next.exit_code == 0, next.err);
  auto after = scratch();
  CHECK(std::find(after.begin(), after.end(), live) != after.end());
  for (const auto& name : left) CHECK_MESSAGE(std::find(after.begin(), after.end(), name) == after.end(), name);
  owner->execute("DROP DATABASE `" + live + "`");
}

TEST_CASE("mysql hardening: names the engine cannot hold are refused before any step") {
  TempDir dir(scratch_dir());
  MyTarget target;
  check_names_the_engine_cannot_hold(target, dir);
}

TEST_CASE("mysql hardening: desired sides carry over between MariaDB and PostgreSQL both ways") {
  MyProject my;
  PgProject pg;
  const std::string commerce = read_file(source_dir() / "manifests" / "commerce" / "customers.toml") +
                               read_file(source_dir() / "manifests" / "commerce" / "catalog.toml");
  my.manifests(commerce);
  pg.manifests(commerce);
  REQUIRE(my.bcdb({"migrate"}).exit_code == 0);
  REQUIRE(pg.bcdb({"migrate"}).exit_code == 0);
  // Each is migrated from the other's schema onto a fresh database of its own engine.
  MyDatabase my_copy;
  PgDatabase pg_copy;
  TempDir dir;
  for (const auto& [target, source] : {std::pair{my_copy.url(), pg.db().url()}, std::pair{pg_copy.url(), my.db().url()}}) {
    INFO(target << " from " << source);
    auto migrate = run_bcdb({"--db", target, "migrate", "--to", source}, dir.path());
    REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
    auto drift = run_bcdb({"--db", target, "drift", "--to", source}, dir.path());
    CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  }
}
