#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

#include "manifest/manifest.h"
#include "model/canonical.h"
#include "support/hash.h"

using namespace bcdb;
using manifest::Diagnostic;
using manifest::LoadResult;
namespace fs = std::filesystem;

namespace {

LoadResult load(std::string_view text) { return manifest::load_text(text, "m.toml"); }

std::string listing(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.to_string() + "\n";
  return out;
}

// Some diagnostic contains `fragment` in its message, sits at `where` and (when given) has a hint
// containing `hint`.
void expect(const LoadResult& r, const std::string& fragment, const std::string& where, const std::string& hint = "") {
  INFO("expected: " << where << ": ..." << fragment << "... (" << hint << ")");
  INFO("diagnostics:\n" << listing(r));
  bool found = false;
  for (const auto& d : r.diagnostics)
    if (d.message.find(fragment) != std::string::npos && d.where.to_string() == where &&
        d.hint.find(hint) != std::string::npos)
      found = true;
  CHECK(found);
}

void expect_ok(const LoadResult& r) {
  INFO("diagnostics:\n" << listing(r));
  CHECK(r.ok());
}

void expect_count(const LoadResult& r, std::size_t n) {
  INFO("diagnostics:\n" << listing(r));
  CHECK(r.diagnostics.size() == n);
}

const model::Table& table(const LoadResult& r, std::string_view name) {
  const model::Table* t = r.schema.find_table(name);
  REQUIRE_MESSAGE(t != nullptr, "no table " << name);
  return *t;
}

std::vector<std::string> column_order(const model::Schema& s) {
  std::vector<std::string> out;
  for (const auto& t : s.tables)
    for (const auto& c : t.columns) out.push_back(t.qualified_name() + "." + c.name);
  std::sort(out.begin(), out.end());  // tables in any order, columns in declaration order within
  return out;
}

class TempDir {
 public:
  TempDir() {
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("bcdb-manifest-test-" + std::to_string(stamp) + "-" + std::to_string(std::random_device{}()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  void write(const std::string& name, std::string_view content) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << content;
  }

 private:
  fs::path path_;
};

// The format description's example, plus the customers table it refers to.
constexpr std::string_view kExample = R"M([tables.customers]
primary_key = ["id"]
columns = [ { name = "id", type = "int64", identity = true } ]

[tables.orders]
comment = "Customer orders"
renamed_from = "purchases"
primary_key = ["id"]
columns = [
  { name = "id",          type = "int64", identity = true },
  { name = "customer_id", type = "int64" },
  { name = "number",      type = "varchar(20)" },
  { name = "status",      type = "varchar(16)", default = "'pending'" },
  { name = "total",       type = "decimal(12,2)" },
  { name = "note",        type = "text", nullable = true, renamed_from = "remarks" },
  { name = "placed_at",   type = "timestamptz", default = "current_timestamp" },
  { name = "search",      type = "text", nullable = true, native = { postgres = "tsvector" } },
  { name = "total_cents", type = "int64", generated = { expr = "total * 100", stored = true } },
  { name = "email",       type = "varchar(255)", collation = "nocase", comment = "login" },
]
indexes = [
  { name = "orders_customer_idx", columns = ["customer_id", "placed_at"] },
  { name = "orders_recent_idx", columns = [{ column = "placed_at", desc = true }], where = "status <> 'done'" },
  { name = "orders_email_lower_idx", columns = [{ expr = "lower(email)" }], unique = true },
  { name = "orders_search_idx", columns = ["search"], method = "gin", include = ["status"] },
]
uniques      = [ { name = "orders_number_key", columns = ["number"] } ]
foreign_keys = [ { name = "orders_customer_fk", columns = ["customer_id"], references = { table = "customers", columns = ["id"] }, on_delete = "restrict", on_update = "cascade", deferrable = false, initially_deferred = false } ]
checks       = [ { name = "orders_total_nonneg", expr = "total >= 0" } ]
sqlite   = { strict = true, without_rowid = true }
mysql    = { engine = "InnoDB", charset = "utf8mb4", collation = "utf8mb4_unicode_ci" }
postgres = { }
)M";

}  // namespace

TEST_CASE("manifest: the example of the format loads into the model") {
  auto r = load(kExample);
  expect_ok(r);
  REQUIRE(r.schema.tables.size() == 2);
  CHECK(r.schema.tables[0].name == "customers");  // declaration order
  const auto& t = table(r, "orders");
  CHECK(t.schema.empty());
  CHECK(t.comment == "Customer orders");
  CHECK(t.renamed_from == std::optional<std::string>("purchases"));
  REQUIRE(t.primary_key);
  CHECK(t.primary_key->name.empty());
  CHECK(t.primary_key->columns == std::vector<std::string>{"id"});

  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"id", "customer_id", "number", "status", "total", "note", "placed_at",
                                          "search", "total_cents", "email"});
  const auto& id = t.columns[0];
  CHECK(id.identity);
  CHECK_FALSE(id.nullable);
  CHECK(model::to_string(id.type) == "int64");
  CHECK(t.find_column("status")->default_expr == std::optional<std::string>("'pending'"));
  CHECK(model::to_string(t.find_column("total")->type) == "decimal(12,2)");
  CHECK(t.find_column("note")->nullable);
  CHECK(t.find_column("note")->renamed_from == std::optional<std::string>("remarks"));
  CHECK(t.find_column("search")->native == std::map<std::string, std::string>{{"postgres", "tsvector"}});
  CHECK(t.find_column("total_cents")->generated == model::Generated{"total * 100", true});
  CHECK(t.find_column("email")->collation == std::optional<std::string>("nocase"));
  CHECK(t.find_column("email")->comment == "login");

  REQUIRE(t.indexes.size() == 4);
  CHECK(t.indexes[0].parts == std::vector<model::IndexPart>{{"customer_id", "", false}, {"placed_at", "", false}});
  CHECK(t.indexes[1].parts == std::vector<model::IndexPart>{{"placed_at", "", true}});
  CHECK(t.indexes[1].where == "status <> 'done'");
  CHECK(t.indexes[2].parts == std::vector<model::IndexPart>{{"", "lower(email)", false}});
  CHECK(t.indexes[2].unique);
  CHECK(t.indexes[3].method == "gin");
  CHECK(t.indexes[3].include == std::vector<std::string>{"status"});
  REQUIRE(t.uniques.size() == 1);
  CHECK(t.uniques[0].name == "orders_number_key");
  REQUIRE(t.foreign_keys.size() == 1);
  const auto& fk = t.foreign_keys[0];
  CHECK(fk.name == "orders_customer_fk");
  CHECK(fk.ref_table == "customers");
  CHECK(fk.ref_columns == std::vector<std::string>{"id"});
  CHECK(fk.on_delete == model::FkAction::restrict);
  CHECK(fk.on_update == model::FkAction::cascade);
  CHECK_FALSE(fk.deferrable);
  REQUIRE(t.checks.size() == 1);
  CHECK(t.checks[0].expr == "total >= 0");
  CHECK(t.options == std::map<std::string, std::string>{{"sqlite.strict", "true"},
                                                        {"sqlite.without_rowid", "true"},
                                                        {"mysql.engine", "InnoDB"},
                                                        {"mysql.charset", "utf8mb4"},
                                                        {"mysql.collation", "utf8mb4_unicode_ci"}});

  CHECK(r.locations.at("orders").to_string() == "m.toml:5:9");
  CHECK(r.locations.at("orders.total").to_string() == "m.toml:14:12");
  CHECK(r.locations.at("orders.orders_customer_idx").to_string() == "m.toml:22:12");
  CHECK(r.locations.at("orders.orders_customer_fk").to_string() == "m.toml:28:27");
  CHECK(r.files == std::vector<std::string>{"m.toml"});
  CHECK(r.checksum.size() == 64);
}

TEST_CASE("manifest: locations resolve dotted names to the first declaration") {
  auto r = load(R"M([tables.a]
columns = [{ name = "b", type = "int64" }, { name = "x.y", type = "text" }]
indexes = [{ name = "b", columns = ["b"] }, { name = "c", columns = ["x.y"] }]

[tables.c]
schema = "a"
columns = [{ name = "id", type = "int64" }]
)M");
  expect_ok(r);
  CHECK(r.locations.at("a").to_string() == "m.toml:1:9");
  CHECK(r.locations.at("a.b").to_string() == "m.toml:2:21");    // the column, recorded before the index
  CHECK(r.locations.at("a.x.y").to_string() == "m.toml:2:53");  // a column whose name holds a dot
  CHECK(r.locations.at("a.c").to_string() == "m.toml:3:54");    // index c of table a, recorded before table a.c
  CHECK(r.locations.at("a.c.id").to_string() == "m.toml:7:21");
  CHECK(r.locations.count("a.nope") == 0);
  CHECK(r.locations.count("") == 0);
  CHECK_THROWS_AS(r.locations.at("nope"), std::out_of_range);
}

TEST_CASE("manifest: arrays of tables and inline arrays give the same schema") {
  auto inline_style = load(R"M([tables.t]
primary_key = { name = "t_pk", columns = ["id"] }
columns = [
  { name = "id", type = "int64" },
  { name = "code", type = "char(3)", default = "'abc'" },
]
indexes = [ { name = "t_code_idx", columns = ["code"], unique = true } ]
uniques = [ { columns = ["code", "id"] } ]
foreign_keys = [ { columns = ["id"], references = { table = "t" }, on_delete = "cascade" } ]
checks = [ { expr = "id > 0" } ]
)M");
  auto table_style = load(R"M([tables.t]
primary_key = { name = "t_pk", columns = ["id"] }

[[tables.t.columns]]
name = "id"
type = "int64"

[[tables.t.columns]]
name = "code"
type = "char(3)"
default = "'abc'"

[[tables.t.indexes]]
name = "t_code_idx"
columns = ["code"]
unique = true

[[tables.t.uniques]]
columns = ["code", "id"]

[[tables.t.foreign_keys]]
columns = ["id"]
references = { table = "t" }
on_delete = "cascade"

[[tables.t.checks]]
expr = "id > 0"
)M");
  expect_ok(inline_style);
  expect_ok(table_style);
  CHECK(model::canonical_text(inline_style.schema) == model::canonical_text(table_style.schema));
  CHECK(column_order(inline_style.schema) == column_order(table_style.schema));
  // Locations of [[...]] elements point at their section header.
  expect(load(R"M([tables.t]
[[tables.t.columns]]
name = "id"
type = "int64"
[[tables.t.columns]]
type = "int64"
)M"),
         "table t: column #2: missing required key 'name'", "m.toml:5:1");
}

TEST_CASE("manifest: numbers and booleans as defaults become SQL text") {
  auto r = load(R"M([tables.t]
columns = [
  { name = "a", type = "int64", default = 5 },
  { name = "b", type = "int64", default = -3 },
  { name = "c", type = "float64", default = 1.5 },
  { name = "d", type = "float64", default = 2.0 },
  { name = "e", type = "bool", default = true },
  { name = "f", type = "bool", default = false },
]
)M");
  expect_ok(r);
  const auto& t = table(r, "t");
  CHECK(t.find_column("a")->default_expr == std::optional<std::string>("5"));
  CHECK(t.find_column("b")->default_expr == std::optional<std::string>("-3"));
  CHECK(t.find_column("c")->default_expr == std::optional<std::string>("1.5"));
  CHECK(t.find_column("d")->default_expr == std::optional<std::string>("2.0"));
  CHECK(t.find_column("e")->default_expr == std::optional<std::string>("true"));
  CHECK(t.find_column("f")->default_expr == std::optional<std::string>("false"));
}

TEST_CASE("manifest: engine sections map to table options") {
  auto r = load(R"M([tables.t]
columns = [{ name = "id", type = "int64" }]
primary_key = ["id"]
sqlite = { strict = false, without_rowid = true }
mysql = { row_format = "DYNAMIC" }
postgres = {}
)M");
  expect_ok(r);
  CHECK(table(r, "t").options == std::map<std::string, std::string>{{"sqlite.strict", "false"},
                                                                   {"sqlite.without_rowid", "true"},
                                                                   {"mysql.row_format", "DYNAMIC"}});
  CHECK(table(r, "t").option("sqlite.without_rowid"));
}

TEST_CASE("manifest: foreign keys default to the target's primary key and resolve schemas") {
  auto r = load(R"M([tables.customers]
schema = "sales"
primary_key = ["region", "id"]
columns = [{ name = "region", type = "int16" }, { name = "id", type = "int64" }]

[tables.orders]
schema = "sales"
columns = [{ name = "region", type = "int16" }, { name = "customer_id", type = "int64" }]
foreign_keys = [
  { columns = ["region", "customer_id"], references = { table = "sales.customers" } },
  { columns = ["region", "customer_id"], references = { schema = "sales", table = "customers" } },
]

[tables.invoices]
columns = [{ name = "region", type = "int16" }, { name = "customer_id", type = "int64" }]
foreign_keys = [ { columns = ["region", "customer_id"], references = { table = "customers" } } ]
)M");
  const auto& orders = table(r, "sales.orders");
  REQUIRE(orders.foreign_keys.size() == 2);
  for (const auto& fk : orders.foreign_keys) {
    CHECK(fk.ref_table == "sales.customers");
    CHECK(fk.ref_columns == std::vector<std::string>{"region", "id"});
  }
  CHECK(r.locations.count("sales.orders.customer_id") == 1);
  // An unqualified name means the default schema; the hint points at the schema-qualified table.
  expect_count(r, 1);
  expect(r, "table invoices: foreign key #1: references unknown table 'customers'", "m.toml:16:80",
         "did you mean 'sales.customers'?");
}

TEST_CASE("manifest: TOML syntax errors are reported with their position") {
  auto r = load(R"M([tables.t]
columns = [ { name = "id", type = "int64", } ]
)M");
  expect_count(r, 1);
  expect(r, "syntax error: ", "m.toml:2:44");
  CHECK(r.schema.tables.empty());

  // TOML 1.0 inline tables cannot span lines; the hint says what to do instead.
  auto multiline = load(R"M([tables.t]
columns = [ { name = "id",
              type = "int64" } ]
)M");
  expect_count(multiline, 1);
  expect(multiline, "syntax error: ", "m.toml:2:27", "must fit on one line");
}

TEST_CASE("manifest: unknown keys at every level, with did-you-mean") {
  auto top = load(R"M(tabels = 1
[tables.t]
columns = [{ name = "id", type = "int64" }]
)M");
  expect_count(top, 1);
  expect(top, "unknown top-level key 'tabels'", "m.toml:1:1", "did you mean 'tables'?");

  auto r = load(R"M([tables.t]
colums = []
primary_key = { name = "t_pk", columns = ["id"], colums = 1 }
columns = [
  { name = "id", type = "int64", nulable = true },
  { name = "g", type = "int64", generated = { expr = "id", stord = true } },
  { name = "n", type = "text", native = { postgresql = "citext" } },
]
indexes = [ { name = "i", columns = [{ column = "id", dsc = true }], uniqe = true } ]
uniques = [ { name = "u", columns = ["id"], colums = 1 } ]
foreign_keys = [ { columns = ["id"], references = { table = "t", tabel = "t" }, on_delte = "cascade" } ]
checks = [ { expr = "id > 0", nam = "c" } ]
sqlite = { strictt = true }
mysql = { engin = "InnoDB" }
postgres = { fillfactor = 70 }
)M");
  expect_count(r, 15);
  expect(r, "table t: unique u: repeats the primary key", "m.toml:10:37", "already unique");
  expect(r, "table t: unknown key 'colums'", "m.toml:2:1", "did you mean 'columns'?");
  expect(r, "table t: primary key: unknown key 'colums'", "m.toml:3:50", "did you mean 'columns'?");
  expect(r, "table t: column id: unknown key 'nulable'", "m.toml:5:34", "did you mean 'nullable'?");
  expect(r, "table t: column g: generated: unknown key 'stord'", "m.toml:6:60", "did you mean 'stored'?");
  expect(r, "table t: column n: native: unknown engine 'postgresql'", "m.toml:7:43", "did you mean 'postgres'?");
  expect(r, "table t: index i: column entry #1: unknown key 'dsc'", "m.toml:9:55", "did you mean 'desc'?");
  expect(r, "table t: index i: unknown key 'uniqe'", "m.toml:9:70", "did you mean 'unique'?");
  expect(r, "table t: unique u: unknown key 'colums'", "m.toml:10:45", "did you mean 'columns'?");
  expect(r, "table t: foreign key #1: references: unknown key 'tabel'", "m.toml:11:66", "did you mean 'table'?");
  expect(r, "table t: foreign key #1: unknown key 'on_delte'", "m.toml:11:81", "did you mean 'on_delete'?");
  expect(r, "table t: check #1: unknown key 'nam'", "m.toml:12:31", "did you mean 'name'?");
  expect(r, "table t: sqlite: unknown key 'strictt'", "m.toml:13:12", "did you mean 'strict'?");
  expect(r, "table t: mysql: unknown key 'engin'", "m.toml:14:11", "did you mean 'engine'?");
  expect(r, "table t: postgres: unknown key 'fillfactor'", "m.toml:15:14", "no keys are defined here yet");
}

TEST_CASE("manifest: values of the wrong kind") {
  auto r = load(R"M([tables.t]
comment = 5
columns = [
  { name = "a", type = "int64", nullable = "yes" },
  { name = "b", type = 64 },
  { name = "c", type = "text", default = [1] },
  { name = "d", type = "text", generated = 5 },
  { name = "e", type = "text", native = "citext" },
  "f",
]
indexes = { name = "i" }
primary_key = "a"
uniques = [ { columns = "a" } ]
checks = [ { expr = true } ]
sqlite = { strict = "yes" }
mysql = "InnoDB"
)M");
  expect_count(r, 13);
  expect(r, "table t: comment must be a string", "m.toml:2:11");
  expect(r, "table t: column a: nullable must be a boolean", "m.toml:4:44");
  expect(r, "table t: column b: type must be a string", "m.toml:5:24");
  expect(r, "table t: column c: default must be a string holding an SQL expression", "m.toml:6:42");
  expect(r, "table t: column d: generated must be a string", "m.toml:7:44");
  expect(r, "table t: column e: native must be a table", "m.toml:8:41");
  expect(r, "table t: columns must be an array of tables", "m.toml:9:3");
  expect(r, "table t: indexes must be an array of tables", "m.toml:11:11");
  expect(r, "table t: primary_key must be an array of column names or a table", "m.toml:12:15");
  expect(r, "table t: unique #1: columns must be an array of column names", "m.toml:13:25");
  expect(r, "table t: check #1: expr must be a string", "m.toml:14:21");
  expect(r, "table t: sqlite: strict must be a boolean", "m.toml:15:21");
  expect(r, "table t: mysql must be a table", "m.toml:16:9");

  auto tables = load("tables = 5\n");
  expect(tables, "tables must be a table", "m.toml:1:10");
  auto entry = load("[tables]\nu = 5\n");
  expect(entry, "table u: must be a table", "m.toml:2:5");
}

TEST_CASE("manifest: missing required keys") {
  auto r = load(R"M([tables.t]
columns = [
  { type = "int64" },
  { name = "a" },
  { name = "g", type = "int64", generated = { stored = true } },
]
indexes = [ { columns = ["a"] }, { name = "i" } ]
foreign_keys = [
  { references = { table = "t" } },
  { columns = ["a"] },
  { columns = ["a"], references = { columns = ["a"] } },
]
checks = [ { name = "c" } ]
uniques = [ { name = "u" } ]
primary_key = { name = "pk" }
)M");
  expect_count(r, 11);
  expect(r, "table t: column #1: missing required key 'name'", "m.toml:3:3");
  expect(r, "table t: column a: missing required key 'type'", "m.toml:4:3");
  expect(r, "table t: column g: generated: missing required key 'expr'", "m.toml:5:45");
  expect(r, "table t: index #1: missing required key 'name'", "m.toml:7:13");
  expect(r, "table t: index i: missing required key 'columns'", "m.toml:7:34");
  expect(r, "table t: foreign key #1: missing required key 'columns'", "m.toml:9:3");
  expect(r, "table t: foreign key #2: missing required key 'references'", "m.toml:10:3");
  expect(r, "table t: foreign key #3: references: missing required key 'table'", "m.toml:11:35");
  expect(r, "table t: check c: missing required key 'expr'", "m.toml:13:12");
  expect(r, "table t: unique u: missing required key 'columns'", "m.toml:14:13");
  expect(r, "table t: primary key: missing required key 'columns'", "m.toml:15:15");
}

TEST_CASE("manifest: unknown and malformed types get hints") {
  auto r = load(R"M([tables.t]
columns = [
  { name = "a", type = "decimel(12,2)" },
  { name = "b", type = "varchar" },
  { name = "c", type = "decimal" },
  { name = "d", type = "bigint" },
  { name = "e", type = "int64(8)" },
  { name = "f", type = "varchar(0)" },
  { name = "g", type = "blurb" },
  { name = "h", type = "text", native = { oracle = "CLOB" } },
]
)M");
  expect_count(r, 8);
  expect(r, "table t: column a: unknown type 'decimel(12,2)'", "m.toml:3:24", "did you mean 'decimal(12,2)'?");
  expect(r, "table t: column b: malformed type 'varchar'", "m.toml:4:24", "varchar needs a length, e.g. varchar(255)");
  expect(r, "table t: column c: malformed type 'decimal'", "m.toml:5:24",
         "decimal needs precision and scale, e.g. decimal(12,2)");
  expect(r, "table t: column d: unknown type 'bigint'", "m.toml:6:24", "did you mean 'int64'?");
  expect(r, "table t: column e: malformed type 'int64(8)'", "m.toml:7:24", "int64 takes no parameters");
  expect(r, "table t: column f: malformed type 'varchar(0)'", "m.toml:8:24", "from 1 to 65535");
  expect(r, "table t: column g: unknown type 'blurb'", "m.toml:9:24", "logical types are bool, int16");
  expect(r, "table t: column h: native: unknown engine 'oracle'", "m.toml:10:43", "engines: sqlite, postgres, mysql");
}

TEST_CASE("manifest: duplicate names of tables, columns, indexes and constraints") {
  auto r = load(R"M([tables.a]
columns = [
  { name = "id", type = "int64" },
  { name = "ID", type = "int64" },
]
indexes = [ { name = "a_idx", columns = ["id"] } ]
uniques = [ { name = "a_key", columns = ["id"] } ]
checks = [ { name = "a_key", expr = "id > 0" } ]

[tables.b]
primary_key = { name = "a_idx", columns = ["id"] }
columns = [ { name = "id", type = "int64" } ]
indexes = [ { name = "A_IDX", columns = ["id"] } ]

[tables.B]
columns = [ { name = "id", type = "int64" } ]
)M");
  expect_count(r, 5);
  expect(r, "table a: duplicate column 'ID', first declared at m.toml:3:12", "m.toml:4:12");
  expect(r, "table a: duplicate constraint name 'a_key', first declared in table a at m.toml:7:22", "m.toml:8:21");
  expect(r, "table b: constraint 'a_idx' has the same name as an index declared in table a at m.toml:6:22",
         "m.toml:11:24");
  expect(r, "table b: duplicate index name 'A_IDX', first declared in table a at m.toml:6:22", "m.toml:13:22");
  expect(r, "table B: duplicate table, first declared at m.toml:10:9", "m.toml:15:9",
         "table names differ only in case: b");

  // Each engine schema is its own namespace.
  expect_ok(load(R"M([tables.x]
schema = "s1"
columns = [ { name = "id", type = "int64" } ]
indexes = [ { name = "i", columns = ["id"] } ]
[tables.y]
schema = "s2"
columns = [ { name = "id", type = "int64" } ]
indexes = [ { name = "i", columns = ["id"] } ]
)M"));
}

TEST_CASE("manifest: reserved table names and tables without columns") {
  auto r = load(R"M([tables.bcdb_migrations]
columns = [{ name = "id", type = "int64" }]
[tables.sqlite_stat9]
columns = [{ name = "id", type = "int64" }]
[tables.empty]
[tables.empty2]
columns = []
)M");
  expect_count(r, 4);
  expect(r, "table bcdb_migrations: the name is reserved", "m.toml:1:9", "migration history");
  expect(r, "table sqlite_stat9: the name is reserved", "m.toml:3:9", "SQLite reserves names starting with sqlite_");
  expect(r, "table empty: has no columns", "m.toml:5:9");
  expect(r, "table empty2: has no columns", "m.toml:7:11");
}

TEST_CASE("manifest: primary key columns must exist and be NOT NULL") {
  auto r = load(R"M([tables.t]
primary_key = ["id", "nope", "id"]
columns = [
  { name = "id", type = "int64", nullable = true },
]
)M");
  expect_count(r, 3);
  expect(r, "table t: primary key: column id is nullable", "m.toml:2:16", "remove nullable = true");
  expect(r, "table t: primary key: unknown column 'nope'", "m.toml:2:22", "columns of t: id");
  expect(r, "table t: primary key: column 'id' is listed twice", "m.toml:2:30");
}

TEST_CASE("manifest: index, unique, include and foreign key columns must be columns of the table") {
  auto r = load(R"M([tables.t]
primary_key = ["id"]
columns = [{ name = "id", type = "int64" }, { name = "name", type = "text" }]
indexes = [
  { name = "i1", columns = ["nam", { column = "idd" }, { expr = "lower(name)" }] },
  { name = "i2", columns = ["id"], include = ["zzz"] },
]
uniques = [ { columns = ["id", "nme"] } ]
foreign_keys = [ { columns = ["idx"], references = { table = "t", columns = ["id"] } } ]
)M");
  expect_count(r, 5);
  expect(r, "table t: index i1: unknown column 'nam'", "m.toml:5:29", "did you mean 'name'?");
  expect(r, "table t: index i1: unknown column 'idd'", "m.toml:5:47", "did you mean 'id'?");
  expect(r, "table t: index i2: include: unknown column 'zzz'", "m.toml:6:47", "columns of t: id, name");
  expect(r, "table t: unique #1: unknown column 'nme'", "m.toml:8:32", "did you mean 'name'?");
  expect(r, "table t: foreign key #1: unknown column 'idx'", "m.toml:9:31", "did you mean 'id'?");
}

TEST_CASE("manifest: empty column lists") {
  auto r = load(R"M([tables.t]
primary_key = []
columns = [{ name = "id", type = "int64" }]
indexes = [ { name = "i", columns = [] }, { name = "j", columns = ["id"], include = [] } ]
uniques = [ { columns = [] } ]
foreign_keys = [ { columns = [], references = { table = "t" } },
                 { columns = ["id"], references = { table = "t", columns = [] } } ]
)M");
  expect_count(r, 6);
  expect(r, "table t: primary_key must not be empty", "m.toml:2:15");
  expect(r, "table t: index i: columns must not be empty", "m.toml:4:37");
  expect(r, "table t: index j: include must not be empty", "m.toml:4:85");
  expect(r, "table t: unique #1: columns must not be empty", "m.toml:5:25");
  expect(r, "table t: foreign key #1: columns must not be empty", "m.toml:6:30");
  expect(r, "table t: foreign key #2: references: columns must not be empty", "m.toml:7:76");
}

TEST_CASE("manifest: foreign key targets, types and uniqueness") {
  auto r = load(R"M([tables.customers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "email", type = "text" },
  { name = "code", type = "int32" },
]
uniques = [ { columns = ["code"] } ]

[tables.orders]
columns = [
  { name = "id", type = "int64" },
  { name = "customer_id", type = "int32" },
  { name = "email", type = "text" },
]
foreign_keys = [
  { columns = ["customer_id"], references = { table = "customer" } },
  { columns = ["customer_id"], references = { table = "customers" } },
  { columns = ["id"], references = { table = "customers", columns = ["idd"] } },
  { columns = ["id", "email"], references = { table = "customers", columns = ["id"] } },
  { columns = ["email"], references = { table = "customers", columns = ["email"] } },
  { columns = ["customer_id"], references = { table = "customers", columns = ["code"] }, on_update = "explode" },
  { columns = ["id"], references = { table = "orders" } },
  { columns = ["id"], references = { table = "customers" }, initially_deferred = true },
  { columns = ["customer_id"], references = { table = "customers", columns = ["code"] }, on_delete = "set_null" },
]
)M");
  expect_count(r, 8);
  expect(r, "table orders: foreign key #1: references unknown table 'customer'", "m.toml:17:55",
         "did you mean 'customers'?");
  expect(r, "table orders: foreign key #2: column customer_id is int32 but customers.id is int64", "m.toml:18:16");
  expect(r, "table orders: foreign key #3: references unknown column 'idd' of table customers", "m.toml:19:70",
         "did you mean 'id'?");
  expect(r, "table orders: foreign key #4: has 2 column(s) but references 1", "m.toml:20:78");
  expect(r, "table orders: foreign key #5: references customers(email) which is neither its primary key nor unique",
         "m.toml:21:72", "add a unique constraint");
  expect(r, "table orders: foreign key #6: on_update 'explode' is not a foreign key action", "m.toml:22:102",
         "valid actions: no action, restrict, cascade, set null, set default");
  expect(r, "table orders: foreign key #7: references.columns is omitted but table orders has no primary key",
         "m.toml:23:36");
  expect(r, "table orders: foreign key #8: initially_deferred = true needs deferrable = true", "m.toml:24:82");
  CHECK(table(r, "orders").foreign_keys.back().on_delete == model::FkAction::set_null);
}

TEST_CASE("manifest: a foreign key may reference a unique index, but not a partial one") {
  auto r = load(R"M([tables.users]
columns = [{ name = "email", type = "text" }, { name = "login", type = "text" }]
indexes = [
  { name = "users_email_key", columns = ["email"], unique = true },
  { name = "users_login_key", columns = ["login"], unique = true, where = "login <> ''" },
]
[tables.sessions]
columns = [{ name = "email", type = "text" }, { name = "login", type = "text" }]
foreign_keys = [
  { columns = ["email"], references = { table = "users", columns = ["email"] } },
  { columns = ["login"], references = { table = "users", columns = ["login"] } },
]
)M");
  expect_count(r, 1);
  expect(r, "foreign key #2: references users(login) which is neither its primary key nor unique", "m.toml:11:68");
}

TEST_CASE("manifest: empty expressions") {
  auto r = load(R"M([tables.t]
columns = [
  { name = "a", type = "int64", default = " " },
  { name = "b", type = "int64", generated = "" },
]
indexes = [
  { name = "i", columns = [{ expr = "  " }], where = "" },
]
checks = [ { name = "c", expr = "\t" } ]
)M");
  expect_count(r, 5);
  expect(r, "table t: column a: default must not be empty", "m.toml:3:43");
  expect(r, "table t: column b: generated must not be empty", "m.toml:4:45");
  expect(r, "table t: index i: column entry #1: expr must not be empty", "m.toml:7:37");
  expect(r, "table t: index i: where must not be empty", "m.toml:7:54");
  expect(r, "table t: check c: expr must not be empty", "m.toml:9:33");
}

TEST_CASE("manifest: index column entries need exactly one of column and expr") {
  auto r = load(R"M([tables.t]
columns = [{ name = "a", type = "int64" }]
indexes = [ { name = "i", columns = [{ column = "a", expr = "a + 1" }, { desc = true }, 5] } ]
)M");
  expect_count(r, 3);
  expect(r, "table t: index i: column entry #1: give either column or expr, not both", "m.toml:3:38");
  expect(r, "table t: index i: column entry #2: needs one of column or expr", "m.toml:3:72");
  expect(r, "table t: index i: columns must be an array of column names or tables", "m.toml:3:89");
}

TEST_CASE("manifest: identity, generated and default rules") {
  auto r = load(R"M([tables.t1]
columns = [ { name = "a", type = "text", identity = true } ]
[tables.t2]
columns = [ { name = "x", type = "int64", identity = true }, { name = "y", type = "int32", identity = true } ]
[tables.t3]
columns = [ { name = "b", type = "int64", identity = true, default = "1" } ]
[tables.t4]
columns = [ { name = "c", type = "int64", generated = "1", default = "0" } ]
[tables.t5]
columns = [ { name = "d", type = "int64", generated = "1", identity = true } ]
)M");
  expect_count(r, 5);
  expect(r, "table t1: column a: identity needs an integer type, not text", "m.toml:2:53", "int16, int32 or int64");
  expect(r, "table t2: column y: column x is the identity column already", "m.toml:4:103",
         "a table has at most one identity column");
  expect(r, "table t3: column b: an identity column cannot have a default", "m.toml:6:70");
  expect(r, "table t4: column c: a generated column cannot have a default", "m.toml:8:70");
  expect(r, "table t5: column d: a generated column cannot be an identity column", "m.toml:10:55");
}

TEST_CASE("manifest: rename hints must name something gone") {
  auto r = load(R"M([tables.t]
renamed_from = "t"
columns = [
  { name = "a", type = "int64", renamed_from = "a" },
  { name = "b", type = "int64", renamed_from = "a" },
]
[tables.u]
renamed_from = "t"
columns = [{ name = "id", type = "int64" }]
)M");
  expect_count(r, 4);
  expect(r, "table t: renamed_from names the table itself", "m.toml:2:16");
  expect(r, "table t: column a: renamed_from names the column itself", "m.toml:4:48");
  expect(r, "table t: column b: renamed_from names column a, which also exists", "m.toml:5:48");
  expect(r, "table u: renamed_from names table t, which is also declared at m.toml:1:9", "m.toml:8:16");
}

TEST_CASE("manifest: without_rowid needs a primary key") {
  auto r = load(R"M([tables.t]
columns = [{ name = "id", type = "int64" }]
sqlite = { without_rowid = true }
)M");
  expect_count(r, 1);
  expect(r, "table t: sqlite.without_rowid needs a primary key", "m.toml:3:28");
}

TEST_CASE("manifest: diagnostics are sorted and print as file:line:col: message (hint)") {
  auto r = load(R"M([tables.t]
columns = [{ name = "b", type = "int64" }, { name = "a", type = "intt64" }]
primary_key = ["zz"]
colums = 1
)M");
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].where.line == 2);
  CHECK(r.diagnostics[1].where.line == 3);
  CHECK(r.diagnostics[2].where.line == 4);
  CHECK(r.diagnostics[0].to_string() ==
        "m.toml:2:65: table t: column a: unknown type 'intt64' (did you mean 'int64'?)");
  CHECK(manifest::Diagnostic{{"f.toml", 0, 0}, "cannot read", ""}.to_string() == "f.toml: cannot read");
  CHECK(manifest::Location{"f.toml", 3, 0}.to_string() == "f.toml:3");
  CHECK(manifest::Location{"f.toml", 3, 7}.to_string() == "f.toml:3:7");
}

TEST_CASE("manifest: to_toml writes the documented layout") {
  auto r = load(R"M([tables.t]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "customer_id", type = "int64", default = 0 },
]
primary_key = ["id"]
indexes = [ { name = "t_customer_idx", columns = ["customer_id", { column = "id", desc = true }] } ]
sqlite = { strict = true }
)M");
  expect_ok(r);
  CHECK(manifest::to_toml(table(r, "t")) == R"M([tables.t]
primary_key = ["id"]
columns = [
  { name = "id",          type = "int64", identity = true },
  { name = "customer_id", type = "int64", default = "0" },
]
indexes = [
  { name = "t_customer_idx", columns = ["customer_id", { column = "id", desc = true }] },
]
sqlite = { strict = true }
)M");
  model::Table odd;
  odd.name = "order items";
  odd.columns.push_back({"a\"b\\c", *model::parse_type("text")});
  odd.columns[0].comment = "line\nbreak\ttab\x01";
  CHECK(manifest::to_toml(odd) == R"M([tables."order items"]
columns = [
  { name = "a\"b\\c", type = "text", comment = "line\nbreak\ttab\u0001" },
]
)M");
}

namespace {

model::Column column(std::string name, const char* type) {
  model::Column c;
  c.name = std::move(name);
  c.type = *model::parse_type(type);
  return c;
}

// Every field the loader can fill, with strings that need escaping.
model::Schema rich_schema() {
  model::Table customers;
  customers.schema = "sales";
  customers.name = "customers";
  customers.comment = "people who \"buy\"\nthings \\ stuff \x07 ünïcode";
  customers.renamed_from = "clients";
  customers.primary_key = model::PrimaryKey{"customers_pk", {"region", "id"}};
  customers.columns = {column("region", "int16"), column("id", "int64"), column("email", "varchar(255)")};
  customers.columns[1].identity = true;
  customers.columns[2].collation = "nocase";
  customers.columns[2].native = {{"sqlite", "TEXT"}, {"postgres", "citext"}, {"mysql", "varchar(255)"}};
  customers.uniques = {{"customers_email_key", {"email"}}, {"", {"region", "email"}}};
  customers.options = {{"sqlite.strict", "true"},     {"sqlite.without_rowid", "false"},
                       {"mysql.engine", "InnoDB"},    {"mysql.charset", "utf8mb4"},
                       {"mysql.collation", "utf8mb4_bin"}, {"mysql.row_format", "DYNAMIC"}};

  model::Table items;
  items.name = "order items/2024";
  items.primary_key = model::PrimaryKey{"", {"id"}};
  items.columns = {column("id", "int64"),          column("region", "int16"),   column("customer_id", "int64"),
                   column("price", "decimal(10,3)"), column("qty", "int32"),     column("total", "decimal(12,3)"),
                   column("label", "char(3)"),      column("note", "text"),       column("flag", "bool"),
                   column("at", "timestamptz"),     column("payload", "json"),    column("ref", "uuid")};
  items.columns[3].default_expr = "0.0";
  items.columns[4].default_expr = "1";
  items.columns[5].generated = model::Generated{"price * qty", true};
  items.columns[6].generated = model::Generated{"upper('x')", false};
  items.columns[7].nullable = true;
  items.columns[7].renamed_from = "remarks";
  items.columns[7].comment = "free\ttext";
  items.columns[8].default_expr = "true";
  items.columns[9].default_expr = "current_timestamp";
  items.columns[10].nullable = true;
  items.columns[11].nullable = true;
  items.indexes = {
      {"items_customer_idx", {{"region", "", false}, {"customer_id", "", true}}, false, "", "", {}},
      {"items_note_idx", {{"", "lower(note)", false}, {"", "length(note)", true}}, true, "note <> 'x'", "btree",
       {"qty", "price"}},
  };
  items.foreign_keys = {
      {"items_customer_fk", {"region", "customer_id"}, "sales.customers", {"region", "id"}, model::FkAction::cascade,
       model::FkAction::set_null, true, true},
      {"", {"region", "customer_id"}, "sales.customers", {"region", "id"}, model::FkAction::set_default,
       model::FkAction::restrict, true, false},
  };
  items.checks = {{"items_qty_positive", "qty > 0"}, {"", "price >= 0 AND note <> '\"'"}};
  return model::Schema{{customers, items}, {}};
}

}  // namespace

TEST_CASE("manifest: to_toml output loads back into the same schema") {
  model::Schema schema = rich_schema();
  std::string text;
  for (const auto& t : schema.tables) text += manifest::to_toml(t) + "\n";
  auto r = manifest::load_text(text, "all.toml");
  INFO(text);
  expect_ok(r);
  CHECK(model::canonical_text(r.schema) == model::canonical_text(schema));
  CHECK(column_order(r.schema) == column_order(schema));
  REQUIRE(r.schema.find_table("sales.customers"));
  CHECK(r.schema.find_table("sales.customers")->renamed_from == schema.tables[0].renamed_from);
  CHECK(r.schema.find_table("order items/2024")->find_column("note")->renamed_from ==
        std::optional<std::string>("remarks"));

  // And the format's example, through a second round.
  auto first = load(kExample);
  expect_ok(first);
  std::string again;
  for (const auto& t : first.schema.tables) again += manifest::to_toml(t);
  auto second = load(again);
  expect_ok(second);
  CHECK(model::canonical_text(second.schema) == model::canonical_text(first.schema));
  CHECK(column_order(second.schema) == column_order(first.schema));
}

TEST_CASE("manifest: write_directory writes one safe file per table and loads back") {
  TempDir dir;
  model::Schema schema = rich_schema();
  model::Table clash = schema.tables[1];
  clash.name = "order items:2024";  // the same safe file name as "order items/2024"
  clash.indexes.clear();
  clash.foreign_keys.clear();
  clash.checks = {};
  clash.primary_key->name = "";
  schema.tables.push_back(clash);
  auto paths = manifest::write_directory(schema, dir.path() / "out");
  REQUIRE(paths.size() == 3);
  CHECK(paths[0].filename() == "sales.customers.toml");
  CHECK(paths[1].filename() == "order_items_2024.toml");
  CHECK(paths[2].filename() == "order_items_2024-2.toml");
  auto r = manifest::load_directory(dir.path() / "out");
  expect_ok(r);
  CHECK(model::canonical_text(r.schema) == model::canonical_text(schema));
  CHECK(column_order(r.schema) == column_order(schema));
}

TEST_CASE("manifest: load_directory reads every file and reports all their problems") {
  TempDir dir;
  const std::string a = R"M([tables.customers]
primary_key = ["id"]
columns = [{ name = "id", type = "int64", nulable = true }]
)M";
  const std::string b = "[tables.broken\n";
  const std::string c = R"M([tables.orders]
columns = [{ name = "customer_id", type = "int64" }]
foreign_keys = [{ columns = ["customer_id"], references = { table = "customers" } }]

[tables.customers]
columns = [{ name = "id", type = "int64" }]
)M";
  dir.write("c.toml", c);
  dir.write("a.toml", a);
  dir.write("b.toml", b);
  dir.write("notes.txt", "not a manifest");
  dir.write("nested/x.toml", "this is = not read");

  auto r = manifest::load_directory(dir.path());
  std::string pa = (dir.path() / "a.toml").string();
  std::string pb = (dir.path() / "b.toml").string();
  std::string pc = (dir.path() / "c.toml").string();
  CHECK(r.files == std::vector<std::string>{pa, pb, pc});
  expect_count(r, 3);
  expect(r, "table customers: column id: unknown key 'nulable'", pa + ":3:43");
  expect(r, "syntax error: ", pb + ":1:15");
  expect(r, "table customers: duplicate table, first declared at " + pa + ":1:9", pc + ":5:9");
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].where.file == pa);
  CHECK(r.diagnostics[2].where.file == pc);
  // The FK from c.toml resolved against the table of a.toml.
  CHECK(table(r, "orders").foreign_keys.at(0).ref_columns == std::vector<std::string>{"id"});

  Sha256 hash;
  for (const auto& [name, content] : {std::pair{"a.toml", a}, {"b.toml", b}, {"c.toml", c}}) {
    hash.update(name);
    hash.update(std::string_view("\0", 1));
    hash.update(content);
    hash.update(std::string_view("\0", 1));
  }
  CHECK(r.checksum == hash.hex_digest());
  dir.write("b.toml", "# fixed\n");
  CHECK(manifest::load_directory(dir.path()).checksum != r.checksum);

  try {
    manifest::load_valid(dir.path());
    FAIL("load_valid accepted invalid manifests");
  } catch (const manifest::ManifestError& e) {
    CHECK(e.code() == ExitCode::bad_input);
    CHECK(e.diagnostics.size() == 2);
    CHECK(std::string(e.what()) == e.diagnostics[0].to_string() + "\n" + e.diagnostics[1].to_string());
  }
}

TEST_CASE("manifest: folder problems are configuration errors") {
  TempDir dir;
  auto message = [](const fs::path& p) {
    try {
      manifest::load_directory(p);
    } catch (const ConfigError& e) {
      CHECK(e.code() == ExitCode::bad_input);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string missing = (dir.path() / "nope").string();
  CHECK(message(dir.path() / "nope") == "manifest folder '" + missing + "' does not exist");
  CHECK(message(dir.path()) == "manifest folder '" + dir.path().string() + "' holds no .toml files");
  dir.write("commerce/orders.toml", "");
  dir.write("auth/users.toml", "");
  dir.write("docs/readme.md", "");
  CHECK(message(dir.path()) == "manifest folder '" + dir.path().string() +
                                   "' holds no .toml files; it has subfolders auth/, commerce/: pass --manifests " +
                                   (dir.path() / "auth").string());

  dir.write("ok/t.toml", "[tables.t]\ncolumns = [{ name = \"id\", type = \"int64\" }]\n");
  auto r = manifest::load_valid(dir.path() / "ok");
  CHECK(r.schema.tables.size() == 1);
}
