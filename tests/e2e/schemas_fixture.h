#pragma once
// Manifests shared by the end-to-end tests: a small shop before and after an edit that
// touches every kind of object.
#include <string>

namespace bcdb::test {

inline const std::string kShopBefore = R"toml(
[tables.customers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "email", type = "varchar(255)" },
  { name = "legacy_code", type = "varchar(10)", nullable = true },
]

[tables.orders]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "customer_id", type = "int64" },
  { name = "status", type = "varchar(16)", default = "'new'" },
  { name = "total", type = "decimal(12,2)" },
  { name = "note", type = "text" },
]
)toml";

// Adds a table, a column, an index, a unique constraint, a foreign key and a check; changes
// a default; makes a column nullable; drops a column.
inline const std::string kShopAfter = R"toml(
[tables.customers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "email", type = "varchar(255)" },
]
uniques = [ { name = "customers_email_key", columns = ["email"] } ]

[tables.orders]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "customer_id", type = "int64" },
  { name = "status", type = "varchar(16)", default = "'pending'" },
  { name = "total", type = "decimal(12,2)" },
  { name = "note", type = "text", nullable = true },
  { name = "placed_at", type = "timestamptz", nullable = true },
]
indexes = [ { name = "orders_customer_idx", columns = ["customer_id"] } ]
foreign_keys = [ { name = "orders_customer_fk", columns = ["customer_id"], references = { table = "customers" }, on_delete = "cascade" } ]
checks = [ { name = "orders_total_nonneg", expr = "total >= 0" } ]

[tables.refunds]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "order_id", type = "int64" },
  { name = "amount", type = "decimal(12,2)" },
]
foreign_keys = [ { name = "refunds_order_fk", columns = ["order_id"], references = { table = "orders" } } ]
)toml";

inline const std::string kShopRows = R"toml(
INSERT INTO customers (id, email, legacy_code) VALUES (1, 'ada@example.com', 'A1'), (2, 'bob@example.com', NULL);
INSERT INTO orders (id, customer_id, status, total, note) VALUES
  (10, 1, 'new', 12.50, 'first'), (11, 1, 'paid', 99.99, 'second'), (12, 2, 'new', 0, 'third');
)toml";

}  // namespace bcdb::test
