// bcdb verify --queries on PostgreSQL: every statement parsed and resolved by the server's
// prepare, in a transaction that is rolled back, and none executed.
#include <doctest/doctest.h>

#include "json_schema.h"
#include "../e2e/schemas_fixture.h"
#include "server_project.h"

using namespace bcdb::test;

namespace {

// $n parameters without types, dollar quotes and E'' strings hiding ';', comments; the bad
// statements are on lines 10, 11 and 15, the ones never prepared on 12 to 14.
const std::string kQueries = R"sql(-- the old version's queries, as its ORM logs them
SELECT id, email FROM customers WHERE id = $1;
INSERT INTO customers (email, legacy_code) VALUES ($1, $2) RETURNING id;
UPDATE customers
   SET legacy_code = $2
 WHERE id = $1;
DELETE FROM customers;  -- would empty the table: it must not run
SELECT 'a;b' AS x, $$c;d$$ AS y, E'it\'s;' AS z, email FROM customers;
/* a block; comment */ INSERT INTO customers (email) VALUES ('x@example.com');
SELECT emial FROM customers WHERE id = $1;
SELECT id FROM refunds;
DROP TABLE customers;
BEGIN;
SET lock_timeout = '1s';
  UPDATE customers SET legacy = $1 WHERE id = $2
)sql";

const std::string kNotesBody = R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "body", type = "text" } ]
)toml";

const std::string kNotesNote = R"toml(
[tables.notes]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" }, { name = "note", type = "text", renamed_from = "body" } ]
)toml";

}  // namespace

TEST_CASE("postgres verify --queries lists exactly the statements that would fail, and executes none") {
  PgProject p;
  p.manifests(kShopBefore);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO customers (email, legacy_code) VALUES ('ada@example.com', 'A1'), ('bob@example.com', 'B2')");
  const std::string sequence = "SELECT last_value FROM " + p.db().scalar("SELECT pg_get_serial_sequence('customers', 'id')");
  const std::string last_value = p.db().scalar(sequence);
  write_file(p.dir() / "q.sql", kQueries);

  auto r = p.bcdb({"verify", "--queries", "q.sql"});
  CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
  CHECK_MESSAGE(contains(r.out, "q.sql:10:1: column \"emial\" does not exist (SQLSTATE 42703); hint: Perhaps you meant to "
                                "reference the column \"customers.email\".\n    SELECT emial FROM customers WHERE id = $1\n"),
                r.out);
  CHECK(contains(r.out, "q.sql:11:1: relation \"refunds\" does not exist (SQLSTATE 42P01)"));
  CHECK(contains(r.out, "q.sql:15:3: column \"legacy\" of relation \"customers\" does not exist (SQLSTATE 42703)"));
  for (const char* not_checked : {"q.sql:12:1: not checked: DROP", "q.sql:13:1: not checked: BEGIN",
                                  "q.sql:14:1: not checked: SET"})
    CHECK_MESSAGE(contains(r.out, not_checked), not_checked);
  CHECK(contains(r.out, "3 of 12 statements fail on " + p.db().url() + " (3 not checked)\n"));
  // Exactly those: no good statement is listed.
  for (const char* good : {"q.sql:2:", "q.sql:3:", "q.sql:4:", "q.sql:7:", "q.sql:8:", "q.sql:9:"})
    CHECK_MESSAGE(!contains(r.out, good), good);

  // Nothing was executed: the rows, the table and even the identity sequence (which an INSERT
  // advances for good, rolled back or not) are as they were.
  CHECK(p.db().scalar("SELECT count(*) FROM customers") == "2");
  CHECK(p.db().scalar(sequence) == last_value);

  auto json = p.bcdb({"verify", "--queries", "q.sql", "--format", "json"});
  CHECK(json.exit_code == 1);
  CHECK(schema_errors("verify-queries.schema.json", json.out) == "");
  CHECK(contains(json.out, "\"line\": 10,\n      \"column\": 1,"));
  CHECK(contains(json.out, "\"checked\": 9"));

  write_file(p.dir() / "good.sql", "SELECT legacy_code FROM customers WHERE email = $1;\nDELETE FROM customers WHERE id = $1;\n");
  auto good = p.bcdb({"verify", "--queries", "good.sql"});
  CHECK_MESSAGE(good.exit_code == 0, good.out << good.err);
  CHECK(good.out == "2 statements prepare on " + p.db().url() + "\n");
  CHECK(p.db().scalar("SELECT count(*) FROM customers") == "2");
}

TEST_CASE("postgres verify --queries: after expand both versions' queries prepare, after contract only the new one's") {
  PgProject p;
  p.manifests(kNotesBody);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO notes (id, body) VALUES (1, 'one'), (2, 'two')");
  write_file(p.dir() / "blue.sql", "SELECT body FROM notes WHERE id = $1;\nUPDATE notes SET body = $1 WHERE id = $2;\n"
                                   "INSERT INTO notes (id, body) VALUES ($1, $2);\n");
  write_file(p.dir() / "green.sql", "SELECT note FROM notes WHERE id = $1;\nUPDATE notes SET note = $1 WHERE id = $2;\n"
                                    "INSERT INTO notes (id, note) VALUES ($1, $2);\n");
  auto before = p.bcdb({"verify", "--queries", "blue.sql", "--queries", "green.sql"});
  CHECK(before.exit_code == 1);  // green's column does not exist yet
  CHECK(contains(before.out, "green.sql:1:1: column \"note\" does not exist"));

  p.manifests(kNotesNote);
  auto expand = p.bcdb({"migrate", "--phase", "expand"});
  REQUIRE_MESSAGE(expand.exit_code == 0, expand.out << expand.err);
  auto both = p.bcdb({"verify", "--queries", "blue.sql", "--queries", "green.sql"});
  CHECK_MESSAGE(both.exit_code == 0, both.out);
  CHECK(contains(both.out, "6 statements prepare"));

  REQUIRE(p.bcdb({"migrate", "--phase", "backfill"}).exit_code == 0);
  REQUIRE(p.bcdb({"migrate", "--phase", "contract"}).exit_code == 0);
  auto after = p.bcdb({"verify", "--queries", "blue.sql", "--queries", "green.sql"});
  CHECK(after.exit_code == 1);
  CHECK(contains(after.out, "3 of 6 statements fail"));
  CHECK(contains(after.out, "blue.sql:1:1: column \"body\" does not exist"));
  CHECK(p.db().scalar("SELECT count(*) FROM notes") == "2");
}

TEST_CASE("postgres verify --queries: a server that cannot be reached is a database error") {
  TempDir dir;
  write_file(dir / "q.sql", "SELECT 1");
  auto r = run_bcdb({"verify", "--queries", "q.sql", "--db", "postgres://postgres:s3cret@127.0.0.1:1/x?connect_timeout=2"},
                    dir.path());
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, "cannot connect"));
  CHECK_FALSE(contains(r.err + r.out, "s3cret"));
}
