// The PostgreSQL inspector and canonical form against the test server: what inspect() reads
// from a rich schema, and that canonicalize() brings desired schemas (inspected or hand-built)
// to exactly what inspect() reads once they exist.
#include <doctest/doctest.h>

#include <algorithm>

#include "dialect/dialect.h"
#include "dialect/postgres/canonical.h"
#include "dialect/postgres/ddl.h"
#include "dialect/postgres/inspector.h"
#include "dialect/postgres/scratch.h"
#include "diff/compare.h"
#include "model/canonical.h"
#include "schema_lookup.h"
#include "server_db.h"
#include "pg_rich_schema.h"
#include "plan/pipeline.h"
#include "process.h"
#include "support/error.h"
#include "support/strings.h"

using namespace bcdb;
using namespace bcdb::test;
namespace pg = bcdb::dialect::postgres;

namespace {

std::string native(const model::Column& c) { return native_of(c, "postgres"); }

diff::ChangeSet compare(const model::Schema& desired, const model::Schema& live) {
  return compare_on("postgres", desired, live);
}

model::Schema inspect(PgDatabase& db, std::vector<std::string> schemas = {}) {
  return pg::inspect(db.connection(), dialect::InspectOptions{std::move(schemas)});
}

void create_rich_schema(PgDatabase& db) {
  db.exec(kRichSchema);
  // A unique index built concurrently over duplicates fails and stays behind INVALID.
  CHECK_THROWS_AS(db.exec("CREATE UNIQUE INDEX CONCURRENTLY dups_v_idx ON dups (v)"), DatabaseError);
}

}  // namespace

TEST_CASE("postgres inspect: tables, columns and their types") {
  PgDatabase db;
  create_rich_schema(db);
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto& customers = table(s, "customers");
  CHECK(customers.schema == "");
  CHECK(customers.comment == "People who buy");
  CHECK(customers.columns.size() == 4);
  const auto& id = column(customers, "id");
  CHECK(id.identity);
  CHECK_FALSE(id.nullable);
  CHECK(id.type == model::Type{model::TypeKind::int64});
  CHECK(id.native.empty());
  CHECK_FALSE(id.default_expr);
  CHECK(column(customers, "email").comment == "Login address");
  CHECK(column(customers, "email").type == model::Type{model::TypeKind::text});
  CHECK(column(customers, "name").collation == std::optional<std::string>("C"));
  CHECK(column(customers, "name").nullable);
  CHECK_FALSE(column(customers, "email").collation);
  CHECK(has_note(s, "column public.customers.id is GENERATED ALWAYS AS IDENTITY; read as BY DEFAULT"));

  const auto& orders = table(s, "orders");
  std::vector<std::string> names;
  for (const auto& c : orders.columns) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"id", "number", "customer_id", "status", "total", "tax", "placed_at",
                                          "feeling", "tags", "scores", "search", "client_ip", "data"});
  CHECK(column(orders, "id").identity);
  // A serial beside an identity column stays a default on its sequence (one identity per table).
  CHECK_FALSE(column(orders, "number").identity);
  CHECK(column(orders, "number").default_expr == std::optional<std::string>("nextval('orders_number_seq'::regclass)"));
  CHECK(column(orders, "number").type == model::Type{model::TypeKind::int32});
  CHECK(has_note(s, "sequence public.orders_number_seq: not managed by bcdb yet; left as it is"));
  const auto& tickets = table(s, "tickets");
  CHECK(column(tickets, "id").identity);  // a lone serial reads as identity
  CHECK_FALSE(column(tickets, "id").default_expr);
  CHECK(column(tickets, "id").type == model::Type{model::TypeKind::int32});
  CHECK(has_note(s, "column public.tickets.id is serial; bcdb reads it as an identity column"));
  CHECK(column(orders, "status").type == model::Type{model::TypeKind::varchar, 16});
  CHECK(column(orders, "status").default_expr == std::optional<std::string>("'pending'::character varying"));
  CHECK(column(orders, "total").type == model::Type{model::TypeKind::decimal, 0, 12, 2});
  CHECK(column(orders, "total").default_expr == std::optional<std::string>("0"));
  CHECK(column(orders, "placed_at").default_expr == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(column(orders, "placed_at").type == model::Type{model::TypeKind::timestamptz});
  const auto& tax = column(orders, "tax");
  REQUIRE(tax.generated);
  CHECK(tax.generated->expr == "(total * 0.2)");
  CHECK(tax.generated->stored);
  CHECK_FALSE(tax.default_expr);
  CHECK(native(column(orders, "feeling")) == "mood");
  CHECK(native(column(orders, "tags")) == "text[]");
  CHECK(native(column(orders, "scores")) == "integer[]");
  CHECK(native(column(orders, "search")) == "tsvector");
  CHECK(native(column(orders, "client_ip")) == "inet");
  CHECK(column(orders, "data").type == model::Type{model::TypeKind::json});
  CHECK(native(column(orders, "data")) == "");
  CHECK(has_note(s, "enum type public.mood (sad, ok, happy) is not managed by bcdb yet; "
                    "columns keep it as their native type"));

  // bcdb's own tables, partitions and scratch schemas are not the user's.
  CHECK_FALSE(s.find_table("bcdb_migrations"));
  CHECK_FALSE(s.find_table("events_2024"));
  CHECK_FALSE(s.find_table("bcdb_scratch_leftover.x"));
  CHECK(s.find_table("events"));
  CHECK(note_contains(s, "table public.events is partitioned by RANGE (at)"));
  CHECK(note_contains(s, "table public.events_2024 is a partition of events"));
  CHECK_FALSE(note_contains(s, "bcdb_migrations"));
}

TEST_CASE("postgres inspect: keys, foreign keys and checks") {
  PgDatabase db;
  create_rich_schema(db);
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto& customers = table(s, "customers");
  REQUIRE(customers.primary_key);
  CHECK(customers.primary_key->name == "customers_pkey");
  CHECK(customers.primary_key->columns == std::vector<std::string>{"id"});
  CHECK(named(customers.uniques, "customers_email_key").columns == std::vector<std::string>{"email"});
  CHECK(named(customers.uniques, "customers_region_email_key").columns == std::vector<std::string>{"region", "email"});
  CHECK(customers.indexes.empty());  // the key's and the uniques' indexes are theirs

  const auto& lines = table(s, "order_lines");
  REQUIRE(lines.primary_key);
  CHECK(lines.primary_key->columns == std::vector<std::string>{"order_id", "line"});
  const auto& cascade = named(lines.foreign_keys, "order_lines_order_fk");
  CHECK(cascade.ref_table == "orders");
  CHECK(cascade.on_delete == model::FkAction::cascade);
  CHECK(cascade.on_update == model::FkAction::no_action);
  CHECK(cascade.deferrable);
  CHECK(cascade.initially_deferred);
  CHECK(has_note(s, "table public.order_lines: storage options fillfactor=90 are not represented"));

  const auto& orders = table(s, "orders");
  const auto& restrict = named(orders.foreign_keys, "orders_customer_fk");
  CHECK(restrict.columns == std::vector<std::string>{"customer_id"});
  CHECK(restrict.ref_table == "customers");
  CHECK(restrict.ref_columns == std::vector<std::string>{"id"});
  CHECK(restrict.on_delete == model::FkAction::restrict);
  CHECK(restrict.on_update == model::FkAction::cascade);
  CHECK_FALSE(restrict.deferrable);
  CHECK(restrict.validated);
  CHECK(named(orders.checks, "orders_total_nonneg").expr == "total >= 0::numeric");
  CHECK(named(orders.checks, "orders_total_nonneg").validated);
  CHECK(named(orders.checks, "orders_status_known").expr == "status::text <> ''::text");
  CHECK_FALSE(named(orders.checks, "orders_status_known").validated);

  const auto& refs = table(s, "refs");
  CHECK(named(refs.foreign_keys, "refs_a_fkey").on_delete == model::FkAction::no_action);
  CHECK(named(refs.foreign_keys, "refs_b_fkey").on_delete == model::FkAction::set_null);
  CHECK(named(refs.foreign_keys, "refs_c_fkey").on_delete == model::FkAction::set_default);
  CHECK(named(refs.foreign_keys, "refs_c_fkey").on_update == model::FkAction::restrict);
  CHECK(named(refs.foreign_keys, "refs_d_fkey").deferrable);
  CHECK_FALSE(named(refs.foreign_keys, "refs_d_fkey").initially_deferred);
  CHECK_FALSE(named(refs.foreign_keys, "refs_e_fkey").validated);
  CHECK(column(refs, "c").default_expr == std::optional<std::string>("0"));

  const auto& invoices = table(s, "sales.invoices");
  CHECK(invoices.schema == "sales");
  const auto& fk = invoices.foreign_keys.at(0);
  CHECK(fk.ref_table == "orders");
  CHECK(fk.ref_columns == std::vector<std::string>{"id"});
}

TEST_CASE("postgres inspect: indexes") {
  PgDatabase db;
  create_rich_schema(db);
  model::Schema s = inspect(db);
  INFO(notes(s));
  const auto& orders = table(s, "orders");

  const auto& unique = index(orders, "orders_customer_number_idx");
  CHECK(unique.unique);
  CHECK(unique.valid);
  CHECK(unique.method == "");
  REQUIRE(unique.parts.size() == 2);
  CHECK(unique.parts[0].column == "customer_id");
  CHECK(unique.parts[1].column == "number");

  const auto& partial = index(orders, "orders_open_idx");
  CHECK_FALSE(partial.unique);
  CHECK(partial.where == "status::text <> 'done'::text");

  const auto& expression = index(orders, "orders_lower_status_idx");
  REQUIRE(expression.parts.size() == 1);
  CHECK(expression.parts[0].column == "");
  CHECK(expression.parts[0].expr == "lower(status::text)");

  const auto& recent = index(orders, "orders_recent_idx");
  REQUIRE(recent.parts.size() == 2);
  CHECK(recent.parts[0].column == "placed_at");
  CHECK(recent.parts[0].desc);
  CHECK_FALSE(recent.parts[1].desc);

  CHECK(index(orders, "orders_data_idx").method == "gin");
  CHECK(index(orders, "orders_placed_brin").method == "brin");
  const auto& cover = index(orders, "orders_customer_cover_idx");
  CHECK(cover.parts.size() == 1);
  CHECK(cover.include == std::vector<std::string>{"total", "status"});
  CHECK_FALSE(orders.find_index("orders_pkey"));

  const auto& invalid = index(table(s, "dups"), "dups_v_idx");
  CHECK_FALSE(invalid.valid);
  CHECK(invalid.unique);
  // DESC sorts NULLS FIRST by default: nothing to report.
  CHECK_FALSE(note_contains(s, "orders_recent_idx"));
}

TEST_CASE("postgres inspect: what the model cannot hold is reported") {
  PgDatabase db;
  create_rich_schema(db);
  db.exec("CREATE INDEX orders_status_pattern_idx ON orders (status varchar_pattern_ops);"
          "CREATE INDEX orders_total_nulls_idx ON orders (total NULLS FIRST);"
          "ALTER TABLE refs ENABLE ROW LEVEL SECURITY;"
          "CREATE UNLOGGED TABLE scratchpad (a int)");
  model::Schema s = inspect(db);
  INFO(notes(s));

  const auto* view = object(s, "view", "open_orders");
  REQUIRE(view);
  CHECK(view->sql.find("CREATE VIEW \"open_orders\" AS") == 0);
  CHECK(has_note(s, "view public.open_orders: not managed by bcdb yet; left as it is"));
  const auto* trigger = object(s, "trigger", "orders_touch");
  REQUIRE(trigger);
  CHECK(trigger->table == "orders");
  CHECK(trigger->sql.find("CREATE TRIGGER orders_touch") == 0);
  CHECK(has_note(s, "trigger orders_touch on public.orders: not managed by bcdb yet; left as it is"));
  CHECK(object(s, "sequence", "invoice_numbers"));
  CHECK(has_note(s, "sequence public.invoice_numbers: not managed by bcdb yet; left as it is"));
  CHECK(object(s, "enum type", "mood"));
  // Sequences of identity and serial columns (and of bcdb's own tables) are theirs.
  CHECK_FALSE(note_contains(s, "sequence public.tickets_id_seq"));
  CHECK_FALSE(note_contains(s, "sequence public.orders_id_seq"));
  CHECK_FALSE(note_contains(s, "bcdb_migrations_id_seq"));

  CHECK(has_note(s, "index public.orders_status_pattern_idx: key 1 uses operator class varchar_pattern_ops, "
                    "which is not represented"));
  CHECK(has_note(s, "index public.orders_total_nulls_idx: key 1 sorts NULLS FIRST, which is not represented"));
  CHECK(has_note(s, "table public.refs: row-level security is enabled, which is not represented"));
  CHECK(has_note(s, "table public.scratchpad: UNLOGGED is not represented; bcdb reads it as a logged table"));
}

TEST_CASE("postgres inspect: only the schemas asked for") {
  PgDatabase db;
  create_rich_schema(db);
  model::Schema sales = inspect(db, {"sales"});
  REQUIRE(sales.tables.size() == 1);
  CHECK(sales.tables[0].qualified_name() == "sales.invoices");
  // The foreign key still names its target and columns, though that schema is not read.
  CHECK(sales.tables[0].foreign_keys.at(0).ref_columns == std::vector<std::string>{"id"});

  model::Schema public_only = inspect(db, {""});
  CHECK(public_only.find_table("orders"));
  CHECK_FALSE(public_only.find_table("sales.invoices"));
}

TEST_CASE("postgres inspect: pgbench's schema canonicalizes to itself") {
  PgDatabase db;
  TempDir dir;
  auto r = run("/usr/lib/postgresql/15/bin/pgbench",
               {"-i", "-s", "1", "-I", "dtGpf", "-q", "-h", "127.0.0.1", "-p", "54321", "-U", "postgres", db.name()},
               dir.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);

  model::Schema live = inspect(db);
  INFO(notes(live));
  CHECK(live.tables.size() == 4);
  const auto& accounts = table(live, "pgbench_accounts");
  CHECK(column(accounts, "filler").type == model::Type{model::TypeKind::fixed_char, 84});
  REQUIRE(accounts.primary_key);
  CHECK(accounts.primary_key->columns == std::vector<std::string>{"aid"});
  CHECK(named(accounts.foreign_keys, "pgbench_accounts_bid_fkey").ref_table == "pgbench_branches");
  CHECK(has_note(live, "table public.pgbench_accounts: storage options fillfactor=100 are not represented"));

  model::Schema desired = live;
  pg::canonicalize(desired, db.connection());
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  CHECK(model::fingerprint(desired) == model::fingerprint(live));
}

TEST_CASE("postgres canonicalize: the rich schema inspected canonicalizes to itself") {
  PgDatabase db;
  create_rich_schema(db);
  model::Schema live = inspect(db);
  model::Schema desired = live;
  pg::canonicalize(desired, db.connection());
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
  CHECK(model::fingerprint(desired) == model::fingerprint(live));
}

namespace {

// A desired schema in manifest spellings, as a TOML file would give it.
model::Schema hand_built() {
  model::Schema s;
  model::Table customers;
  customers.schema = "public";
  customers.name = "customers";
  customers.columns = {col("id", "int64"), col("email", "varchar(200)"), col("region", "text"),
                       col("created_at", "timestamptz")};
  customers.columns[0].identity = true;
  customers.columns[2].native = {{"postgres", "varchar(10)"}, {"mysql", "varchar(10)"}};
  customers.columns[2].nullable = true;
  customers.columns[3].default_expr = "current_timestamp";
  customers.primary_key = model::PrimaryKey{"", {"id"}};
  customers.uniques.push_back({"", {"email"}});
  customers.options["sqlite.strict"] = "true";
  s.tables.push_back(customers);

  model::Table orders;
  orders.name = "orders";
  orders.comment = "Customer orders";
  orders.columns = {col("id", "int64"),         col("customer_id", "int64"), col("status", "varchar(16)"),
                    col("total", "decimal(12,2)"), col("scores", "text"),     col("code", "varchar(10)"),
                    col("placed_at", "timestamptz"), col("note", "text")};
  orders.columns[0].identity = true;
  orders.columns[2].default_expr = "'pending'";
  orders.columns[3].default_expr = "0";
  orders.columns[4].native["postgres"] = "int4[]";
  orders.columns[4].nullable = true;
  orders.columns[5].native["postgres"] = "varchar(10)";
  orders.columns[5].native["sqlite"] = "VARCHAR(10)";
  orders.columns[6].default_expr = "now()";
  orders.columns[7].nullable = true;
  orders.columns[7].default_expr = "NULL";
  orders.columns[7].comment = "free text";
  orders.primary_key = model::PrimaryKey{"", {"id"}};
  model::ForeignKey fk;
  fk.name = "orders_customer_fk";
  fk.columns = {"customer_id"};
  fk.ref_table = "public.customers";
  fk.on_delete = model::FkAction::restrict;
  orders.foreign_keys.push_back(fk);
  orders.checks.push_back({"", "total >= 0"});
  orders.checks.push_back({"orders_status_nonempty", "status <> ''"});
  model::Index lower;
  lower.name = "orders_lower_status_idx";
  lower.parts = {{"", "lower(status)", false}};
  lower.method = "BTREE";
  model::Index open;
  open.name = "orders_open_idx";
  open.parts = {{"placed_at", "", true}};
  open.where = "status <> 'done'";
  model::Index plain;
  plain.name = "orders_customer_idx";
  plain.parts = {{"customer_id", "", false}};
  orders.indexes = {lower, open, plain};
  s.tables.push_back(orders);

  model::Table invoices;
  invoices.schema = "sales";
  invoices.name = "invoices";
  invoices.columns = {col("id", "int64"), col("order_id", "int64"), col("amount", "decimal(12,2)"),
                      col("amount_twice", "decimal(14,2)")};
  invoices.columns[3].generated = model::Generated{"amount * 2", false};
  invoices.primary_key = model::PrimaryKey{"invoices_pk", {"id"}};
  model::ForeignKey to_orders;
  to_orders.columns = {"order_id"};
  to_orders.ref_table = "orders";
  invoices.foreign_keys.push_back(to_orders);
  s.tables.push_back(invoices);

  // The same table name in two schemas, both needing a scratch copy.
  for (const char* schema : {"", "sales"}) {
    model::Table t;
    t.schema = schema;
    t.name = "t";
    t.columns = {col("a", "int32")};
    t.checks.push_back({"", std::string(schema).empty() ? "a > 0" : "t.a < 0"});
    s.tables.push_back(t);
  }
  return s;
}

void create(PgDatabase& db, const model::Schema& s) {
  db.exec("CREATE SCHEMA sales");
  for (const auto& t : s.tables) db.exec(pg::create_table(t, true));
  for (const auto& t : s.tables)
    for (const auto& i : t.indexes) db.exec(pg::create_index(t, i, false));
  for (const auto& t : s.tables) {
    if (!t.comment.empty()) db.exec("COMMENT ON TABLE " + pg::quote_table(t) + " IS " + pg::literal(t.comment));
    for (const auto& c : t.columns)
      if (!c.comment.empty())
        db.exec("COMMENT ON COLUMN " + pg::quote_table(t) + "." + pg::quote(c.name) + " IS " + pg::literal(c.comment));
  }
}

}  // namespace

TEST_CASE("postgres canonicalize: a hand-built schema in manifest spellings") {
  PgDatabase db;
  model::Schema raw = hand_built();
  model::Schema desired = raw;
  pg::canonicalize(desired, db.connection());

  const auto& customers = table(desired, "customers");
  CHECK(customers.schema == "");
  CHECK(customers.primary_key->name == "customers_pkey");
  CHECK(customers.options.empty());
  CHECK(column(customers, "created_at").default_expr == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(column(customers, "region").native == std::map<std::string, std::string>{});
  CHECK(column(customers, "region").type == model::Type{model::TypeKind::varchar, 10});

  const auto& orders = table(desired, "orders");
  CHECK(orders.primary_key->name == "orders_pkey");
  CHECK(column(orders, "status").default_expr == std::optional<std::string>("'pending'::character varying"));
  CHECK(column(orders, "total").default_expr == std::optional<std::string>("0"));
  CHECK(column(orders, "placed_at").default_expr == std::optional<std::string>("now()"));
  CHECK_FALSE(column(orders, "note").default_expr);  // DEFAULT NULL is no default
  CHECK(native(column(orders, "scores")) == "integer[]");
  CHECK(column(orders, "code").native.empty());
  CHECK(orders.foreign_keys.at(0).ref_table == "customers");
  CHECK(orders.foreign_keys.at(0).ref_columns == std::vector<std::string>{"id"});
  CHECK(orders.checks.at(0).expr == "total >= 0::numeric");
  CHECK(orders.checks.at(0).name == "");
  CHECK(named(orders.checks, "orders_status_nonempty").expr == "status::text <> ''::text");
  const auto& lower = index(orders, "orders_lower_status_idx");
  CHECK(lower.method == "");
  CHECK(lower.parts.at(0).expr == "lower(status::text)");
  const auto& open = index(orders, "orders_open_idx");
  CHECK(open.where == "status::text <> 'done'::text");
  CHECK(open.parts.at(0).column == "placed_at");
  CHECK(open.parts.at(0).desc);

  const auto& invoices = table(desired, "sales.invoices");
  CHECK(invoices.foreign_keys.at(0).ref_columns == std::vector<std::string>{"id"});
  REQUIRE(column(invoices, "amount_twice").generated);
  CHECK(column(invoices, "amount_twice").generated->stored);
  CHECK(table(desired, "t").checks.at(0).expr == "a > 0");
  CHECK(table(desired, "sales.t").checks.at(0).expr == "a < 0");  // "t.a" named the scratch copy's own table

  create(db, raw);
  model::Schema live = inspect(db);
  INFO(notes(live));
  auto changes = compare(desired, live);
  CHECK_MESSAGE(changes.empty(), describe(changes));
}

TEST_CASE("postgres canonicalize: leaves the connection as it found it") {
  PgDatabase db;
  db.exec("CREATE SCHEMA sales; SET search_path = sales, public");
  auto& c = db.connection();
  std::string path = db.scalar("SHOW search_path");
  auto scratch_schemas = [&] {
    return db.scalar("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, 'bcdb_scratch')");
  };
  auto unchanged = [&] {
    CHECK_FALSE(c.in_transaction());
    // Outside a transaction block a savepoint has nothing to mark.
    CHECK_THROWS_WITH(db.exec("SAVEPOINT bcdb_probe"), doctest::Contains("transaction blocks"));
    CHECK(db.scalar("SHOW search_path") == path);
    CHECK(scratch_schemas() == "0");
  };

  model::Schema good = hand_built();
  pg::canonicalize(good, c);
  unchanged();

  SUBCASE("a default PostgreSQL rejects names its table and column") {
    model::Schema bad = hand_built();
    bad.tables[1].columns[2].default_expr = "bogus(";
    try {
      pg::canonicalize(bad, c);
      FAIL("no error");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()) ==
            "table orders: column status: PostgreSQL rejects the default 'bogus(': syntax error at end of input");
    }
  }
  SUBCASE("a check") {
    model::Schema bad = hand_built();
    bad.tables[1].checks[1].expr = "no_such_column > 0";
    try {
      pg::canonicalize(bad, c);
      FAIL("no error");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()) ==
            "table orders: check orders_status_nonempty: PostgreSQL rejects the expression 'no_such_column > 0': "
            "column \"no_such_column\" does not exist");
    }
  }
  SUBCASE("a native type") {
    model::Schema bad = hand_built();
    bad.tables[2].columns[2].native["postgres"] = "no_such_type";
    CHECK_THROWS_WITH_AS(pg::canonicalize(bad, c),
                         "table sales.invoices: column amount: PostgreSQL rejects the type 'no_such_type': "
                         "type \"no_such_type\" does not exist",
                         ConfigError);
  }
  SUBCASE("an index expression") {
    model::Schema bad = hand_built();
    bad.tables[1].indexes[0].parts[0].expr = "lower(missing)";
    CHECK_THROWS_WITH_AS(pg::canonicalize(bad, c),
                         "table orders: index orders_lower_status_idx: PostgreSQL rejects it: "
                         "column \"missing\" does not exist",
                         ConfigError);
  }
  SUBCASE("text that would end the statement is refused before it reaches PostgreSQL") {
    model::Schema bad = hand_built();
    bad.tables[1].checks[0].expr = "total > 0); COMMIT; DROP TABLE x; (SELECT 1";
    CHECK_THROWS_AS(pg::canonicalize(bad, c), ConfigError);
  }
  unchanged();
}

TEST_CASE("postgres canonicalize: inside the caller's transaction, rolled back to a savepoint") {
  PgDatabase db;
  auto& c = db.connection();
  c.begin();
  db.exec("CREATE TABLE kept (a int)");
  model::Schema s = hand_built();
  pg::canonicalize(s, c);
  CHECK(c.in_transaction());
  CHECK(db.scalar("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, 'bcdb_scratch')") == "0");
  CHECK(db.scalar("SELECT to_regclass('kept') IS NOT NULL") == "t");
  c.rollback();
}

TEST_CASE("postgres canonicalize: many tables with checks go through in batches") {
  // One transaction creating them all would run out of lock slots (max_locks_per_transaction).
  PgDatabase db;
  model::Schema s;
  for (int i = 0; i < 700; ++i) {
    model::Table t;
    t.name = "t" + std::to_string(i);
    t.columns = {col("id", "int64"), col("price", "decimal(10,2)")};
    t.columns[1].default_expr = std::to_string(i % 3);
    t.checks.push_back({"", "price >= " + std::to_string(i)});
    s.tables.push_back(std::move(t));
  }
  pg::canonicalize(s, db.connection());
  CHECK(table(s, "t0").checks.at(0).expr == "price >= 0::numeric");
  CHECK(table(s, "t699").checks.at(0).expr == "price >= 699::numeric");
  CHECK(column(table(s, "t5"), "price").default_expr == std::optional<std::string>("2"));
  CHECK_FALSE(db.connection().in_transaction());
}

TEST_CASE("postgres canonicalize: a column the fast script leaves out is found by the replay") {
  // The scratch copy declares only the columns whose names occur in the expressions; a name
  // spelled with Unicode escapes hides from that, and the full replay still gets it right.
  PgDatabase db;
  model::Schema s;
  model::Table t;
  t.name = "escaped";
  t.columns = {col("a", "int32"), col("b", "text")};
  t.checks.push_back({"", "U&\"\\0061\" > 0"});
  s.tables.push_back(t);
  pg::canonicalize(s, db.connection());
  CHECK(s.tables[0].checks.at(0).expr == "a > 0");
  CHECK_FALSE(db.connection().in_transaction());
}

TEST_CASE("postgres canonicalize: a user who may not create schemas gets a clear error") {
  PgDatabase db;
  std::string role = "bcdb_reader_" + db.name();
  db.exec("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'");
  {
    dialect::Url url = dialect::Url::parse(db.url());
    url.user = role;
    url.password = "reader";
    url.has_password = true;
    auto dialect = dialect::make_dialect("postgres");
    auto reader = dialect->connect(url, dialect::Dialect::Access::read_only);
    model::Schema s = hand_built();
    try {
      pg::canonicalize(s, *reader);
      FAIL("no error");
    } catch (const DatabaseError& e) {
      CHECK(std::string(e.what()).find("could not create it: permission denied for database") != std::string::npos);
      CHECK(std::string(e.what()).find("CREATE privilege") != std::string::npos);
    }
    CHECK_FALSE(reader->in_transaction());
  }
  db.exec("DROP ROLE " + role);
}

TEST_CASE("postgres canonicalize: text that could end the statements around it is refused") {
  using pg::scratch::not_single_expression;
  CHECK_FALSE(not_single_expression("status <> 'a;b'"));
  CHECK_FALSE(not_single_expression("E'it\\'s; fine' <> name"));
  CHECK_FALSE(not_single_expression("$$;$$ <> name AND $tag$ ' $tag$ <> name"));
  CHECK_FALSE(not_single_expression("\"odd;name\" > 0 /* a; /* nested */ comment */"));
  CHECK_FALSE(not_single_expression("a > 0 -- a comment; still fine\n"));
  CHECK_FALSE(not_single_expression("bogus("));  // unclosed: PostgreSQL reports the syntax error
  CHECK(not_single_expression("a > 0; DROP TABLE t"));
  CHECK(not_single_expression("a > 0) OR (true"));
  CHECK(not_single_expression("'unterminated"));
  CHECK(not_single_expression("a > 0 -- comments out what follows"));
  CHECK(not_single_expression("a > 0 /* unclosed"));
}
