// bcdb on MariaDB, end to end through the binary against the test server.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "dialect/dialect.h"
#include "json_schema.h"
#include "process.h"
#include "support/strings.h"
#include "server_project.h"
#include "../e2e/schemas_fixture.h"

using namespace bcdb::test;

namespace {

void insert_shop_rows(MyDatabase& db) {
  db.exec("INSERT INTO customers (id, email, legacy_code) VALUES (1, 'ada@example.com', 'A1'), (2, 'bob@example.com', NULL)");
  db.exec("INSERT INTO orders (id, customer_id, status, total, note) VALUES (10, 1, 'new', 12.50, 'first'), "
          "(11, 1, 'paid', 99.99, 'second'), (12, 2, 'new', 0, 'third')");
}

// `count` rows into `table` (id, then `rest` for the other columns), in one statement.
void fill(MyDatabase& db, const std::string& table, int count, const std::string& rest) {
  // MariaDB's sequence engine: seq_1_to_N is a table of 1..N.
  db.exec("INSERT INTO `" + table + "` SELECT seq" + (rest.empty() ? "" : ", " + rest) + " FROM seq_1_to_" +
          std::to_string(count));
  db.rows("ANALYZE TABLE `" + table + "`");
}

}  // namespace

TEST_CASE("mysql: first migrate creates the schema, the second finds nothing to do") {
  MyProject p;
  p.manifests(kShopBefore);
  auto first = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(p.db().scalar("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                      "AND TABLE_NAME IN ('customers', 'orders')") == "2");
  auto second = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(contains(second.out, "nothing to do"));
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  CHECK(p.db().scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "succeeded");
}

TEST_CASE("mysql: every ALTER names its algorithm and lock, and every row is kept") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  insert_shop_rows(p.db());
  p.manifests(kShopAfter);
  auto diff = p.bcdb({"diff"});
  REQUIRE_MESSAGE(diff.exit_code == 0, diff.err);
  for (const char* expected :
       {"ADD COLUMN `placed_at` datetime(6) NULL, ALGORITHM=INSTANT", "ALGORITHM=INPLACE, LOCK=NONE",
        "SET SESSION foreign_key_checks = 0", "ADD UNIQUE INDEX `customers_email_key`",
        "SET DEFAULT 'pending'", "DROP COLUMN `legacy_code`"})
    CHECK_MESSAGE(contains(diff.out, expected), expected << " missing from:\n" << diff.out);
  for (const auto& line : bcdb::str::split(p.bcdb({"diff", "--format", "sql"}).out, '\n'))
    if (line.rfind("ALTER TABLE", 0) == 0) CHECK_MESSAGE(contains(line, "ALGORITHM="), line);
  CHECK(schema_errors("plan.schema.json", p.bcdb({"diff", "--format", "json"}).out) == "");

  auto migrate = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  CHECK(p.db().rows("SELECT id, customer_id, status, total, note FROM orders ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"10", "1", "new", "12.50", "first"},
                                              {"11", "1", "paid", "99.99", "second"},
                                              {"12", "2", "new", "0.00", "third"}});
  CHECK(p.db().scalar("SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                      "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'orders_customer_fk'") == "CASCADE");
}

TEST_CASE("mysql: a foreign key is refused, with the database untouched, when orphan rows exist") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  insert_shop_rows(p.db());
  p.db().exec("INSERT INTO orders (id, customer_id, status, total, note) VALUES (13, 99, 'new', 1, 'orphan')");
  p.manifests(kShopBefore + R"toml(
[[tables.orders.foreign_keys]]
name = "orders_customer_fk"
columns = ["customer_id"]
references = { table = "customers" }
)toml");
  auto r = p.bcdb({"migrate"});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, "orders (customer_id) has rows with no match in customers"), r.err);
  CHECK(p.db().scalar("SELECT count(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                      "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'") == "0");
  p.db().exec("DELETE FROM orders WHERE id = 13");
  auto again = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("mysql: a copying change is refused without --allow-blocking; widening a varchar is not") {
  MyProject p;
  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int32" }, { name = "label", type = "varchar(10)" } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  fill(p.db(), "counters", 20000, "'x'");
  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "label", type = "varchar(10)" } ]
)toml");
  auto refused = p.bcdb({"migrate"});
  CHECK(refused.exit_code == 4);
  CHECK(contains(refused.err, "rewrite"));
  CHECK(contains(refused.err, "--allow-blocking"));
  CHECK(p.db().scalar("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                      "AND TABLE_NAME = 'counters' AND COLUMN_NAME = 'id'") == "int");
  auto plan = p.bcdb({"diff"});
  CHECK(contains(plan.out, "ALGORITHM=COPY"));
  REQUIRE(p.bcdb({"migrate", "--allow-blocking"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT count(*) FROM counters") == "20000");

  p.manifests(R"toml(
[tables.counters]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "label", type = "varchar(40)" } ]
)toml");
  auto widen = p.bcdb({"migrate", "--format", "json"});
  REQUIRE_MESSAGE(widen.exit_code == 0, widen.err);
  CHECK(contains(widen.out, "\"safety\": \"brief-lock\""));
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("mysql: a statement waits at most --lock-timeout for a metadata lock, and is retried") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  std::string altered = kShopBefore;
  altered.replace(altered.find("{ name = \"note\", type = \"text\" }"), 33,
                  "{ name = \"note\", type = \"text\", nullable = true }");
  p.manifests(altered);
  // An open transaction that read the table holds its metadata lock until it ends.
  auto blocker = open_session(p.db().url());
  blocker->begin();
  blocker->query("SELECT count(*) FROM orders");
  auto r = p.bcdb({"migrate", "--lock-timeout", "1s", "--retries", "1"});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, "did not get its lock after 2 attempts"), r.err);
  CHECK(p.db().scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "failed");
  Spawned run(bcdb_binary(), {"migrate", "--lock-timeout", "1s", "--retries", "5"}, p.dir(),
              {{"BCDB_DATABASE_URL", p.db().url()}});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  blocker->rollback();
  auto ok = run.wait();
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("mysql: two migrate runs at once: one applies, the other waits and finds nothing to do") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.manifests(kShopAfter);
  std::map<std::string, std::string> env = {{"BCDB_DATABASE_URL", p.db().url()}, {"BCDB_TEST_STEP_DELAY_MS", "100"}};
  std::vector<std::string> args = {"migrate", "--allow-destructive", "--allow-blocking"};
  Spawned a(bcdb_binary(), args, p.dir(), env), b(bcdb_binary(), args, p.dir(), env);
  auto ra = a.wait(), rb = b.wait();
  REQUIRE_MESSAGE(ra.exit_code == 0, ra.err);
  REQUIRE_MESSAGE(rb.exit_code == 0, rb.err);
  CHECK(contains(ra.out + rb.out, "nothing to do"));
  CHECK(contains(ra.out + rb.out, "waiting for the migration lock"));
  CHECK(p.db().scalar("SELECT count(DISTINCT migration_id) FROM bcdb_migration_steps WHERE migration_id > 1") == "1");
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("mysql: a run killed between steps is finished by the next, and no row is lost") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  insert_shop_rows(p.db());
  p.manifests(kShopAfter);
  auto killed = p.bcdb({"migrate", "--allow-destructive"}, {{"BCDB_TEST_KILL_AFTER_STEP", "3"}});
  REQUIRE(killed.signal == SIGKILL);
  // DDL commits by itself: the steps before the kill are in place and recorded.
  CHECK(p.db().scalar("SELECT count(*) FROM bcdb_migration_steps WHERE migration_id = 2 AND status = 'applied'") == "3");
  CHECK(p.bcdb({"drift"}).exit_code == 1);
  auto again = p.bcdb({"migrate", "--allow-destructive"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(contains(again.out, "earlier run stopped before finishing"));
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  CHECK(p.db().scalar("SELECT count(*) FROM orders") == "3");
  CHECK(p.db().scalar("SELECT count(*) FROM customers") == "2");
}

TEST_CASE("mysql: sync-check, drift and verify outputs validate; the password never shows") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto sync = p.bcdb({"sync-check", "--format", "json"});
  CHECK(sync.exit_code == 0);
  CHECK(schema_errors("sync-check.schema.json", sync.out) == "");
  p.manifests(kShopAfter);
  auto drift = p.bcdb({"drift", "--format", "json"});
  CHECK(drift.exit_code == 1);
  CHECK(schema_errors("drift.schema.json", drift.out) == "");

  std::string secret = "Sup3r-s3cret-pw";
  auto wrong = run_bcdb({"drift", "--db", "mariadb://bcdb:" + secret + "@127.0.0.1:33061/bcdb_test"}, p.dir());
  CHECK(wrong.exit_code == 3);
  CHECK_FALSE(contains(wrong.out + wrong.err, secret));
  CHECK_MESSAGE(contains(wrong.err, "mariadb://bcdb:***@127.0.0.1:33061/bcdb_test"), wrong.err);
}

TEST_CASE("mysql: URL options: TLS mode, unix socket, and unknown options named") {
  MyProject p;
  p.manifests(kShopBefore);
  std::string base = p.db().url();
  auto tls = run_bcdb({"migrate", "--db", base + "?ssl-mode=disabled&connect-timeout=5"}, p.dir());
  REQUIRE_MESSAGE(tls.exit_code == 0, tls.err);
  const char* root = std::getenv("BCDB_DB_ROOT");
  std::string socket = std::string(root && *root ? root : "/tmp/bcdb-db") + "/my.sock";
  auto via_socket = run_bcdb({"drift", "--db", "mysql://bcdb:bcdb@localhost/" + p.db().name() + "?socket=" + socket},
                             p.dir());
  CHECK_MESSAGE(via_socket.exit_code == 0, via_socket.err);
  auto unknown = run_bcdb({"drift", "--db", base + "?sslmod=required"}, p.dir());
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "unknown option 'sslmod'"));
  auto schema = run_bcdb({"drift", "--db", base, "--schema", "app"}, p.dir());
  CHECK(schema.exit_code == 2);
  CHECK(contains(schema.err, "mysql databases have no schemas"));
}

TEST_CASE("mysql: the commerce demo migrates, and inspect writes manifests that drift against it cleanly") {
  MyProject p;
  std::filesystem::path commerce = std::filesystem::path(BCDB_SOURCE_DIR) / "manifests" / "commerce";
  auto migrate = p.bcdb({"migrate", "--manifests", commerce.string()});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  CHECK(p.bcdb({"drift", "--manifests", commerce.string()}).exit_code == 0);
  auto inspect = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(inspect.exit_code == 0, inspect.err);
  auto drift = p.bcdb({"drift", "--manifests", "inspected"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
}

TEST_CASE("mysql: a table created without a collation takes the database's, and that is no drift") {
  MyProject p;
  p.db().exec("ALTER DATABASE " + p.db().name() + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  p.db().exec("CREATE TABLE x (id bigint PRIMARY KEY, name varchar(20) NOT NULL)");
  p.manifests(R"toml(
[tables.x]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "name", type = "varchar(20)" } ]

[tables.y]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "name", type = "varchar(20)" } ]
)toml");
  auto migrate = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.err);
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
  // Asking for the database's collation by name is no drift either.
  p.manifests(R"toml(
[tables.x]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "name", type = "varchar(20)" } ]
mysql = { collation = "utf8mb4_unicode_ci" }
)toml");
  auto named = p.bcdb({"diff"});
  CHECK_MESSAGE(contains(named.out, "drop table y"), named.out);
  CHECK_MESSAGE(!contains(named.out, "collation"), named.out);
}

TEST_CASE("mysql: ENUM and SET members keep their letter case through inspect and migrate") {
  MyProject p;
  p.db().exec("CREATE TABLE days (id bigint PRIMARY KEY, d SET('Mon','Tue','it''s') NOT NULL DEFAULT 'Mon', "
              "c ENUM('Red','green') NULL)");
  auto inspect = p.bcdb({"inspect", "--out", "inspected"});
  REQUIRE_MESSAGE(inspect.exit_code == 0, inspect.err);
  const std::string written = read_file(p.dir() / "inspected" / "days.toml");
  CHECK_MESSAGE(contains(written, "set('Mon','Tue','it''s')"), written);
  CHECK_MESSAGE(contains(written, "enum('Red','green')"), written);
  CHECK(p.bcdb({"drift", "--manifests", "inspected"}).exit_code == 0);

  // Built afresh from what inspect wrote, the table has the members as they were written.
  p.db().exec("DROP TABLE days");
  auto migrate = p.bcdb({"migrate", "--manifests", "inspected"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, migrate.out << migrate.err);
  auto types = p.db().rows("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                           "TABLE_NAME = 'days' AND COLUMN_NAME IN ('c', 'd') ORDER BY COLUMN_NAME");
  REQUIRE(types.size() == 2);
  CHECK(types[0][0] == "enum('Red','green')");
  CHECK(types[1][0] == "set('Mon','Tue','it''s')");
}
