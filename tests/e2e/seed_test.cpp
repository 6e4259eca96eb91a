// bcdb seed on SQLite, through the binary: deterministic demo data, idempotent and resumable.
#include <doctest/doctest.h>

#include <csignal>

#include "json_schema.h"
#include "project.h"
#include "seed_checksum.h"

using namespace bcdb::test;

namespace {

std::map<std::string, std::string> checksums(const Project& p, const std::string& vertical) {
  SqliteDb db = p.db();
  return seed_checksums(SeedEngine::sqlite, vertical, [&db](const std::string& sql) { return db.rows(sql); });
}

RunResult seed(const Project& p, std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), "seed");
  return p.bcdb(args, env);
}

}  // namespace

TEST_CASE("seed commerce fills every table in foreign-key order, with consistent amounts") {
  Project p;
  auto r = seed(p, {"commerce", "--migrate", "--scale", "300", "--seed", "7"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto db = p.db();
  CHECK(db.count("orders") == 300);  // --scale counts the main table
  for (const auto& t : vertical_tables("commerce")) CHECK_MESSAGE(db.count(t) > 0, t);
  CHECK(db.rows("PRAGMA foreign_key_check").empty());
  // Amounts agree: lines, subtotal, shipping and total; payments take the total.
  CHECK(db.scalar("SELECT count(*) FROM orders o WHERE abs(o.subtotal - (SELECT sum(line_total) FROM order_items i "
                  "WHERE i.order_id = o.id)) > 0.001 OR abs(o.total - o.subtotal - o.shipping) > 0.001") == "0");
  CHECK(db.scalar("SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id "
                  "WHERE abs(i.unit_price - p.price) > 0.001") == "0");
  CHECK(db.scalar("SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE abs(p.amount - o.total) > 0.001") == "0");
  // Orders come after their customer signed up, and go to one of that customer's addresses.
  CHECK(db.scalar("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.placed_at < c.created_at") == "0");
  CHECK(db.scalar("SELECT count(*) FROM orders o JOIN addresses a ON a.id = o.shipping_address_id "
                  "WHERE a.customer_id <> o.customer_id") == "0");
  // Plausible proportions: mostly delivered, a few of every other status.
  auto delivered = std::stoi(db.scalar("SELECT count(*) FROM orders WHERE status = 'delivered'"));
  CHECK(delivered > 200);
  CHECK(std::stoi(db.scalar("SELECT count(DISTINCT status) FROM orders")) >= 3);
  // Popularity is skewed: the top tenth of the products sells far more than a tenth of the lines.
  auto top = std::stod(db.scalar("SELECT CAST(sum(n) AS REAL) / (SELECT count(*) FROM order_items) FROM (SELECT count(*) n "
                                 "FROM order_items GROUP BY product_id ORDER BY n DESC LIMIT (SELECT count(*) / 10 FROM products))"));
  CHECK(top > 0.25);
  CHECK(contains(r.out, "seeded "));
  // bcdb_seeds is bcdb's own, like the history tables: never drift.
  p.vertical("commerce");
  auto drift = p.bcdb({"drift"});
  CHECK_MESSAGE(drift.exit_code == 0, drift.out);
}

TEST_CASE("every vertical seeds at a small scale with its checks and foreign keys holding") {
  for (const std::string vertical : {"commerce", "auth", "payments"}) {
    CAPTURE(vertical);
    Project p;
    auto r = seed(p, {vertical, "--migrate", "--scale", "150"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto db = p.db();
    CHECK(db.rows("PRAGMA foreign_key_check").empty());
    for (const auto& t : vertical_tables(vertical)) CHECK_MESSAGE(db.count(t) > 0, t);
  }
}

TEST_CASE("the same --scale and --seed give the same rows; another seed gives other rows") {
  Project a, b, c;
  REQUIRE(seed(a, {"auth", "--migrate", "--scale", "200", "--seed", "42"}).exit_code == 0);
  REQUIRE(seed(b, {"auth", "--migrate", "--scale", "200", "--seed", "42"}).exit_code == 0);
  REQUIRE(seed(c, {"auth", "--migrate", "--scale", "200", "--seed", "43"}).exit_code == 0);
  auto sa = checksums(a, "auth"), sb = checksums(b, "auth"), sc = checksums(c, "auth");
  CHECK(sa == sb);
  CHECK(sa["users"] != sc["users"]);
  CHECK(sa["sessions"] != sc["sessions"]);
  CHECK(sa["roles"] == sc["roles"]);  // fixed reference data
}

TEST_CASE("seeding again inserts nothing and says so") {
  Project p;
  REQUIRE(seed(p, {"payments", "--migrate", "--scale", "200"}).exit_code == 0);
  auto before = checksums(p, "payments");
  auto again = seed(p, {"payments", "--scale", "200"});
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "nothing to insert"));
  CHECK(contains(again.out, "already there"));
  CHECK(checksums(p, "payments") == before);
}

TEST_CASE("another --seed or --scale over a seeded vertical is refused; --truncate replaces it") {
  Project p, fresh;
  REQUIRE(seed(p, {"commerce", "--migrate", "--scale", "200", "--seed", "1"}).exit_code == 0);
  auto refused = seed(p, {"commerce", "--scale", "200", "--seed", "2"});
  CHECK(refused.exit_code == 4);
  CHECK(contains(refused.err, "--seed 1"));
  CHECK(contains(refused.err, "--truncate"));
  CHECK(seed(p, {"commerce", "--scale", "300", "--seed", "1"}).exit_code == 4);

  auto replaced = seed(p, {"commerce", "--scale", "200", "--seed", "2", "--truncate"});
  REQUIRE_MESSAGE(replaced.exit_code == 0, replaced.err);
  REQUIRE(seed(fresh, {"commerce", "--migrate", "--scale", "200", "--seed", "2"}).exit_code == 0);
  CHECK(checksums(p, "commerce") == checksums(fresh, "commerce"));
}

TEST_CASE("rows that bcdb seed did not write are never mixed with seeded ones") {
  Project p;
  p.vertical("auth");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO roles (id, name, description) VALUES (99, 'auditor', 'Reads the audit log')");
  auto r = seed(p, {"auth", "--scale", "10"});
  CHECK(r.exit_code == 4);
  CHECK(contains(r.err, "table roles already holds 1 rows that bcdb seed did not write"));
  CHECK(p.db().count("users") == 0);
  auto replaced = seed(p, {"auth", "--scale", "10", "--truncate"});
  REQUIRE_MESSAGE(replaced.exit_code == 0, replaced.err);
  CHECK(p.db().scalar("SELECT count(*) FROM roles WHERE name = 'auditor'") == "0");
}

TEST_CASE("rows deleted from a seeded table are refused, never collided with") {
  Project p;
  REQUIRE(seed(p, {"auth", "--migrate", "--scale", "60"}).exit_code == 0);
  p.db().exec("DELETE FROM audit_log WHERE id = 7");
  auto r = seed(p, {"auth", "--scale", "60"});
  CHECK(r.exit_code == 4);
  CHECK(contains(r.err, "rows were deleted or added since bcdb seed wrote them"));
  CHECK(seed(p, {"auth", "--scale", "60", "--truncate"}).exit_code == 0);
}

TEST_CASE("a seed killed half-way is completed by the next run, without duplicates or gaps") {
  Project p, whole;
  std::map<std::string, std::string> env = {{"BCDB_TEST_SEED_CHUNK_ROWS", "100"}, {"BCDB_TEST_KILL_AFTER_ROWS", "2345"}};
  auto killed = seed(p, {"commerce", "--migrate", "--scale", "400"}, env);
  REQUIRE(killed.signal == SIGKILL);
  auto db = p.db();
  CHECK(db.scalar("PRAGMA integrity_check") == "ok");
  long long stored = 0;
  for (const auto& t : vertical_tables("commerce")) stored += db.count(t);
  CHECK(stored > 2000);  // committed chunks stayed
  CHECK(stored < 2345);  // the chunk in flight did not
  CHECK(db.scalar("SELECT status FROM bcdb_seeds") == "running");

  auto again = seed(p, {"commerce", "--scale", "400"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(contains(again.out, "stopped half-way"));
  REQUIRE(seed(whole, {"commerce", "--migrate", "--scale", "400"}).exit_code == 0);
  CHECK(checksums(p, "commerce") == checksums(whole, "commerce"));
  for (const auto& t : vertical_id_tables("commerce"))
    CHECK_MESSAGE(db.scalar("SELECT count(*) = max(id) AND count(DISTINCT id) = count(*) FROM \"" + t + "\"") == "1", t);
  CHECK(db.scalar("SELECT status FROM bcdb_seeds") == "complete");
}

TEST_CASE("a database not migrated to the vertical: exit 2 with the differences, or --migrate first") {
  Project p;
  auto r = seed(p, {"auth"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "is not migrated to built-in manifests/auth"));
  CHECK(contains(r.err, "missing table users"));
  CHECK(contains(r.err, "--migrate"));
  p.db().exec("CREATE TABLE users (id INTEGER PRIMARY KEY)");  // half there: still not migrated
  CHECK(seed(p, {"auth"}).exit_code == 2);
  p.db().exec("DROP TABLE users");
  auto migrated = seed(p, {"auth", "--migrate", "--scale", "50"});
  REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.err);
  CHECK(contains(migrated.out, "migrated sqlite:bcdb.db to built-in manifests/auth"));
  CHECK(p.db().count("users") == 50);
}

TEST_CASE("verticals share a database: --migrate of one leaves the other's tables and rows alone") {
  Project p;
  REQUIRE(seed(p, {"commerce", "--migrate", "--scale", "100"}).exit_code == 0);
  auto commerce = checksums(p, "commerce");
  auto r = seed(p, {"payments", "--migrate", "--scale", "100"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(checksums(p, "commerce") == commerce);
  CHECK(seed(p, {"commerce", "--scale", "100"}).exit_code == 0);  // still migrated, still seeded
  CHECK(p.db().scalar("SELECT group_concat(vertical || ':' || status, ',') FROM (SELECT * FROM bcdb_seeds ORDER BY vertical)") ==
        "commerce:complete,payments:complete");
}

TEST_CASE("--manifests gives the vertical's manifests from a folder") {
  Project p;
  p.vertical("commerce");
  auto r = p.bcdb({"--manifests", "manifests", "seed", "commerce", "--migrate", "--scale", "50"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(contains(r.out, "migrated sqlite:bcdb.db to manifests"));
  CHECK(p.bcdb({"drift"}).exit_code == 0);
  // Manifests that lack a column the generator fills are refused before anything is written.
  p.manifests("[tables.categories]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  auto bad = p.bcdb({"--manifests", "manifests", "seed", "commerce", "--scale", "50", "--truncate"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("the payments ledger balances: every transaction's entries sum to zero") {
  Project p;
  REQUIRE(seed(p, {"payments", "--migrate", "--scale", "600", "--seed", "3"}).exit_code == 0);
  auto db = p.db();
  CHECK(db.rows("SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0").empty());
  CHECK(db.scalar("SELECT count(*) FROM ledger_transactions t WHERE (SELECT count(*) FROM ledger_entries e "
                  "WHERE e.transaction_id = t.id) < 2") == "0");
  CHECK(std::stoi(db.scalar("SELECT count(*) FROM ledger_transactions")) > 500);
  // Refunds never give back more than was charged; every successful charge is in the ledger.
  CHECK(db.scalar("SELECT count(*) FROM charges c WHERE (SELECT coalesce(sum(amount), 0) FROM refunds r "
                  "WHERE r.charge_id = c.id) > c.amount") == "0");
  CHECK(db.scalar("SELECT count(*) FROM charges WHERE status = 'succeeded'") ==
        db.scalar("SELECT count(*) FROM ledger_transactions WHERE kind = 'charge'"));
  CHECK(db.rows("PRAGMA foreign_key_check").empty());
}

TEST_CASE("seed --format json validates against schemas/seed.schema.json") {
  Project p;
  auto first = seed(p, {"auth", "--migrate", "--scale", "40", "--format", "json"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(schema_errors("seed.schema.json", first.out) == "");
  CHECK(contains(first.out, "\"format\": \"bcdb.seed\""));
  CHECK(contains(first.out, "\"inserted\": 0") == false);
  auto again = seed(p, {"auth", "--scale", "40", "--format", "json"});
  CHECK(schema_errors("seed.schema.json", again.out) == "");
  CHECK(contains(again.out, "\"inserted\": 0"));
}

TEST_CASE("seed prints one line per table off a terminal, and checks its options") {
  Project p;
  auto r = seed(p, {"commerce", "--migrate", "--scale", "20", "--quiet"});
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "order_items"));
  CHECK(!contains(r.out, "\r"));
  CHECK(seed(p, {"commerce", "--scale", "0"}).exit_code == 2);
  CHECK(seed(p, {"commerce", "--scale", "many"}).exit_code == 2);
  CHECK(seed(p, {"inventory"}).exit_code == 2);
  CHECK(seed(p, {"commerce", "--format", "sql"}).exit_code == 2);
}
