#include "reliability.h"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

namespace bcdb::test {
namespace {

// Schema A: four tables linked by foreign keys, with two indexes that B drops.
const char* const kManifestA = R"toml(
[tables.customers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "email", type = "varchar(120)" },
  { name = "name", type = "varchar(40)" },
  { name = "nickname", type = "varchar(40)", nullable = true },
  { name = "phone", type = "varchar(24)", nullable = true },
  { name = "legacy_code", type = "varchar(10)", nullable = true },
]
indexes = [ { name = "customers_name_idx", columns = ["name"] } ]

[tables.products]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "sku", type = "varchar(32)" },
  { name = "price", type = "decimal(10,2)" },
]

[tables.orders]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "customer_id", type = "int64" },
  { name = "status", type = "varchar(16)" },
  { name = "total", type = "decimal(12,2)" },
]
indexes = [ { name = "orders_total_idx", columns = ["total"] } ]
foreign_keys = [ { name = "orders_customer_fk", columns = ["customer_id"], references = { table = "customers" } } ]

[tables.order_items]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "order_id", type = "int64" },
  { name = "product_id", type = "int64" },
  { name = "quantity", type = "int32" },
]
foreign_keys = [ { name = "order_items_order_fk", columns = ["order_id"], references = { table = "orders" } } ]
)toml";

// Schema B. Expand: two new tables (one with a foreign key), a new nullable column, a new
// column with a default, a widened varchar (customers.name, a table rebuild on SQLite), two new
// indexes, a unique constraint and a check on existing data (products), a foreign key on
// existing data (order_items). Contract: two dropped indexes, NOT NULL on a column holding no
// NULL (customers.phone), a dropped column (customers.legacy_code).
const char* const kManifestB = R"toml(
[tables.customers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "email", type = "varchar(120)" },
  { name = "name", type = "varchar(120)" },
  { name = "nickname", type = "varchar(40)", nullable = true },
  { name = "phone", type = "varchar(24)" },
]

[tables.products]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "sku", type = "varchar(32)" },
  { name = "price", type = "decimal(10,2)" },
]
uniques = [ { name = "products_sku_key", columns = ["sku"] } ]
checks = [ { name = "products_price_nonneg", expr = "price >= 0" } ]

[tables.orders]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "customer_id", type = "int64" },
  { name = "status", type = "varchar(16)" },
  { name = "total", type = "decimal(12,2)" },
  { name = "note", type = "text", nullable = true },
  { name = "currency", type = "varchar(3)", default = "'EUR'" },
]
indexes = [
  { name = "orders_status_idx", columns = ["status"] },
  { name = "orders_customer_idx", columns = ["customer_id"] },
]
foreign_keys = [ { name = "orders_customer_fk", columns = ["customer_id"], references = { table = "customers" } } ]

[tables.order_items]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "order_id", type = "int64" },
  { name = "product_id", type = "int64" },
  { name = "quantity", type = "int32" },
]
foreign_keys = [
  { name = "order_items_order_fk", columns = ["order_id"], references = { table = "orders" } },
  { name = "order_items_product_fk", columns = ["product_id"], references = { table = "products" } },
]

[tables.shipments]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "order_id", type = "int64" },
  { name = "carrier", type = "varchar(32)" },
]
foreign_keys = [ { name = "shipments_order_fk", columns = ["order_id"], references = { table = "orders" } } ]

[tables.coupons]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "code", type = "varchar(20)" },
]
)toml";

// The columns of A that B keeps, table by table, the key first.
const std::vector<std::pair<std::string, std::vector<std::string>>> kKept = {
    {"customers", {"id", "email", "name", "nickname", "phone"}},
    {"products", {"id", "sku", "price"}},
    {"orders", {"id", "customer_id", "status", "total"}},
    {"order_items", {"id", "order_id", "product_id", "quantity"}},
};
constexpr std::size_t kRowsOfA = 200 + 60 + 400 + 600;

std::string format(const char* pattern, int a, int b = 0) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, a, b);
  return buffer;
}

// One multi-row INSERT of `count` rows per table; every value satisfies B's constraints.
std::string insert(const std::string& head, int count, std::string (*row)(int)) {
  std::string sql = "INSERT INTO " + head + " VALUES ";
  for (int i = 1; i <= count; ++i) sql += (i > 1 ? ", (" : "(") + row(i) + ")";
  return sql;
}

std::vector<std::string> rows_of_a() {
  static const char* const statuses[] = {"new", "paid", "shipped", "cancelled"};
  return {
      insert("customers (id, email, name, nickname, phone, legacy_code)", 200,
             [](int i) {
               return format("%d, 'c%d@example.com', ", i, i) + format("'Customer %d', ", i) +
                      (i % 4 == 0 ? std::string("NULL") : format("'nick%d'", i)) + format(", '+1-555-%04d', ", i) +
                      (i % 3 == 0 ? std::string("NULL") : format("'L%d'", i));
             }),
      insert("products (id, sku, price)", 60,
             [](int i) { return format("%d, ", i) + format("'SKU-%03d', ", i) + format("%d.%02d", i * 7 % 100, i % 100); }),
      insert("orders (id, customer_id, status, total)", 400,
             [](int i) {
               return format("%d, %d, '", i, i % 200 + 1) + statuses[i % 4] + format("', %d.%d5", i * 37 % 1000, i % 10);
             }),
      insert("order_items (id, order_id, product_id, quantity)", 600,
             [](int i) { return format("%d, %d, ", i, i % 400 + 1) + format("%d, %d", i % 60 + 1, i % 5 + 1); }),
  };
}

using Rows = std::vector<std::vector<std::string>>;

// Every kept value, table by table in key order, each row led by its table's name.
Rows kept_values(ConvergenceTarget& target) {
  Rows out;
  for (const auto& [table, columns] : kKept) {
    std::string list;
    for (const auto& c : columns) list += (list.empty() ? "\"" : ", \"") + c + "\"";
    for (auto& row : target.rows("SELECT " + list + " FROM \"" + table + "\" ORDER BY \"id\"")) {
      row.insert(row.begin(), table);
      out.push_back(std::move(row));
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& row) {
  std::string out;
  for (const auto& v : row) out += (out.empty() ? "" : " | ") + v;
  return out;
}

std::string lines(const Rows& rows) {
  std::string out;
  for (const auto& r : rows) out += "\n  " + joined(r);
  return out.empty() ? " (none)" : out;
}

// "" when equal; otherwise the row counts per table and the first row that differs.
std::string difference(const Rows& before, const Rows& after) {
  if (before == after) return "";
  std::string out = "rows per table, before -> after:";
  for (const auto& [table, columns] : kKept) {
    auto count = [&](const Rows& rows) {
      std::size_t n = 0;
      for (const auto& r : rows) n += r[0] == table;
      return n;
    };
    out += " " + table + " " + std::to_string(count(before)) + " -> " + std::to_string(count(after)) + ";";
  }
  for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
    if (i < before.size() && i < after.size() && before[i] == after[i]) continue;
    out += "\nfirst difference, row " + std::to_string(i) + ": before [" +
           (i < before.size() ? joined(before[i]) : "none") + "], after [" + (i < after.size() ? joined(after[i]) : "none") +
           "]";
    break;
  }
  return out;
}

// The steps of a plan printed by `bcdb diff --format json`, as the history records them:
// ordinal, summary and the statements joined by ";\n".
Rows planned_steps(const std::string& json) {
  Rows out;
  auto plan = nlohmann::json::parse(json);
  for (const auto& step : plan.at("steps")) {
    std::string sql;
    for (const auto& statement : step.at("sql")) sql += (sql.empty() ? "" : ";\n") + statement.get<std::string>();
    out.push_back({std::to_string(step.at("ordinal").get<int>()), step.at("summary").get<std::string>(), sql});
  }
  return out;
}

// The steps recorded as applied by the runs `which` selects, in order: ordinal, summary, sql.
Rows applied_steps(ConvergenceTarget& target, const std::string& which) {
  return target.rows("SELECT \"ordinal\", \"summary\", \"sql\" FROM bcdb_migration_steps WHERE \"status\" = 'applied' AND " +
                     which + " ORDER BY \"migration_id\", \"ordinal\"");
}

// The first value `sql` returns, "NULL" when there is none.
std::string value(ConvergenceTarget& target, const std::string& sql) {
  auto rows = target.rows(sql);
  return rows.empty() || rows[0].empty() ? "NULL" : rows[0][0];
}

std::string last_run(ConvergenceTarget& target) { return value(target, "SELECT max(\"id\") FROM bcdb_migrations"); }

std::string outcome(const std::string& what, const RunResult& r) {
  return "--- " + what + ": " + (r.signal ? "killed by signal " + std::to_string(r.signal) : "exit " + std::to_string(r.exit_code)) +
         "\n--- stdout:\n" + r.out + "--- stderr:\n" + r.err;
}

// A fresh database at A holding the rows, and manifest B in the project.
void prepare(ConvergenceTarget& target, const TempDir& dir) {
  target.reset();
  write_file(dir / "manifests" / "schema.toml", kManifestA);
  auto created = run_bcdb({"migrate"}, dir.path(), target.environment());
  REQUIRE_MESSAGE(created.exit_code == 0, outcome("bcdb migrate to A", created));
  target.insert(rows_of_a());
  write_file(dir / "manifests" / "schema.toml", kManifestB);
}

const std::vector<std::string> kMigrate = {"migrate", "--allow-destructive"};

void check_kill(ConvergenceTarget& target, const TempDir& dir, KillPoint point, int k, const Rows& plan) {
  std::string hook = point == KillPoint::after_step ? "BCDB_TEST_KILL_AFTER_STEP" : "BCDB_TEST_KILL_DURING_STEP";
  std::string trail = target.engine() + ", " + hook + "=" + std::to_string(k) +
                      ": bcdb migrate --allow-destructive killed, then run again (replay this kill alone with "
                      "BCDB_RELIABILITY_STEP=" + std::to_string(k) + "; manifests A and B in tests/support/reliability.cpp)\n";
  INFO(trail);
  prepare(target, dir);
  Rows before = kept_values(target);
  REQUIRE(before.size() == kRowsOfA);
  std::string created_by = last_run(target);

  auto env = target.environment();
  env[hook] = std::to_string(k);
  auto killed = run_bcdb(kMigrate, dir.path(), env);
  trail += outcome("killed run", killed);
  CHECK(killed.signal == SIGKILL);
  if (killed.signal != SIGKILL) return;
  std::string killed_run = last_run(target);
  CHECK(killed_run != created_by);
  // The killed run applied, and recorded, the plan's steps before the kill and nothing else.
  Rows killed_steps = applied_steps(target, "\"migration_id\" = " + killed_run);
  Rows expected(plan.begin(), plan.begin() + (point == KillPoint::after_step ? k : k - 1));
  CHECK_MESSAGE(killed_steps == expected, "the killed run recorded as applied:" << lines(killed_steps)
                                                                            << "\nexpected:" << lines(expected));

  auto again = run_bcdb(kMigrate, dir.path(), target.environment());
  trail += outcome("second run", again);
  CHECK(again.exit_code == 0);
  auto drift = run_bcdb({"drift"}, dir.path(), target.environment());
  trail += outcome("bcdb drift", drift);
  CHECK(drift.exit_code == 0);

  std::string lost = difference(before, kept_values(target));
  CHECK_MESSAGE(lost.empty(), lost);

  // No step applied twice: the later runs apply none of the killed run's applied steps.
  std::set<std::pair<std::string, std::string>> done;
  for (const auto& s : killed_steps) done.insert({s[1], s[2]});
  std::string repeated;
  for (const auto& s : applied_steps(target, "\"migration_id\" > " + killed_run))
    if (done.count({s[1], s[2]})) repeated += "\n  step " + s[0] + " of the second run: " + s[1] + "\n    " + s[2];
  CHECK_MESSAGE(repeated.empty(), "applied again after the kill:" << repeated);
  CHECK(value(target, "SELECT \"status\" FROM bcdb_migrations WHERE \"id\" = " + killed_run) == "interrupted");
  target.check_after();
}

int only_step() {
  const char* s = std::getenv("BCDB_RELIABILITY_STEP");
  return s && *s ? std::atoi(s) : 0;
}

}  // namespace

int check_kill_at_every_step(ConvergenceTarget& target, const TempDir& dir, KillPoint point) {
  // The fixture cannot shrink unnoticed: its plan has 10 steps or more on every engine, in
  // both the expand and the contract phase, and none needs --allow-blocking.
  prepare(target, dir);
  auto diff = run_bcdb({"diff", "--format", "json"}, dir.path(), target.environment());
  REQUIRE_MESSAGE(diff.exit_code == 0, outcome("bcdb diff", diff));
  Rows plan = planned_steps(diff.out);
  std::string listing;
  for (const auto& step : plan) listing += "\n  " + step[0] + " " + step[1];
  INFO(target.engine() << " plan from A to B:" << listing);
  REQUIRE(plan.size() >= 10);
  auto summary = nlohmann::json::parse(diff.out).at("summary");
  REQUIRE(summary.at("expand").get<int>() > 0);
  REQUIRE(summary.at("contract").get<int>() > 0);
  REQUIRE(summary.at("rewrite").get<int>() == 0);

  int n = static_cast<int>(plan.size()), kills = 0;
  for (int k = 1; k <= n; ++k) {
    if (only_step() && k != only_step()) continue;
    check_kill(target, dir, point, k, plan);
    ++kills;
  }
  MESSAGE(target.engine() << ": " << kills << " kills " << std::string(point == KillPoint::after_step ? "after" : "inside")
                          << " steps of a " << n << "-step plan");
  return kills;
}

}  // namespace bcdb::test
