// bcdb verify --queries on SQLite: an application's statements prepared against the live
// schema, none of them run.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "json_schema.h"
#include "schemas_fixture.h"
#include "project.h"

using namespace bcdb::test;

namespace {

// Good statements in SQLite's placeholder styles, and bad ones on lines 12, 13 and 15.
const std::string kQueries = R"sql(-- the new version's queries, as its ORM logs them
SELECT id, email FROM customers WHERE id = ?;
SELECT legacy_code FROM customers WHERE email = :email;
INSERT INTO customers (email, legacy_code) VALUES (?1, ?2);
UPDATE customers
   SET legacy_code = ?
 WHERE id = ?;
DELETE FROM customers;  /* would empty the table; it must not run */
SELECT 'a;b' AS x, [email] FROM customers;
INSERT INTO customers (email) VALUES ('x@example.com')
;
SELECT emial FROM customers WHERE id = ?;
SELECT id FROM refunds;
DROP TABLE customers;
  UPDATE customers SET legacy = ? WHERE id = ?
)sql";

// "file:line:col" of every failure listed in text output (not the statements not checked).
std::set<std::string> failures(const std::string& out, const std::string& file) {
  std::set<std::string> found;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(file + ":", 0) == 0 && !contains(line, "not checked"))
      found.insert(line.substr(0, line.find(": ")));
  return found;
}

struct Fixture {
  Project p;
  Fixture() {
    p.manifests(kShopBefore);
    REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
    p.db().exec("INSERT INTO customers (email, legacy_code) VALUES ('ada@example.com', 'A1'), ('bob@example.com', 'B2')");
    write_file(p.dir() / "q.sql", kQueries);
  }
};

}  // namespace

TEST_CASE("sqlite verify --queries lists exactly the statements that would fail, and runs none") {
  Fixture f;
  std::string before = f.p.snapshot();
  auto r = f.p.bcdb({"verify", "--queries", "q.sql"});
  CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
  CHECK(failures(r.out, "q.sql") == std::set<std::string>{"q.sql:12:1", "q.sql:13:1", "q.sql:15:3"});
  CHECK_MESSAGE(contains(r.out, "q.sql:12:1: no such column: emial\n    SELECT emial FROM customers WHERE id = ?\n"), r.out);
  CHECK(contains(r.out, "q.sql:13:1: no such table: refunds"));
  CHECK(contains(r.out, "q.sql:15:3: no such column: legacy"));
  CHECK(contains(r.out, "q.sql:14:1: not checked: DROP statement"));
  CHECK(contains(r.out, "3 of 11 statements fail on sqlite:bcdb.db (1 not checked)"));
  // Nothing ran: not the INSERTs, not the DELETE, not the DROP.
  CHECK(f.p.snapshot() == before);
  CHECK(f.p.db().count("customers") == 2);

  auto json = f.p.bcdb({"verify", "--queries", "q.sql", "--format", "json"});
  CHECK(json.exit_code == 1);
  CHECK(schema_errors("verify-queries.schema.json", json.out) == "");
  CHECK(contains(json.out, "\"line\": 15,\n      \"column\": 3,"));
  CHECK(contains(json.out, "\"statements\": 11"));
  CHECK(contains(json.out, "\"kind\": \"DROP\""));
}

TEST_CASE("sqlite verify --queries: several files, all good, exit 0 without manifests") {
  Fixture f;
  write_file(f.p.dir() / "good.sql", "SELECT email FROM customers WHERE id = ?;\n");
  write_file(f.p.dir() / "more.sql", "UPDATE customers SET legacy_code = :name WHERE id = :id");
  std::filesystem::remove_all(f.p.dir() / "manifests");  // the check needs only the database
  auto r = f.p.bcdb({"verify", "--queries", "good.sql", "--queries", "more.sql"});
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.out == "2 statements prepare on sqlite:bcdb.db\n");
  auto quiet = f.p.bcdb({"verify", "--queries", "good.sql", "-q"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out == "");
  auto json = f.p.bcdb({"verify", "--queries", "good.sql", "--queries", "more.sql", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK(schema_errors("verify-queries.schema.json", json.out) == "");
  CHECK(contains(json.out, "\"files\": [\n    \"good.sql\",\n    \"more.sql\"\n  ]"));
  // Without --queries, verify checks the manifests as before: here there are none.
  CHECK(f.p.bcdb({"verify"}).exit_code != 0);
}

TEST_CASE("sqlite verify --queries: a file that cannot be read or split is bad input, a missing database a database error") {
  Fixture f;
  auto missing = f.p.bcdb({"verify", "--queries", "nope.sql"});
  CHECK(missing.exit_code == 2);
  CHECK_MESSAGE(contains(missing.err, "--queries nope.sql: cannot read it (No such file or directory)"), missing.err);
  auto folder = f.p.bcdb({"verify", "--queries", "manifests"});
  CHECK(folder.exit_code == 2);
  CHECK(contains(folder.err, "manifests: is a folder"));
  write_file(f.p.dir() / "open.sql", "SELECT 1;\nSELECT 'it''s\n");
  auto open = f.p.bcdb({"verify", "--queries", "open.sql"});
  CHECK(open.exit_code == 2);
  CHECK_MESSAGE(contains(open.err, "open.sql:2:8: a ' quote opens here and is never closed"), open.err);
  write_file(f.p.dir() / "empty.sql", "-- nothing yet\n");
  auto empty = f.p.bcdb({"verify", "--queries", "empty.sql"});
  CHECK(empty.exit_code == 2);
  CHECK(contains(empty.err, "empty.sql: holds no SQL statement"));
  auto sql = f.p.bcdb({"verify", "--queries", "q.sql", "--format", "sql"});
  CHECK(sql.exit_code == 2);
  auto no_db = f.p.bcdb({"verify", "--queries", "q.sql", "--db", "sqlite:absent.db"});
  CHECK(no_db.exit_code == 3);
  CHECK(contains(no_db.err, "absent.db does not exist"));
  CHECK_FALSE(std::filesystem::exists(f.p.dir() / "absent.db"));
}
