// The MySQL/MariaDB inspector and canonical form against the test server: what inspect() reads
// from a rich schema, and that canonicalize() brings desired schemas (inspected or hand-built)
// to exactly what inspect() reads once they exist, leaving no scratch database behind.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "dialect/dialect.h"
#include "dialect/mysql/canonical.h"
#include "dialect/mysql/connection.h"
#include "dialect/mysql/ddl.h"
#include "dialect/mysql/inspector.h"
#include "dialect/mysql/scratch.h"
#include "diff/compare.h"
#include "manifest/manifest.h"
#include "model/canonical.h"
#include "plan/pipeline.h"
#include "process.h"
#include "schema_lookup.h"
#include "server_db.h"
#include "support/error.h"
#include "support/strings.h"

using namespace bcdb;
using namespace bcdb::test;
namespace my = bcdb::dialect::mysql;

namespace {

std::string native(const model::Column& c) { return native_of(c, "mysql"); }

diff::ChangeSet compare(const model::Schema& desired, const model::Schema& live) {
  return compare_on("mysql", desired, live);
}

my::MyConnection& mine(MyDatabase& db) { return dynamic_cast<my::MyConnection&>(db.connection()); }

model::Schema inspect(MyDatabase& db) { return my::inspect(mine(db)); }

void exec_all(MyDatabase& db, const std::vector<std::string>& statements) {
  for (const auto& s : statements) db.exec(s);
}

template <typename T>
bool has_named(const std::vector<T>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
}

std::optional<std::string> opt(const model::Table& t, const std::string& key) {
  auto it = t.options.find(key);
  return it == t.options.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// This process's scratch databases (named bcdb_scratch_<pid>_...): other test processes
// canonicalise at the same time.
std::string scratch_databases(MyDatabase& db) {
  return db.scalar("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'bcdb\\_scratch\\_" +
                   std::to_string(getpid()) + "\\_%'");
}

// Everything the inspector reads, in MariaDB's own spellings, statement by statement.
const std::vector<std::string> kRichSchema = {
    "CREATE TABLE customers ("
    "  id bigint unsigned NOT NULL AUTO_INCREMENT,"
    "  email varchar(200) NOT NULL COMMENT 'Login address',"
    "  name varchar(100) COLLATE utf8mb4_bin NULL,"
    "  active tinyint(1) NOT NULL DEFAULT 1,"
    "  age int(11) DEFAULT NULL,"
    "  code int(5) unsigned zerofill,"
    "  mood enum('sad','ok','happy') NOT NULL DEFAULT 'ok',"
    "  prefs json,"
    "  created_at datetime(6) NOT NULL DEFAULT current_timestamp(6),"
    "  updated_at datetime(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6),"
    "  token char(36) NOT NULL DEFAULT (uuid()),"
    "  expires datetime DEFAULT (now() + interval 1 day),"
    "  status varchar(16) NOT NULL DEFAULT 'new',"
    "  balance decimal(12,2) NOT NULL DEFAULT 0,"
    "  note text DEFAULT 'it''s',"
    "  ratio double DEFAULT 1.5,"
    "  dflt_null varchar(10) DEFAULT NULL,"
    "  dflt_null_text varchar(10) DEFAULT 'NULL',"
    "  PRIMARY KEY (id),"
    "  UNIQUE KEY customers_email_key (email),"
    "  UNIQUE KEY customers_name_age (name, age),"
    "  KEY customers_name_idx (name(10), age DESC),"
    "  FULLTEXT KEY customers_ft (email, note),"
    "  CONSTRAINT customers_balance_nonneg CHECK (balance >= 0),"
    "  CHECK (age > 0)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='People who buy'",
    "CREATE TABLE orders ("
    "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    "  customer_id bigint unsigned NOT NULL,"
    "  total decimal(12,2) NOT NULL DEFAULT 0.00,"
    "  tax decimal(12,2) GENERATED ALWAYS AS (total * 0.2) VIRTUAL,"
    "  doubled decimal(14,2) AS (total * 2) PERSISTENT,"
    "  qty int NOT NULL CHECK (qty > 0),"
    "  placed_at datetime(6) NOT NULL DEFAULT current_timestamp(6),"
    "  label varchar(40) NOT NULL DEFAULT '',"
    "  KEY orders_recent_idx (placed_at DESC, id),"
    "  UNIQUE KEY orders_label_prefix (label(8)),"
    "  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)"
    "    ON DELETE RESTRICT ON UPDATE CASCADE"
    ") DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
    "CREATE INDEX orders_qty_idx ON orders (qty) IGNORED",
    "CREATE TABLE refs ("
    "  id int PRIMARY KEY, a int, b int, c int, d int,"
    "  FOREIGN KEY (a) REFERENCES orders (id),"
    "  CONSTRAINT refs_b_fk FOREIGN KEY (b) REFERENCES orders (id) ON DELETE SET NULL,"
    "  CONSTRAINT refs_c_fk FOREIGN KEY (c) REFERENCES orders (id) ON DELETE CASCADE ON UPDATE NO ACTION,"
    "  CONSTRAINT refs_d_fk FOREIGN KEY (d) REFERENCES orders (id) ON UPDATE SET NULL,"
    "  KEY refs_d_idx (d, id)"
    ") COLLATE=utf8mb4_general_ci",
    "CREATE TABLE legacy (a int(11), b varchar(10)) ENGINE=MyISAM DEFAULT CHARSET=latin1",
    // Takes the database's collation (the server's, utf8mb4_unicode_ci), which is not utf8mb4's
    // default; `tagged` names one that is neither.
    "CREATE TABLE notes (id int PRIMARY KEY, body varchar(50) COLLATE utf8mb4_general_ci, "
    "raw varbinary(16), at datetime(6) NULL DEFAULT NULL ON UPDATE current_timestamp(6))",
    "CREATE TABLE tagged (id int PRIMARY KEY, tag varchar(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE parts (id int PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2",
    "CREATE TABLE mem (id int PRIMARY KEY, k int, KEY mem_k (k), KEY mem_k_btree (k) USING BTREE) ENGINE=MEMORY",
    "CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE qty > 1",
    "CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW SET NEW.qty = NEW.qty + 0",
    "CREATE PROCEDURE bump() SELECT 1",
    "CREATE SEQUENCE invoice_numbers",
    // bcdb's own history table is never the user's.
    "CREATE TABLE bcdb_migrations (id int PRIMARY KEY)",
};

void create_rich_schema(MyDatabase& db) { exec_all(db, kRichSchema); }

}  // namespace

TEST_CASE("mysql inspect: tables, columns and their types") {
  MyDatabase db;
  create_rich_schema(db);
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto& customers = table(s, "customers");
  CHECK(customers.schema == "");
  CHECK(customers.comment == "People who buy");
  // InnoDB, utf8mb4 and utf8mb4's default collation are no options; ON UPDATE is one.
  CHECK(customers.options ==
        std::map<std::string, std::string>{{"mysql.on_update.updated_at", "current_timestamp(6)"}});
  std::vector<std::string> names;
  for (const auto& c : customers.columns) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"id", "email", "name", "active", "age", "code", "mood", "prefs",
                                          "created_at", "updated_at", "token", "expires", "status", "balance", "note",
                                          "ratio", "dflt_null", "dflt_null_text"});
  const auto& id = column(customers, "id");
  CHECK(id.identity);
  CHECK_FALSE(id.nullable);
  CHECK(id.type == model::Type{model::TypeKind::int64});
  CHECK(native(id) == "bigint unsigned");
  CHECK_FALSE(id.default_expr);
  CHECK(column(customers, "email").comment == "Login address");
  CHECK(column(customers, "email").type == model::Type{model::TypeKind::varchar, 200});
  CHECK(column(customers, "email").native.empty());
  CHECK_FALSE(column(customers, "email").collation);
  CHECK(column(customers, "name").collation == std::optional<std::string>("utf8mb4_bin"));
  CHECK(column(customers, "name").nullable);
  // tinyint(1) is bool; display widths never show.
  CHECK(column(customers, "active").type == model::Type{model::TypeKind::boolean});
  CHECK(column(customers, "active").native.empty());
  CHECK(column(customers, "active").default_expr == std::optional<std::string>("1"));
  CHECK(column(customers, "age").type == model::Type{model::TypeKind::int32});
  CHECK(column(customers, "age").native.empty());
  CHECK_FALSE(column(customers, "age").default_expr);  // DEFAULT NULL is no default
  CHECK(native(column(customers, "code")) == "int unsigned zerofill");
  CHECK(native(column(customers, "mood")) == "enum('sad','ok','happy')");
  CHECK(column(customers, "mood").default_expr == std::optional<std::string>("'ok'"));
  // MariaDB's json: longtext + json_valid check named after the column.
  const auto& prefs = column(customers, "prefs");
  CHECK(prefs.type == model::Type{model::TypeKind::json});
  CHECK(prefs.native.empty());
  CHECK_FALSE(prefs.collation);
  CHECK_FALSE(has_named(customers.checks, "prefs"));
  CHECK(column(customers, "created_at").type == model::Type{model::TypeKind::timestamp});
  CHECK(column(customers, "created_at").default_expr == std::optional<std::string>("current_timestamp(6)"));
  CHECK(opt(table(s, "customers"), "mysql.on_update.updated_at") == std::optional<std::string>("current_timestamp(6)"));
  CHECK_FALSE(opt(customers, "mysql.on_update.created_at"));
  CHECK(column(customers, "token").type == model::Type{model::TypeKind::fixed_char, 36});
  CHECK(column(customers, "token").default_expr == std::optional<std::string>("uuid()"));
  CHECK(native(column(customers, "expires")) == "datetime");
  CHECK(column(customers, "expires").default_expr ==
        std::optional<std::string>("(current_timestamp() + interval 1 day)"));
  CHECK(column(customers, "status").default_expr == std::optional<std::string>("'new'"));
  CHECK(column(customers, "balance").default_expr == std::optional<std::string>("0.00"));
  CHECK(column(customers, "note").type == model::Type{model::TypeKind::text});
  CHECK(native(column(customers, "note")) == "text");
  CHECK(column(customers, "note").default_expr == std::optional<std::string>("'it\\'s'"));
  CHECK(column(customers, "ratio").default_expr == std::optional<std::string>("1.5"));
  CHECK_FALSE(column(customers, "dflt_null").default_expr);
  CHECK(column(customers, "dflt_null_text").default_expr == std::optional<std::string>("'NULL'"));

  const auto& orders = table(s, "orders");
  CHECK(column(orders, "id").identity);
  CHECK(column(orders, "id").native.empty());
  CHECK(column(orders, "total").default_expr == std::optional<std::string>("0.00"));
  const auto& tax = column(orders, "tax");
  REQUIRE(tax.generated);
  CHECK(tax.generated->expr == "`total` * 0.2");
  CHECK_FALSE(tax.generated->stored);
  CHECK(tax.nullable);
  CHECK_FALSE(tax.default_expr);
  REQUIRE(column(orders, "doubled").generated);
  CHECK(column(orders, "doubled").generated->stored);
  CHECK(column(orders, "label").default_expr == std::optional<std::string>("''"));

  const auto& legacy = table(s, "legacy");
  CHECK(opt(legacy, "mysql.engine") == std::optional<std::string>("MyISAM"));
  CHECK(opt(legacy, "mysql.charset") == std::optional<std::string>("latin1"));
  CHECK_FALSE(opt(legacy, "mysql.collation"));  // latin1_swedish_ci is latin1's default
  CHECK_FALSE(column(legacy, "b").collation);
  CHECK(column(legacy, "a").nullable);

  const auto& notes_table = table(s, "notes");
  CHECK_FALSE(opt(notes_table, "mysql.collation"));  // the database's: no collation asked for
  CHECK(opt(table(s, "tagged"), "mysql.collation") == std::optional<std::string>("utf8mb4_bin"));
  CHECK_FALSE(opt(notes_table, "mysql.charset"));
  CHECK(column(notes_table, "body").collation == std::optional<std::string>("utf8mb4_general_ci"));
  CHECK(native(column(notes_table, "raw")) == "varbinary(16)");
  CHECK(column(notes_table, "raw").type == model::Type{model::TypeKind::bytes});
  CHECK_FALSE(column(notes_table, "at").default_expr);
  CHECK(opt(notes_table, "mysql.on_update.at") == std::optional<std::string>("current_timestamp(6)"));

  // bcdb's own tables are never the user's.
  CHECK_FALSE(s.find_table("bcdb_migrations"));
  CHECK_FALSE(note_contains(s, "bcdb_migrations"));
}

TEST_CASE("mysql inspect: keys, indexes, foreign keys and checks") {
  MyDatabase db;
  create_rich_schema(db);
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto& customers = table(s, "customers");
  REQUIRE(customers.primary_key);
  CHECK(customers.primary_key->name == "");
  CHECK(customers.primary_key->columns == std::vector<std::string>{"id"});
  CHECK(named(customers.uniques, "customers_email_key").columns == std::vector<std::string>{"email"});
  CHECK(named(customers.uniques, "customers_name_age").columns == std::vector<std::string>{"name", "age"});
  const auto& prefix = index(customers, "customers_name_idx");
  CHECK_FALSE(prefix.unique);
  CHECK(prefix.method == "");
  REQUIRE(prefix.parts.size() == 2);
  CHECK(prefix.parts[0].column == "");
  CHECK(prefix.parts[0].expr == "`name`(10)");
  CHECK_FALSE(prefix.parts[0].desc);
  CHECK(prefix.parts[1].column == "age");
  CHECK(prefix.parts[1].desc);
  const auto& ft = index(customers, "customers_ft");
  CHECK(ft.method == "fulltext");
  REQUIRE(ft.parts.size() == 2);
  CHECK(ft.parts[0].column == "email");
  CHECK(ft.parts[1].column == "note");
  CHECK(customers.indexes.size() == 2);  // the keys and uniques are theirs
  CHECK(named(customers.checks, "customers_balance_nonneg").expr == "`balance` >= 0");
  CHECK(named(customers.checks, "customers_balance_nonneg").validated);
  CHECK(named(customers.checks, "CONSTRAINT_1").expr == "`age` > 0");
  CHECK(customers.checks.size() == 2);  // not the json check of prefs

  const auto& orders = table(s, "orders");
  REQUIRE(orders.primary_key);
  CHECK(orders.primary_key->columns == std::vector<std::string>{"id"});
  const auto& recent = index(orders, "orders_recent_idx");
  REQUIRE(recent.parts.size() == 2);
  CHECK(recent.parts[0].column == "placed_at");
  CHECK(recent.parts[0].desc);
  CHECK_FALSE(recent.parts[1].desc);
  // A unique index of a prefix stays an index.
  const auto& label_prefix = index(orders, "orders_label_prefix");
  CHECK(label_prefix.unique);
  CHECK(label_prefix.parts.at(0).expr == "`label`(8)");
  CHECK_FALSE(has_named(orders.uniques, "orders_label_prefix"));
  // The index InnoDB made for the foreign key is not the user's.
  CHECK_FALSE(orders.find_index("orders_customer_fk"));
  CHECK(orders.find_index("orders_qty_idx"));
  CHECK(has_note(s, "index orders.orders_qty_idx is invisible to the optimizer (IGNORED), which is not represented"));
  const auto& fk = named(orders.foreign_keys, "orders_customer_fk");
  CHECK(fk.columns == std::vector<std::string>{"customer_id"});
  CHECK(fk.ref_table == "customers");
  CHECK(fk.ref_columns == std::vector<std::string>{"id"});
  CHECK(fk.on_delete == model::FkAction::no_action);  // RESTRICT is NO ACTION in InnoDB
  CHECK(fk.on_update == model::FkAction::cascade);
  CHECK_FALSE(fk.deferrable);
  CHECK(fk.validated);
  // A column-level check is named after its column.
  CHECK(named(orders.checks, "qty").expr == "`qty` > 0");

  const auto& refs = table(s, "refs");
  const auto& unnamed = named(refs.foreign_keys, "refs_ibfk_1");
  CHECK(unnamed.columns == std::vector<std::string>{"a"});
  CHECK(unnamed.on_delete == model::FkAction::no_action);
  CHECK(unnamed.on_update == model::FkAction::no_action);
  CHECK(named(refs.foreign_keys, "refs_b_fk").on_delete == model::FkAction::set_null);
  CHECK(named(refs.foreign_keys, "refs_c_fk").on_delete == model::FkAction::cascade);
  CHECK(named(refs.foreign_keys, "refs_c_fk").on_update == model::FkAction::no_action);
  CHECK(named(refs.foreign_keys, "refs_d_fk").on_update == model::FkAction::set_null);
  // Implicit indexes: "a" (an unnamed key's, after its column), refs_b_fk, refs_c_fk; refs_d_fk
  // uses refs_d_idx, which is the user's.
  std::vector<std::string> index_names;
  for (const auto& i : refs.indexes) index_names.push_back(i.name);
  CHECK(index_names == std::vector<std::string>{"refs_d_idx"});

  const auto& mem = table(s, "mem");
  CHECK(opt(mem, "mysql.engine") == std::optional<std::string>("MEMORY"));
  CHECK(index(mem, "mem_k").method == "");  // HASH is MEMORY's default
  CHECK(index(mem, "mem_k_btree").method == "btree");
}

TEST_CASE("mysql inspect: what the model cannot hold is reported") {
  MyDatabase db;
  MyDatabase other;
  create_rich_schema(db);
  other.exec("CREATE TABLE targets (id int PRIMARY KEY)");
  db.exec("CREATE TABLE xref (id int PRIMARY KEY, o int, CONSTRAINT xref_o_fk FOREIGN KEY (o) REFERENCES " +
          other.name() + ".targets (id))");
  db.exec("CREATE TABLE hidden (id int PRIMARY KEY, secret int INVISIBLE)");
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto* view = object(s, "view", "open_orders");
  REQUIRE(view);
  CHECK(view->sql.find("CREATE VIEW `open_orders` AS select") == 0);
  CHECK_FALSE(s.find_table("open_orders"));
  CHECK(has_note(s, "view open_orders: not managed by bcdb yet; left as it is"));
  const auto* trigger = object(s, "trigger", "orders_touch");
  REQUIRE(trigger);
  CHECK(trigger->table == "orders");
  CHECK(trigger->sql == "CREATE TRIGGER `orders_touch` BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.qty = NEW.qty + 0");
  CHECK(has_note(s, "trigger orders_touch on orders: not managed by bcdb yet; left as it is"));
  CHECK(object(s, "procedure", "bump"));
  CHECK(has_note(s, "procedure bump: not managed by bcdb yet; left as it is"));
  CHECK(object(s, "sequence", "invoice_numbers"));
  CHECK_FALSE(s.find_table("invoice_numbers"));
  CHECK(has_note(s, "sequence invoice_numbers: not managed by bcdb yet; left as it is"));
  CHECK(s.find_table("parts"));
  CHECK(has_note(s, "table parts is partitioned; the partitioning is not represented"));
  CHECK(has_note(s, "foreign key xref_o_fk on xref references " + other.name() +
                        ".targets in another database, which is not represented"));
  CHECK(table(s, "xref").foreign_keys.empty());
  CHECK(has_note(s, "column hidden.secret is INVISIBLE, which is not represented"));
  CHECK_FALSE(note_contains(s, "bcdb_migrations"));
}

TEST_CASE("mysql inspect: a fixed number of queries, whatever the number of tables") {
  MyDatabase db;
  auto& c = mine(db);
  auto questions = [&] { return std::stol(db.rows("SHOW SESSION STATUS LIKE 'Questions'").at(0).at(1)); };
  auto cost = [&] {
    long before = questions();
    model::Schema s = my::inspect(c);
    return questions() - before - 1;  // the SHOW itself counts
  };
  create_rich_schema(db);
  long few = cost();
  for (int i = 0; i < 30; ++i)
    db.exec("CREATE TABLE wide" + std::to_string(i) + " (id int PRIMARY KEY, v varchar(10) DEFAULT 'x', " +
            "p int, KEY (v), CHECK (p > 0), FOREIGN KEY (p) REFERENCES wide0 (id))");
  long many = cost();
  CHECK(few == many);
  CHECK(many <= 12);
}

TEST_CASE("mysql canonicalize: the rich schema inspected canonicalizes to itself") {
  MyDatabase db;
  create_rich_schema(db);
  model::Schema live = inspect(db);
  model::Schema desired = live;
  my::canonicalize(desired, mine(db));
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  CHECK(model::canonical_text(desired) == model::canonical_text(live));
  CHECK(model::fingerprint(desired) == model::fingerprint(live));
  CHECK(scratch_databases(db) == "0");
}

TEST_CASE("mysql inspect: written as manifests and read back, the rich schema shows no drift") {
  MyDatabase db;
  create_rich_schema(db);
  model::Schema live = inspect(db);
  TempDir dir;
  manifest::write_directory(live, dir.path());
  manifest::LoadResult loaded = manifest::load_directory(dir.path());
  std::string diagnostics;
  for (const auto& d : loaded.diagnostics) diagnostics += d.to_string() + "\n";
  REQUIRE_MESSAGE(loaded.ok(), diagnostics);
  model::Schema desired = loaded.schema;
  my::canonicalize(desired, mine(db));
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  CHECK(model::fingerprint(desired) == model::fingerprint(live));
}

namespace {

// A desired schema in manifest spellings, as a TOML file would give it.
model::Schema hand_built() {
  model::Schema s;
  model::Table customers;
  customers.name = "customers";
  customers.columns = {col("id", "int64"), col("email", "varchar(200)"), col("region", "text"),
                       col("created_at", "timestamptz")};
  customers.columns[0].identity = true;
  customers.columns[2].nullable = true;
  customers.columns[2].native = {{"postgres", "varchar(10)"}, {"mysql", "VARCHAR(10)"}};
  customers.columns[3].default_expr = "CURRENT_TIMESTAMP(6)";
  customers.primary_key = model::PrimaryKey{"customers_pk", {"id"}};
  customers.uniques.push_back({"", {"email"}});
  customers.options["sqlite.strict"] = "true";
  customers.options["mysql.charset"] = "latin1";
  s.tables.push_back(customers);

  model::Table orders;
  orders.name = "orders";
  orders.comment = "Customer orders";
  orders.columns = {col("id", "int64"),          col("customer_id", "int64"),    col("status", "varchar(16)"),
                    col("total", "decimal(12,2)"), col("placed_at", "timestamptz"), col("updated_at", "timestamptz"),
                    col("ref", "uuid"),           col("paid", "bool"),            col("data", "json"),
                    col("tax", "decimal(12,2)"),  col("note", "text"),            col("kind", "text"),
                    col("flags", "int32"),        col("code", "varchar(10)"),     col("name", "varchar(100)")};
  orders.columns[0].identity = true;
  orders.columns[2].default_expr = "'new'";
  orders.columns[3].default_expr = "0";
  orders.columns[4].default_expr = "now(6)";
  orders.columns[5].default_expr = "current_timestamp(6)";
  orders.columns[6].default_expr = "(uuid())";
  orders.columns[7].default_expr = "false";
  orders.columns[8].nullable = true;
  orders.columns[9].generated = model::Generated{"total * 0.2", false};
  orders.columns[10].nullable = true;
  orders.columns[10].default_expr = "NULL";
  orders.columns[10].comment = "free text";
  orders.columns[11].native["mysql"] = "ENUM('a','b')";
  orders.columns[11].default_expr = "'a'";
  orders.columns[12].native["mysql"] = "INT(10) UNSIGNED";
  orders.columns[12].default_expr = "7";
  orders.columns[13].native["postgres"] = "text";
  orders.columns[14].collation = "utf8mb4_bin";
  orders.columns[14].nullable = true;
  orders.options["mysql.on_update.updated_at"] = "CURRENT_TIMESTAMP(6)";
  orders.options["mysql.engine"] = "innodb";
  orders.primary_key = model::PrimaryKey{"orders_pk", {"id"}};
  orders.uniques.push_back({"", {"code"}});
  model::Index status;
  status.name = "orders_status_idx";
  status.parts = {{"status", "", false}, {"placed_at", "", true}};
  status.method = "BTREE";
  model::Index name_prefix;
  name_prefix.name = "orders_name_prefix";
  name_prefix.parts = {{"", "name (10)", false}};
  model::Index whole;
  whole.name = "orders_code_whole";
  whole.parts = {{"", "`code`(10)", false}};
  model::Index ref_key;
  ref_key.name = "orders_ref_key";
  ref_key.parts = {{"ref", "", false}};
  ref_key.unique = true;
  model::Index note_ft;
  note_ft.name = "orders_note_ft";
  note_ft.parts = {{"note", "", false}};
  note_ft.method = "FULLTEXT";
  model::Index fk_index;  // what InnoDB would make for the foreign key anyway
  fk_index.name = "orders_customer_fk";
  fk_index.parts = {{"customer_id", "", false}};
  orders.indexes = {status, name_prefix, whole, ref_key, note_ft, fk_index};
  model::ForeignKey fk;
  fk.name = "orders_customer_fk";
  fk.columns = {"customer_id"};
  fk.ref_table = "customers";
  fk.on_delete = model::FkAction::restrict;
  fk.deferrable = true;
  orders.foreign_keys.push_back(fk);
  orders.checks.push_back({"", "total >= 0"});
  orders.checks.push_back({"orders_status_known", "status IN ('new', 'paid')"});
  s.tables.push_back(orders);

  model::Table legacy;
  legacy.name = "legacy";
  legacy.columns = {col("a", "int32"), col("b", "varchar(10)")};
  legacy.columns[1].default_expr = "'x'";
  legacy.options["mysql.engine"] = "myisam";
  legacy.options["mysql.collation"] = "LATIN1_BIN";
  legacy.options["mysql.charset"] = "latin1";
  s.tables.push_back(legacy);
  return s;
}

void create(MyDatabase& db, const model::Schema& canonical) {
  auto& c = mine(db);
  db.exec("SET foreign_key_checks = 0");
  for (const auto& t : canonical.tables) db.exec(my::create_table(t, c.server(), true));
  db.exec("SET foreign_key_checks = 1");
}

}  // namespace

TEST_CASE("mysql canonicalize: a hand-built schema in manifest spellings") {
  MyDatabase db;
  model::Schema desired = hand_built();
  my::canonicalize(desired, mine(db));
  CHECK(scratch_databases(db) == "0");

  const auto& customers = table(desired, "customers");
  CHECK(customers.primary_key->name == "");
  CHECK(customers.options == std::map<std::string, std::string>{{"mysql.charset", "latin1"}});
  CHECK(column(customers, "created_at").default_expr == std::optional<std::string>("current_timestamp(6)"));
  CHECK(column(customers, "created_at").type == model::Type{model::TypeKind::timestamp});
  CHECK(column(customers, "region").native.empty());
  CHECK(column(customers, "region").type == model::Type{model::TypeKind::varchar, 10});
  CHECK(named(customers.uniques, "email").columns == std::vector<std::string>{"email"});

  const auto& orders = table(desired, "orders");
  CHECK(orders.options == std::map<std::string, std::string>{{"mysql.on_update.updated_at", "current_timestamp(6)"}});
  CHECK(column(orders, "status").default_expr == std::optional<std::string>("'new'"));
  CHECK(column(orders, "total").default_expr == std::optional<std::string>("0.00"));
  CHECK(column(orders, "placed_at").default_expr == std::optional<std::string>("current_timestamp(6)"));
  CHECK(column(orders, "ref").type == model::Type{model::TypeKind::fixed_char, 36});
  CHECK(column(orders, "ref").default_expr == std::optional<std::string>("uuid()"));
  CHECK(column(orders, "paid").default_expr == std::optional<std::string>("0"));
  CHECK(column(orders, "data").type == model::Type{model::TypeKind::json});
  CHECK(column(orders, "data").native.empty());
  REQUIRE(column(orders, "tax").generated);
  CHECK(column(orders, "tax").generated->expr == "`total` * 0.2");
  CHECK(column(orders, "tax").nullable);
  CHECK_FALSE(column(orders, "note").default_expr);  // DEFAULT NULL is no default
  CHECK(native(column(orders, "kind")) == "enum('a','b')");
  CHECK(column(orders, "kind").default_expr == std::optional<std::string>("'a'"));
  CHECK(native(column(orders, "flags")) == "int unsigned");
  CHECK(column(orders, "code").native.empty());
  CHECK(column(orders, "name").collation == std::optional<std::string>("utf8mb4_bin"));
  CHECK(orders.primary_key->name == "");
  CHECK(named(orders.uniques, "code").columns == std::vector<std::string>{"code"});
  CHECK(named(orders.uniques, "orders_ref_key").columns == std::vector<std::string>{"ref"});
  CHECK(index(orders, "orders_status_idx").method == "");
  CHECK(index(orders, "orders_status_idx").parts.at(1).desc);
  CHECK(index(orders, "orders_name_prefix").parts.at(0).expr == "`name`(10)");
  CHECK(index(orders, "orders_code_whole").parts.at(0).column == "code");  // the whole column
  CHECK(index(orders, "orders_note_ft").method == "fulltext");
  CHECK_FALSE(orders.find_index("orders_customer_fk"));
  CHECK_FALSE(orders.find_index("orders_ref_key"));
  const auto& fk = orders.foreign_keys.at(0);
  CHECK(fk.on_delete == model::FkAction::no_action);
  CHECK_FALSE(fk.deferrable);
  CHECK(fk.ref_columns == std::vector<std::string>{"id"});
  CHECK(orders.checks.at(0).name == "");
  CHECK(orders.checks.at(0).expr == "`total` >= 0");
  CHECK(named(orders.checks, "orders_status_known").expr == "`status` in ('new','paid')");

  const auto& legacy = table(desired, "legacy");
  CHECK(legacy.options == std::map<std::string, std::string>{
                              {"mysql.charset", "latin1"}, {"mysql.collation", "latin1_bin"}, {"mysql.engine", "MyISAM"}});
  CHECK(column(legacy, "b").default_expr == std::optional<std::string>("'x'"));

  // What the server makes of the canonical schema is the canonical schema.
  create(db, desired);
  model::Schema live = inspect(db);
  INFO(notes(live));
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  // Unnamed checks stay unnamed in the desired schema (the server calls this one CONSTRAINT_1).
  CHECK(named(table(live, "orders").checks, "CONSTRAINT_1").expr == "`total` >= 0");
}

TEST_CASE("mysql canonicalize: bad input is refused naming the object, and no scratch database stays") {
  MyDatabase db;
  auto& c = mine(db);
  auto refused = [&](model::Schema bad, const std::string& message) {
    try {
      my::canonicalize(bad, c);
      FAIL("no error for: " << message);
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()) == message);
    }
    CHECK(scratch_databases(db) == "0");
  };
  auto refused_containing = [&](model::Schema bad, const std::string& fragment) {
    try {
      my::canonicalize(bad, c);
      FAIL("no error for: " << fragment);
    } catch (const ConfigError& e) {
      CHECK_MESSAGE(std::string(e.what()).find(fragment) != std::string::npos, e.what());
    }
    CHECK(scratch_databases(db) == "0");
  };

  SUBCASE("a check naming an unknown column") {
    model::Schema bad = hand_built();
    bad.tables[1].checks[1].expr = "no_such_column > 0";
    refused(bad, "table orders: check orders_status_known: MySQL rejects the expression 'no_such_column > 0': "
                 "Unknown column 'no_such_column' in 'CHECK'");
  }
  SUBCASE("a check naming a column its table lacks, though another table has it") {
    model::Schema bad;
    for (const char* name : {"a", "b"}) {
      model::Table t;
      t.name = name;
      t.columns = {col("id", "int64")};
      if (std::string(name) == "b") t.columns.push_back(col("qty", "int32"));
      t.checks.push_back({"", "qty > 0"});
      bad.tables.push_back(t);
    }
    std::swap(bad.tables[0], bad.tables[1]);  // b first: its copy brings qty
    refused(bad, "table a: check (qty > 0): MySQL rejects the expression 'qty > 0': Unknown column 'qty' in 'CHECK'");
  }
  SUBCASE("a default") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[2].default_expr = "bogus(";
    refused_containing(bad, "table orders: column status: MySQL rejects the default 'bogus(': ");
  }
  SUBCASE("a default that does not fit the column") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[3].default_expr = "'abc'";
    refused(bad, "table orders: column total: MySQL rejects the default ''abc'': Invalid default value for 'total'");
  }
  SUBCASE("a native type") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[12].native["mysql"] = "no_such_type";
    refused_containing(bad, "table orders: column flags: MySQL rejects the type 'no_such_type': ");
  }
  SUBCASE("a generated expression") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[9].generated->expr = "missing * 2";
    refused_containing(bad, "table orders: column tax: MySQL rejects the generated expression 'missing * 2': ");
  }
  SUBCASE("table options") {
    model::Schema bad = hand_built();
    bad.tables[2].options["mysql.collation"] = "utf8mb4_bin";  // not a latin1 collation
    refused_containing(bad, "table legacy: MySQL rejects its options (");
  }
  SUBCASE("a schema-qualified table") {
    model::Schema bad = hand_built();
    bad.tables[0].schema = "billing";
    refused(bad, "MySQL databases have no schemas: table billing.customers names schema 'billing'; declare it "
                 "without a schema (each MySQL database holds one)");
  }
  SUBCASE("a partial index") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].where = "status <> 'done'";
    refused(bad, "table orders: index orders_status_idx: MySQL has no partial indexes (where = \"status <> 'done'\")");
  }
  SUBCASE("INCLUDE columns") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].include = {"total"};
    refused(bad, "table orders: index orders_status_idx: MySQL has no INCLUDE columns (include = [total])");
  }
  SUBCASE("an expression key part on MariaDB") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].parts[0] = {"", "lower(status)", false};
    refused(bad, "table orders: index orders_status_idx: MariaDB has no expression key parts (lower(status)); "
                 "index a generated column instead");
  }
  SUBCASE("an index of a text column without a prefix length") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].parts[0] = {"note", "", false};
    refused(bad, "table orders: index orders_status_idx: column note is longtext, which MySQL indexes only by a "
                 "prefix: write the key part as { expr = \"`note`(255)\" } with the length you need");
  }
  SUBCASE("an unknown index method") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].method = "gin";
    refused(bad, "table orders: index orders_status_idx: MySQL has no index method 'gin' (btree, hash, fulltext, spatial)");
  }
  SUBCASE("a foreign key naming a schema") {
    model::Schema bad = hand_built();
    bad.tables[1].foreign_keys[0].ref_table = "billing.customers";
    refused(bad, "table orders: foreign key orders_customer_fk references billing.customers, but MySQL databases have "
                 "no schemas");
  }
  SUBCASE("ON UPDATE of a column that does not exist") {
    model::Schema bad = hand_built();
    bad.tables[1].options["mysql.on_update.gone"] = "current_timestamp(6)";
    refused(bad, "table orders: option mysql.on_update.gone names no column of the table");
  }
  SUBCASE("text that would reshape the statements around it") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[2].default_expr = "'x', `evil` int";
    refused(bad, "table orders: column status: the default ''x', `evil` int' is not a single SQL expression: "
                 "a ',' outside parentheses ends it");
    bad = hand_built();
    bad.tables[1].checks[0].expr = "total > 0) /*! , x int */ CHECK (1";
    refused_containing(bad, "is not a single SQL expression");
  }
  SUBCASE("an engine option that is not a name") {
    model::Schema bad = hand_built();
    bad.tables[2].options["mysql.engine"] = "InnoDB COMMENT='x'";
    refused(bad, "table legacy: mysql.engine 'InnoDB COMMENT='x'' is not a name");
  }
  CHECK(scratch_databases(db) == "0");
}

TEST_CASE("mysql canonicalize: inside a transaction, the scratch work takes a session of its own") {
  MyDatabase db;
  auto& c = mine(db);
  db.exec("CREATE TABLE kept (a int) ENGINE=InnoDB");
  c.begin();
  db.exec("INSERT INTO kept VALUES (1)");
  model::Schema s = hand_built();
  my::canonicalize(s, c);
  CHECK(c.in_transaction());
  c.rollback();  // DDL on this session would have committed the insert
  CHECK(db.scalar("SELECT count(*) FROM kept") == "0");
  CHECK(scratch_databases(db) == "0");
}

TEST_CASE("mysql canonicalize: a user who may not create databases gets a clear error") {
  MyDatabase db;
  std::string user = "bcdb_reader_" + db.name().substr(7);
  db.exec("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'reader'");
  db.exec("GRANT SELECT ON " + db.name() + ".* TO '" + user + "'@'127.0.0.1'");
  {
    dialect::Url url = dialect::Url::parse(db.url());
    url.user = user;
    url.password = "reader";
    url.has_password = true;
    my::MyConnection reader(url);
    model::Schema s = hand_built();
    try {
      my::canonicalize(s, reader);
      FAIL("no error");
    } catch (const DatabaseError& e) {
      CHECK_MESSAGE(std::string(e.what()).find("could not create it: Access denied") != std::string::npos, e.what());
      CHECK(std::string(e.what()).find("CREATE and DROP privileges on databases named bcdb_scratch_%") !=
            std::string::npos);
    }
  }
  db.exec("DROP USER '" + user + "'@'127.0.0.1'");
  CHECK(scratch_databases(db) == "0");
}

TEST_CASE("mysql canonicalize: columns agreeing across many tables share the scratch tables") {
  MyDatabase db;
  model::Schema s;
  for (int i = 0; i < 300; ++i) {
    model::Table t;
    t.name = "t" + std::to_string(i);
    t.columns = {col("id", "int64"), col("price", "decimal(10,2)"), col("label", "varchar(20)"),
                 col("wide" + std::to_string(i % 7), "varchar(255)")};
    t.columns[1].default_expr = std::to_string(i % 3);
    t.columns[2].default_expr = "'l" + std::to_string(i % 50) + "'";
    t.columns[3].default_expr = "'w'";
    t.columns[3].nullable = true;
    t.checks.push_back({"", "price >= " + std::to_string(i)});
    if (i % 10 == 0) t.columns.push_back(col("half", "decimal(10,2)")), t.columns.back().generated = model::Generated{"price / 2", i % 20 == 0};
    t.primary_key = model::PrimaryKey{"", {"id"}};
    s.tables.push_back(std::move(t));
  }
  auto& c = mine(db);
  auto questions = [&] { return std::stol(db.rows("SHOW SESSION STATUS LIKE 'Questions'").at(0).at(1)); };
  long before = questions();
  my::canonicalize(s, c);
  long statements = questions() - before - 1;
  CHECK(statements < 40);  // a handful of scratch tables, not one per desired table
  CHECK(table(s, "t0").checks.at(0).expr == "`price` >= 0");
  CHECK(table(s, "t299").checks.at(0).expr == "`price` >= 299");
  CHECK(column(table(s, "t5"), "price").default_expr == std::optional<std::string>("2.00"));
  CHECK(column(table(s, "t7"), "label").default_expr == std::optional<std::string>("'l7'"));
  CHECK(column(table(s, "t10"), "half").generated->expr == "`price` / 2");
  CHECK(column(table(s, "t20"), "half").generated->stored);
  CHECK(scratch_databases(db) == "0");

  // The same tables exist as the server makes them.
  for (const auto& t : s.tables) db.exec(my::create_table(t, c.server(), false));
  auto changes = compare(s, inspect(db));
  CHECK_MESSAGE(changes.empty(), describe(changes));
}

TEST_CASE("mysql ddl: prefix key parts are written as they are, functional ones in parentheses") {
  CHECK(my::is_prefix_part("`name`(10)"));
  CHECK(my::is_prefix_part("`odd``name`(255)"));
  CHECK_FALSE(my::is_prefix_part("`a` + `b`"));
  CHECK_FALSE(my::is_prefix_part("`a`(1) + abs(2)"));
  CHECK_FALSE(my::is_prefix_part("lower(`name`)"));
  CHECK_FALSE(my::is_prefix_part("``(10)"));
  model::Index i;
  i.parts = {{"", "`name`(10)", false}, {"", "lower(`name`)", true}, {"id", "", false}};
  CHECK(my::index_parts(i) == "(`name`(10), (lower(`name`)) DESC, `id`)");
}

TEST_CASE("mysql canonicalize: expressions that cannot be pasted into a statement") {
  using my::scratch::not_single_expression;
  CHECK_FALSE(not_single_expression("status <> 'a;b'"));
  CHECK_FALSE(not_single_expression("'it\\'s, fine' <> name"));
  CHECK_FALSE(not_single_expression("`odd;name` > 0 /* a; comment */"));
  CHECK_FALSE(not_single_expression("a > 0 -- a comment; still fine\n"));
  CHECK_FALSE(not_single_expression("enum('a','b')"));
  CHECK_FALSE(not_single_expression("bogus("));  // unclosed: the server reports the syntax error
  CHECK(not_single_expression("a > 0; DROP TABLE t"));
  CHECK(not_single_expression("a > 0) OR (true"));
  CHECK(not_single_expression("'unterminated"));
  CHECK(not_single_expression("0, `x` int"));
  CHECK(not_single_expression("a > 0 -- comments out what follows"));
  CHECK(not_single_expression("a > 0 # so does this"));
  CHECK(not_single_expression("1 /*!50000 , x int */"));
  CHECK(not_single_expression("a > 0 /* unclosed"));
}

TEST_CASE("mysql manifests: ON UPDATE is a table option, written and read back") {
  auto loaded = manifest::load_text(R"T([tables.t]
columns = [ { name = "a", type = "timestamp" }, { name = "b", type = "timestamp" } ]
mysql = { engine = "MyISAM", on_update = { a = "current_timestamp(6)" }, "on_update.b" = "now(6)" }
)T",
                                    "t.toml");
  REQUIRE(loaded.ok());
  const auto& t = loaded.schema.tables.at(0);
  CHECK(t.options == std::map<std::string, std::string>{{"mysql.engine", "MyISAM"},
                                                        {"mysql.on_update.a", "current_timestamp(6)"},
                                                        {"mysql.on_update.b", "now(6)"}});
  std::string text = manifest::to_toml(t);
  CHECK(text.find(R"T(mysql = { engine = "MyISAM", "on_update.a" = "current_timestamp(6)", "on_update.b" = "now(6)" })T") !=
        std::string::npos);
  auto again = manifest::load_text(text, "again.toml");
  REQUIRE(again.ok());
  CHECK(again.schema.tables.at(0).options == t.options);

  auto bad = manifest::load_text(R"T([tables.t]
columns = [ { name = "a", type = "timestamp" } ]
mysql = { on_update = { gone = "current_timestamp(6)" } }
)T",
                                 "bad.toml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].message == "table t: mysql.on_update.gone names no column of the table");
}

// Timings, not a test: BCDB_MY_BENCH=200 (or 2000) runs it, BCDB_MY_BENCH_CHECKS=1 gives every
// table a check and a generated column too. The manifests are tests/bench/gen_wide_schema.py's,
// with the index of its text column given a prefix length (MySQL needs one).
TEST_CASE("mysql canonicalize: timings of a wide schema" * doctest::skip(std::getenv("BCDB_MY_BENCH") == nullptr)) {
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::time_point since) { return std::chrono::duration<double>(clock::now() - since).count(); };
  int count = std::atoi(std::getenv("BCDB_MY_BENCH"));
  bool checks = std::getenv("BCDB_MY_BENCH_CHECKS") != nullptr;
  TempDir dir;
  auto gen = run("/usr/bin/python3", {std::string(BCDB_SOURCE_DIR) + "/tests/bench/gen_wide_schema.py",
                                      (dir / "m").string(), std::to_string(count)},
                 dir.path());
  REQUIRE(gen.exit_code == 0);
  model::Schema desired = manifest::load_valid(dir / "m").schema;
  for (auto& t : desired.tables) {
    for (auto& i : t.indexes)
      for (auto& p : i.parts)
        if (p.column == "c02") p = {"", "`c02`(32)", false};
    if (checks) {
      t.checks.push_back({"", "c00 >= 0 AND c06 <> 3"});
      t.columns.push_back(col("c_gen", "int64"));
      t.columns.back().generated = model::Generated{"c00 * 2", false};
    }
  }
  MyDatabase db;
  auto& c = mine(db);
  auto start = clock::now();
  model::Schema canonical = desired;
  my::canonicalize(canonical, c);
  double canonicalize_s = seconds(start);
  start = clock::now();
  db.exec("SET foreign_key_checks = 0");
  for (const auto& t : canonical.tables) db.exec(my::create_table(t, c.server(), true));
  db.exec("SET foreign_key_checks = 1");
  double create_s = seconds(start);
  start = clock::now();
  model::Schema live = my::inspect(c);
  double inspect_s = seconds(start);
  start = clock::now();
  model::Schema again = live;
  my::canonicalize(again, c);
  double recanonicalize_s = seconds(start);
  auto changes = compare(canonical, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  CHECK(compare(again, live).empty());
  MESSAGE(count << " tables" << std::string(checks ? " with checks and generated columns" : "") << ": canonicalize manifests "
                << canonicalize_s << " s, create " << create_s << " s, inspect " << inspect_s
                << " s, canonicalize the inspected schema " << recanonicalize_s << " s");
}
