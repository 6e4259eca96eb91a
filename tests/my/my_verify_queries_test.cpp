// bcdb verify --queries on MariaDB: every statement prepared by the server (COM_STMT_PREPARE),
// which resolves its tables and columns, and none executed.
#include <doctest/doctest.h>

#include "json_schema.h"
#include "../e2e/schemas_fixture.h"
#include "server_project.h"

using namespace bcdb::test;

namespace {

// '?' placeholders, MySQL's backslash escapes, '#' comments and backticks; the bad statements
// are on lines 10, 11 and 15, the ones never prepared on 12 to 14.
const std::string kQueries = R"sql(# the old version's queries, as its ORM logs them
SELECT id, email FROM customers WHERE id = ?;
INSERT INTO customers (email, legacy_code) VALUES (?, ?);
UPDATE customers
   SET legacy_code = ?
 WHERE id = ?;
DELETE FROM customers;  -- would empty the table: it must not run
SELECT 'a;b' AS x, 'it\'s;' AS y, `email` FROM customers;
/* a block; comment */ REPLACE INTO customers (id, email) VALUES (1, 'x@example.com');
SELECT emial FROM customers WHERE id = ?;
SELECT id FROM refunds;
DROP TABLE customers;
START TRANSACTION;
SET SESSION sql_mode = '';
  UPDATE customers SET legacy = ? WHERE id = ?
)sql";

}  // namespace

TEST_CASE("mysql verify --queries lists exactly the statements that would fail, and executes none") {
  MyProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO customers (email, legacy_code) VALUES ('ada@example.com', 'A1'), ('bob@example.com', 'B2')");
  const std::string auto_increment =
      "SELECT AUTO_INCREMENT FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'customers'";
  const std::string next_id = p.db().scalar(auto_increment);
  write_file(p.dir() / "q.sql", kQueries);

  auto r = p.bcdb({"verify", "--queries", "q.sql"});
  CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
  CHECK_MESSAGE(contains(r.out, "q.sql:10:1: Unknown column 'emial' in "), r.out);
  CHECK(contains(r.out, "(error 1054, SQLSTATE 42S22)\n    SELECT emial FROM customers WHERE id = ?\n"));
  // The database's name is not compared: redact() masks the test password "bcdb" in it too.
  CHECK(contains(r.out, "q.sql:11:1: Table '"));
  CHECK(contains(r.out, ".refunds' doesn't exist (error 1146, SQLSTATE 42S02)\n"));
  CHECK(contains(r.out, "q.sql:15:3: Unknown column 'legacy' in "));
  for (const char* not_checked : {"q.sql:12:1: not checked: DROP", "q.sql:13:1: not checked: START",
                                  "q.sql:14:1: not checked: SET"})
    CHECK_MESSAGE(contains(r.out, not_checked), not_checked);
  CHECK(contains(r.out, "3 of 12 statements fail on mysql://bcdb:***@127.0.0.1:33061/" + p.db().name()));
  CHECK_FALSE(contains(r.out + r.err, "bcdb:bcdb@"));
  for (const char* good : {"q.sql:2:", "q.sql:3:", "q.sql:4:", "q.sql:7:", "q.sql:8:", "q.sql:9:"})
    CHECK_MESSAGE(!contains(r.out, good), good);

  // Nothing was executed: the rows, the table and the next AUTO_INCREMENT value are as they were.
  CHECK(p.db().scalar("SELECT count(*) FROM customers") == "2");
  CHECK(p.db().scalar("SELECT email FROM customers WHERE id = 1") == "ada@example.com");
  CHECK(p.db().scalar(auto_increment) == next_id);

  auto json = p.bcdb({"verify", "--queries", "q.sql", "--format", "json"});
  CHECK(json.exit_code == 1);
  CHECK(schema_errors("verify-queries.schema.json", json.out) == "");
  CHECK(contains(json.out, "\"line\": 15,\n      \"column\": 3,"));
  CHECK_FALSE(contains(json.out, "bcdb:bcdb@"));

  write_file(p.dir() / "good.sql", "SELECT legacy_code FROM customers WHERE email = ?;\nDELETE FROM customers WHERE id = ?;\n");
  auto good = p.bcdb({"verify", "--queries", "good.sql"});
  CHECK_MESSAGE(good.exit_code == 0, good.out << good.err);
  CHECK(contains(good.out, "2 statements prepare on mysql://bcdb:***@"));
  CHECK(p.db().scalar("SELECT count(*) FROM customers") == "2");
}
