// Hardening on SQLite (the shared checks are in tests/support/hardening.cpp), plus what only
// SQLite does: it accepts almost any text when a table is created, so bcdb tries each desired
// table in an in-memory database first.
#include <doctest/doctest.h>

#include "hardening.h"
#include "project.h"
#include "sqlite_db.h"
#include "support/strings.h"

#include <chrono>
#include <thread>

using namespace bcdb::test;

TEST_CASE("sqlite hardening: a statement hidden in a manifest expression never runs") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_hidden_statements_refused(target, dir);
}

TEST_CASE("sqlite hardening: the connection runs exactly one statement per call") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_connection_runs_one_statement(target);
}

TEST_CASE("sqlite hardening: an expression SQLite cannot read is an error naming its table and column") {
  Project p;
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "text", default = "a\"b" } ]
)toml");
  auto verify = p.bcdb({"verify"});
  CHECK(verify.exit_code == 1);
  CHECK_MESSAGE(contains(verify.out, "schema.toml:4:85: table t: column a: default is not one SQL expression"), verify.out);
  auto migrate = p.bcdb({"migrate"});
  CHECK(migrate.exit_code == 2);
  CHECK_FALSE(contains(migrate.err, "internal"));
  CHECK_MESSAGE(contains(migrate.err, "table t: column a: default"), migrate.err);

  // Balanced, but not SQL SQLite compiles: refused at plan time, before any step.
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "int32", default = "1 +" } ]
[tables.u]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "b", type = "int32" } ]
checks = [ { name = "u_b", expr = "b >" } ]
)toml");
  auto bad = p.bcdb({"migrate"});
  CHECK(bad.exit_code == 2);
  CHECK_MESSAGE(contains(bad.err, "table t: column a: SQLite rejects the default '1 +'"), bad.err);
  bool created = std::filesystem::exists(p.db_path()) && p.db().count("sqlite_schema") > 0;
  CHECK_FALSE(created);
}

TEST_CASE("sqlite hardening: the plan-time check covers every table of a large schema, names across tables included") {
  auto tables = [](const std::string& first_index, const std::string& last_default) {
    std::string toml;
    for (int i = 0; i < 70; ++i) {
      toml += "[tables.t" + std::to_string(i) + "]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }";
      if (i == 69) toml += ", { name = \"a\", type = \"int32\", default = \"" + last_default + "\" }";
      toml += " ]\n";
      if (i == 0) toml += "indexes = [ { name = \"" + first_index + "\", columns = [\"id\"] } ]\n";
    }
    return toml;
  };
  Project p;
  // An index of the first table named like the last table: SQLite holds both in one namespace.
  p.manifests(tables("T69", "1"));
  auto clash = p.bcdb({"migrate"});
  CHECK(clash.exit_code == 2);
  CHECK_MESSAGE(contains(clash.err, "table t0: index T69: the name is taken by table t69"), clash.err);
  // The last table's default is compiled too.
  p.manifests(tables("t0_id", "1 +"));
  auto bad = p.bcdb({"migrate"});
  CHECK(bad.exit_code == 2);
  CHECK_MESSAGE(contains(bad.err, "table t69: column a: SQLite rejects the default '1 +'"), bad.err);
  bool created = std::filesystem::exists(p.db_path()) && p.db().count("sqlite_schema") > 0;
  CHECK_FALSE(created);
  p.manifests(tables("t0_id", "1"));
  auto good = p.bcdb({"migrate"});
  CHECK_MESSAGE(good.exit_code == 0, good.out << good.err);
}

TEST_CASE("sqlite hardening: another engine's string syntax is a warning in verify and an error on SQLite") {
  Project p;
  p.manifests(R"toml(
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "a", type = "text", default = "'it\\'s'" } ]
)toml");
  auto verify = p.bcdb({"verify"});
  CHECK(verify.exit_code == 0);
  CHECK_MESSAGE(contains(verify.out, "warning: manifests/schema.toml:4:"), verify.out);
  CHECK(contains(verify.out, "as SQLite and PostgreSQL read it"));
  auto migrate = p.bcdb({"migrate"});
  CHECK(migrate.exit_code == 2);
  CHECK_MESSAGE(contains(migrate.err, "manifests/schema.toml:4:"), migrate.err);
}

TEST_CASE("hardening: a password never prints, from --db, BCDB_DATABASE_URL or bcdb.toml, whatever the URL's shape") {
  Project p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  const std::string secret = "S3cr3t-pw";
  // Port 1 on loopback refuses at once: the URLs that parse fail to connect (exit 3).
  const std::vector<std::pair<std::string, int>> urls = {
      {"postgres://app:pa/" + secret + "@127.0.0.1:1/db", 3},
      {"postgres://app:" + secret, 2},
      {"postgres://app:" + secret + "@127.0.0.1:99999/db", 2},
      {"mysql://u:p?" + secret + "@127.0.0.1:1/db", 3},
      {"mysql://u:" + secret + "@127.0.0.1:1x/db", 2},
      {"postgres://u@127.0.0.1:1/db?password=" + secret, 3},
      {secret + ":x@127.0.0.1/db", 2},
  };
  for (const auto& [url, code] : urls) {
    INFO(url);
    std::vector<RunResult> runs = {p.bcdb({"--db", url, "drift"}), p.bcdb({"drift"}, {{"BCDB_DATABASE_URL", url}}),
                                   p.bcdb({"migrate"}, {{"DATABASE_URL", url}})};
    write_file(p.dir() / "bcdb.toml", "database = \"${env:APP_DB}\"\n");
    runs.push_back(p.bcdb({"diff"}, {{"APP_DB", url}}));
    std::filesystem::remove(p.dir() / "bcdb.toml");
    for (const auto& r : runs) {
      CHECK_MESSAGE(r.exit_code == code, r.err);
      CHECK_MESSAGE(!contains(r.out + r.err, secret), r.out << r.err);
      CHECK_MESSAGE(!contains(r.out + r.err, "internal"), r.err);
    }
  }
}

TEST_CASE("hardening: an unset ${env:X} in a bcdb.toml value that is not used is no error") {
  Project p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  write_file(p.dir() / "bcdb.toml", "database = \"postgres://app:${env:BCDB_TEST_UNSET_PW}@db.internal/app\"\n"
                                    "[env.ci]\nmanifests = \"${env:BCDB_TEST_UNSET_DIR}\"\n");
  auto r = p.bcdb({"--db", "sqlite:x.db", "migrate"}, {{"BCDB_TEST_UNSET_PW", ""}});
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  auto env = p.bcdb({"--db", "sqlite:x.db", "--manifests", "manifests", "drift", "--env", "ci"});
  CHECK_MESSAGE(env.exit_code == 0, env.err);
  // Used, it must be set: the error names where it is written.
  auto used = p.bcdb({"drift"});
  CHECK(used.exit_code == 2);
  CHECK_MESSAGE(contains(used.err, "bcdb.toml:1:12: environment variable BCDB_TEST_UNSET_PW is not set"), used.err);
}

TEST_CASE("hardening: every duration and count option is range-checked, and 0 never means forever") {
  Project p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"migrate", "--lock-timeout", "0"}, "--lock-timeout must be from 1ms to 1h"},
      {{"migrate", "--lock-timeout", "0ms"}, "--lock-timeout must be from 1ms to 1h"},
      {{"migrate", "--lock-timeout", "4294967296ms"}, "--lock-timeout must be from 1ms to 1h"},
      {{"migrate", "--lock-timeout", "2147483648ms"}, "--lock-timeout must be from 1ms to 1h"},
      {{"migrate", "--lock-timeout", "9223372036854775807h"}, "--lock-timeout"},
      {{"migrate", "--lock-timeout", "-5s"}, "--lock-timeout takes a duration"},
      {{"migrate", "--lock-timeout", "1.2.3s"}, "--lock-timeout takes a duration"},
      {{"diff", "--lock-timeout", "0"}, "--lock-timeout must be from 1ms to 1h"},
      {{"migrate", "--retries", "-1"}, "--retries takes a whole number from 0 to 100"},
      {{"migrate", "--retries", "101"}, "--retries must be from 0 to 100"},
      {{"migrate", "--retries", "4294967296"}, "--retries must be from 0 to 100"},
      {{"migrate", "--lock-wait", "25h"}, "--lock-wait must be from 0ms to 24h"},
      {{"migrate", "--rewrite-threshold", "-1"}, "--rewrite-threshold takes a whole number"},
      {{"seed", "commerce", "--scale", "0"}, "--scale must be from 1 to"},
      {{"seed", "commerce", "--scale", "18446744073709551616"}, "--scale"},
      {{"seed", "commerce", "--lock-wait", "2147483648ms"}, "--lock-wait must be from 0ms to 24h"},
      {{"--db", "mysql://u@127.0.0.1:1/db?connect-timeout=abc", "drift"}, "connect-timeout takes whole seconds from 1 to 3600"},
      {{"--db", "mysql://u@127.0.0.1:1/db?connect-timeout=0", "drift"}, "connect-timeout takes whole seconds"},
      {{"--db", "postgres://u@127.0.0.1:1/db?connect_timeout=0", "drift"}, "connect_timeout takes whole seconds"},
  };
  for (const auto& [args, message] : refused) {
    auto r = p.bcdb(args);
    INFO(bcdb::str::join(args, " "));
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, message), r.err);
  }
  CHECK_FALSE(std::filesystem::exists(p.db_path()));
  for (std::vector<std::string> args : {std::vector<std::string>{"migrate", "--lock-timeout", "1.5s", "--retries", "0"},
                                        std::vector<std::string>{"migrate", "--lock-wait", "0", "--lock-timeout", "1ms"}})
    CHECK(p.bcdb(args).exit_code == 0);
}

TEST_CASE("hardening: on SQLite --lock-timeout bounds the wait for another connection's write lock") {
  Project p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n"
              "[tables.u]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  SqliteDb writer(p.db_path());
  writer.exec("BEGIN IMMEDIATE");
  auto started = std::chrono::steady_clock::now();
  auto r = p.bcdb({"migrate", "--lock-timeout", "200ms", "--retries", "0"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, "locked by another connection"), r.err);
  // SQLite's fixed busy timeout was 5 s; 200 ms plus a process start is far below it.
  CHECK_MESSAGE(seconds < 4.0, seconds << " s");
  writer.exec("ROLLBACK");
  CHECK(p.bcdb({"migrate", "--lock-timeout", "200ms"}).exit_code == 0);
}

TEST_CASE("hardening: a SQL export starts with SQLite's own lock timeout") {
  Project p;
  p.manifests("[tables.u]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests("[tables.u]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n"
              "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  auto r = p.bcdb({"diff", "--format", "sql", "--lock-timeout", "750ms"});
  REQUIRE(r.exit_code == 0);
  auto first_statement = r.out.find("PRAGMA busy_timeout = 750;");
  CHECK(first_statement != std::string::npos);
  CHECK(first_statement < r.out.find("CREATE TABLE"));
  auto dry = p.bcdb({"migrate", "--dry-run", "--format", "sql"});
  CHECK(contains(dry.out, "PRAGMA busy_timeout = 2000;"));
}

TEST_CASE("sqlite hardening: names the engine cannot hold are refused before any step") {
  TempDir dir(scratch_dir());
  SqliteTarget target(dir);
  check_names_the_engine_cannot_hold(target, dir);
}

TEST_CASE("sqlite hardening: a name the database still holds elsewhere is refused at plan time, not half-way") {
  Project p;
  p.manifests("[tables.a]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, { name = \"x\", type = \"int32\" } ]\n"
              "indexes = [ { name = \"x_idx\", columns = [\"x\"] } ]\n");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::string before = p.snapshot();
  // Table a goes (in contract), b comes (in expand) with a's index name: SQLite index names
  // are database-wide, so b's index cannot be created while a exists.
  p.manifests("[tables.b]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, { name = \"x\", type = \"int32\" } ]\n"
              "indexes = [ { name = \"x_idx\", columns = [\"x\"] } ]\n");
  for (std::vector<std::string> args : {std::vector<std::string>{"diff"}, std::vector<std::string>{"migrate", "--allow-destructive"}}) {
    auto r = p.bcdb(args);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "table b: index x_idx: the name x_idx is held by index x_idx of table a"), r.err);
  }
  // Respelled in another case: the same name to SQLite.
  p.manifests("[tables.A]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, { name = \"x\", type = \"int32\" } ]\n");
  auto respelled = p.bcdb({"migrate", "--allow-destructive"});
  CHECK(respelled.exit_code == 2);
  CHECK_MESSAGE(contains(respelled.err, "schema.toml:1:9: table A: the name A is held by table a (names differ only in case"), respelled.err);
  CHECK(p.snapshot() == before);
  // With the rename hint, the table keeps its index and its name is free.
  p.manifests("[tables.b]\nrenamed_from = \"a\"\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" }, "
              "{ name = \"x\", type = \"int32\" } ]\nindexes = [ { name = \"x_idx\", columns = [\"x\"] } ]\n");
  auto renamed = p.bcdb({"migrate"});
  CHECK_MESSAGE(renamed.exit_code == 0, renamed.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

namespace {

const char* const kSavedBefore = R"toml(
[tables.victim]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "old", type = "text", nullable = true } ]
)toml";

const char* const kSavedAfter = R"toml(
[tables.victim]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
[tables.t]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "note", type = "text", nullable = true } ]
indexes = [ { name = "t_note_idx", columns = ["note"] } ]
)toml";

// A project at kSavedBefore holding rows, and plan.json to kSavedAfter (add note, index, drop old).
void saved_plan_project(Project& p) {
  p.manifests(kSavedBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO victim VALUES (1), (2); INSERT INTO t VALUES (1, 'x')");
  p.manifests(kSavedAfter);
  REQUIRE(p.bcdb({"diff", "--out", "plan.json", "--quiet"}).exit_code == 0);
}

std::string runs(Project& p) {
  return p.db().scalar("SELECT count(*) || ':' || coalesce(group_concat(status), '') FROM bcdb_migrations");
}

}  // namespace

TEST_CASE("saved plans: an edited plan is refused before anything runs, and a forged digest does not help") {
  Project p;
  saved_plan_project(p);
  std::string plan = read_file(p.dir() / "plan.json");
  std::string before = p.snapshot(), history = runs(p);
  REQUIRE(contains(plan, "CREATE INDEX \\\"t_note_idx\\\""));
  std::string edited = bcdb::str::replace_all(plan, "CREATE INDEX \\\"t_note_idx\\\" ON \\\"t\\\" (\\\"note\\\")", "DROP TABLE victim");
  REQUIRE(edited != plan);
  write_file(p.dir() / "edited.json", edited);
  auto r = p.bcdb({"migrate", "--plan", "edited.json", "--allow-destructive"});
  CHECK(r.exit_code == 4);
  CHECK_MESSAGE(contains(r.err, "edited.json was changed after bcdb wrote it (its digest does not match its content)"), r.err);
  CHECK(p.snapshot() == before);

  write_file(p.dir() / "forged.json", with_forged_digest(edited));
  auto forged = p.bcdb({"migrate", "--plan", "forged.json", "--allow-destructive"});
  CHECK(forged.exit_code == 4);
  CHECK_MESSAGE(contains(forged.err, "forged.json differs from the plan bcdb makes for sqlite:"), forged.err);
  CHECK(contains(forged.err, "DROP TABLE victim"));
  CHECK(p.snapshot() == before);
  CHECK(runs(p) == history);  // nothing was recorded either
}

TEST_CASE("saved plans: the guards come from the steps as planned now, never from the classes the file claims") {
  Project p;
  saved_plan_project(p);
  std::string plan = read_file(p.dir() / "plan.json");
  REQUIRE(contains(plan, "\"safety\": \"destructive\""));
  // Claims no step loses data, with a digest that matches the claim.
  write_file(p.dir() / "claims.json", with_forged_digest(bcdb::str::replace_all(plan, "\"safety\": \"destructive\"",
                                                                                  "\"safety\": \"online\"")));
  std::string before = p.snapshot();
  auto r = p.bcdb({"migrate", "--plan", "claims.json"});
  CHECK(r.exit_code == 4);
  CHECK_MESSAGE(contains(r.err, "destructive"), r.err);
  CHECK(contains(r.err, "needs --allow-destructive"));
  CHECK(p.snapshot() == before);
  auto ok = p.bcdb({"migrate", "--plan", "claims.json", "--allow-destructive"});
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("saved plans: messages name the --db target, and a plan of another engine or version is refused") {
  Project p;
  saved_plan_project(p);
  std::filesystem::copy_file(p.db_path(), p.dir() / "copy.db");
  auto applied = p.bcdb({"--db", "sqlite:copy.db", "migrate", "--plan", "plan.json", "--allow-destructive"});
  REQUIRE_MESSAGE(applied.exit_code == 0, applied.err);
  CHECK_MESSAGE(contains(applied.out, "sqlite:copy.db is in sync"), applied.out);
  auto again = p.bcdb({"--db", "sqlite:copy.db", "migrate", "--plan", "plan.json", "--allow-destructive"});
  CHECK(again.exit_code == 4);
  CHECK_MESSAGE(contains(again.err, "sqlite:copy.db has changed since plan.json was made"), again.err);

  std::string plan = read_file(p.dir() / "plan.json");
  write_file(p.dir() / "pg.json", with_forged_digest(bcdb::str::replace_all(plan, "\"engine\": \"sqlite\"", "\"engine\": \"postgres\"")));
  auto engine = p.bcdb({"migrate", "--plan", "pg.json"});
  CHECK(engine.exit_code == 4);
  CHECK_MESSAGE(contains(engine.err, "pg.json was made for a postgres database, and sqlite:"), engine.err);
  write_file(p.dir() / "old.json", with_forged_digest(bcdb::str::replace_all(plan, "\"bcdb_version\": \"", "\"bcdb_version\": \"0.0.")));
  auto version = p.bcdb({"migrate", "--plan", "old.json"});
  CHECK(version.exit_code == 4);
  CHECK_MESSAGE(contains(version.err, "old.json was made by bcdb 0.0."), version.err);
}

TEST_CASE("saved plans: a plan file that is not one is exit 2 naming the file and the path, never internal") {
  Project p;
  saved_plan_project(p);
  std::string plan = read_file(p.dir() / "plan.json");
  const std::vector<std::pair<std::string, std::string>> broken = {
      {bcdb::str::replace_all(plan, "\"transactional\": true", "\"transactional\": \"yes\""), "/steps/0/transactional must be true or false"},
      {bcdb::str::replace_all(plan, "\"ordinal\": 1,", "\"ordinal\": 1e400,"), "not a JSON plan"},
      {bcdb::str::replace_all(plan, "\"format\": \"bcdb.plan\"", "\"format\": 1"), "/format must be a string"},
      {"[]", "not a bcdb plan"},
      {"{", "not a JSON plan"},
  };
  for (const auto& [text, message] : broken) {
    write_file(p.dir() / "broken.json", with_forged_digest_if_json(text));
    auto r = p.bcdb({"migrate", "--plan", "broken.json"});
    INFO(message);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "broken.json: "), r.err);
    CHECK_MESSAGE(contains(r.err, message), r.err);
    CHECK_FALSE(contains(r.err, "internal"));
  }
}

TEST_CASE("saved plans: a run that leaves the database off the plan's target fails, exit 1, recorded as failed") {
  Project p;
  saved_plan_project(p);
  // Between two steps another client adds a column the plan's target does not have.
  Spawned run(bcdb_binary(), {"migrate", "--plan", "plan.json", "--allow-destructive"}, p.dir(),
              {{"BCDB_TEST_STEP_DELAY_MS", "600"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  SqliteDb(p.db_path()).exec("ALTER TABLE victim ADD COLUMN intruder TEXT");
  auto r = run.wait();
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(contains(r.err, "still differs from plan.json"), r.err);
  CHECK(contains(r.err, "intruder"));
  CHECK(p.db().scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "failed");
}

namespace {

const char* const kOneTable = "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n";
const char* const kTwoTables = "[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n"
                               "[tables.u]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n";

}  // namespace

TEST_CASE("sqlite hardening: one file reached through any spelling takes one migration lock") {
  Project p;
  p.manifests(kOneTable);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::filesystem::create_directories(p.dir() / "sub");
  std::filesystem::create_symlink(p.db_path(), p.dir() / "link.db");
  p.manifests(kTwoTables);
  const std::vector<std::string> spellings = {
      "sqlite:link.db", "sqlite:" + p.db_path().string(), "sqlite:file:bcdb.db", "sqlite:./bcdb.db",
      "sqlite:sub/../bcdb.db", "sqlite:file://" + p.db_path().string(),
  };
  for (const auto& other : spellings) {
    INFO(other);
    // One run holds the lock for a while (it pauses after its step); the other, started meanwhile
    // through another spelling of the same file, must find the lock taken.
    Spawned holder(bcdb_binary(), {"--db", "sqlite:bcdb.db", "migrate"}, p.dir(), {{"BCDB_TEST_STEP_DELAY_MS", "1500"}});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto second = p.bcdb({"--db", other, "migrate", "--lock-wait", "0"});
    CHECK(second.exit_code == 3);
    CHECK_MESSAGE(contains(second.err, "another bcdb migrate holds the migration lock"), second.err);
    auto first = holder.wait();
    CHECK_MESSAGE(first.exit_code == 0, first.err);
    p.manifests(kOneTable);
    REQUIRE(p.bcdb({"migrate", "--allow-destructive"}).exit_code == 0);
    p.manifests(kTwoTables);
  }
  CHECK_FALSE(std::filesystem::exists(p.dir() / "link.db.bcdb-lock"));
  CHECK_FALSE(std::filesystem::exists(p.dir() / "file:bcdb.db"));
}

TEST_CASE("sqlite hardening: sqlite:file:x.db?mode=ro reads and never writes") {
  Project p;
  p.manifests(kOneTable);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kTwoTables);
  std::filesystem::remove(p.dir() / "bcdb.db.bcdb-lock");
  std::string bytes = read_file(p.db_path());
  auto mtime = std::filesystem::last_write_time(p.db_path());
  const std::string ro = "sqlite:file:bcdb.db?mode=ro";
  CHECK(p.bcdb({"--db", ro, "drift"}).exit_code == 1);
  CHECK(p.bcdb({"--db", ro, "diff"}).exit_code == 0);
  CHECK(p.bcdb({"--db", ro, "sync-check"}).exit_code == 1);
  CHECK(p.bcdb({"--db", ro, "migrate", "--dry-run"}).exit_code == 0);
  CHECK(p.bcdb({"--db", ro, "inspect", "--out", "inspected"}).exit_code == 0);
  for (const auto& r : {p.bcdb({"--db", ro, "migrate"}), p.bcdb({"--db", ro, "seed", "commerce"})}) {
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "is opened read-only"), r.err);
  }
  CHECK(read_file(p.db_path()) == bytes);
  CHECK(std::filesystem::last_write_time(p.db_path()) == mtime);
  CHECK_FALSE(std::filesystem::exists(p.dir() / "bcdb.db.bcdb-lock"));
  CHECK_FALSE(std::filesystem::exists(p.dir() / "bcdb.db-journal"));
  auto unknown = p.bcdb({"--db", "sqlite:file:bcdb.db?mode=readonly", "drift"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "mode=readonly is not one of ro, rw, rwc or memory"));
}

TEST_CASE("sqlite hardening: a command that reads a database that does not exist says so, exit 3, and creates nothing") {
  Project p;
  p.manifests(kOneTable);
  for (std::vector<std::string> args : {std::vector<std::string>{"drift"}, std::vector<std::string>{"diff"},
                                        std::vector<std::string>{"sync-check"}, std::vector<std::string>{"inspect", "--out", "x"},
                                        std::vector<std::string>{"diff", "--db", "sqlite:bcdb.db", "--to", "sqlite:missing.db"}}) {
    auto r = p.bcdb(args);
    INFO(bcdb::str::join(args, " "));
    CHECK(r.exit_code == 3);
    CHECK_MESSAGE(contains(r.err, "does not exist"), r.err);
  }
  CHECK_FALSE(std::filesystem::exists(p.db_path()));
  CHECK_FALSE(std::filesystem::exists(p.dir() / "missing.db"));
  // A dry run shows what migrate would create, and creates nothing either.
  auto dry = p.bcdb({"migrate", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "create table t"));
  CHECK_FALSE(std::filesystem::exists(p.db_path()));
}

TEST_CASE("hardening: a dangling .toml symlink in the manifest folder is an error, not skipped") {
  Project p;
  p.manifests(kOneTable);
  std::filesystem::create_symlink(p.dir() / "nowhere" / "orders.toml", p.dir() / "manifests" / "orders.toml");
  auto verify = p.bcdb({"verify"});
  CHECK(verify.exit_code == 1);
  CHECK_MESSAGE(contains(verify.out, "manifests/orders.toml: a symbolic link to"), verify.out);
  CHECK(contains(verify.out, "which does not exist"));
  CHECK(p.bcdb({"migrate"}).exit_code == 2);
}

TEST_CASE("hardening: diff exits 0 once it has printed the plan; --exit-code makes pending steps exit 1") {
  Project p;
  p.manifests(kOneTable);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  CHECK(p.bcdb({"diff"}).exit_code == 0);
  CHECK(p.bcdb({"diff", "--exit-code"}).exit_code == 0);  // nothing pending
  p.manifests(kTwoTables);
  CHECK(p.bcdb({"diff"}).exit_code == 0);
  for (const std::string format : {"text", "json", "sql"})
    CHECK(p.bcdb({"diff", "--exit-code", "--format", format}).exit_code == 1);
  auto help = p.bcdb({"diff", "--help"});
  CHECK(contains(help.out, "--exit-code"));
  CHECK(contains(help.out, "bcdb diff exits 0 once it has printed the plan"));
}
