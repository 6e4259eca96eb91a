// A seeded mutation fuzzer over the inputs bcdb reads: manifests, bcdb.toml and saved plans.
// "No crash, every rejection exit 2 with a location": each case starts from a valid input,
// applies 1..4 edits (tests/support/mutator.h) and runs the real binary on it (SQLite only).
//
// Every run: not killed by a signal, not hung, exit code in 0..4, no "internal" in stderr; a
// rejection (exit 2; verify's exit 1) names a file:line:col of a .toml file, or for a saved plan
// (exit 2 or 4) the plan file. A migrate that refuses (exit 2 or 4) leaves the database
// byte-identical. Exit 0 on a mutated input is fine (the edit may be harmless), but then the
// database must be what the input says (no drift after migrate), and commands that only read
// must not change the database.
//
// BCDB_FUZZ_SEED=S (default: from the clock; printed) and BCDB_FUZZ_CASES=N (cases per target);
// every failure prints its own replay command (tests/support/fuzz.h).
#include <doctest/doctest.h>

#include <algorithm>

#include "fuzz.h"
#include "mutator.h"
#include "project.h"
#include "schemas_fixture.h"

using namespace bcdb::test;
namespace fs = std::filesystem;

namespace {

// /dev/shm keeps thousands of small databases off the disk; the property is the same.
fs::path scratch() { return fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path(); }

std::string bytes_of(const fs::path& file) { return fs::exists(file) ? read_file(file) : std::string("(no file)"); }

std::string snapshot_or_error(const fs::path& file) {
  try {
    return sqlite_snapshot(file);
  } catch (const std::exception& e) {
    return std::string("(unreadable: ") + e.what() + ")";
  }
}

// What changed in a database a refusing command should have left alone.
std::string database_change(const std::string& before_bytes, const fs::path& file, const std::string& before_snapshot) {
  std::string after = snapshot_or_error(file);
  std::string detail = "the file changed (" + std::to_string(before_bytes.size()) + " -> " +
                       std::to_string(bytes_of(file).size()) + " bytes)";
  if (after == before_snapshot) return detail + "; schema and rows are the same";
  return detail + "; content:\n" + changed_lines(before_snapshot, after);
}

void copy_database(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::vector<std::pair<std::string, std::string>> folder_files(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") files.emplace_back(e.path().filename().string(), read_file(e.path()));
  std::sort(files.begin(), files.end());
  return files;
}

void must(const RunResult& r, const std::string& what) {
  REQUIRE_MESSAGE(r.exit_code == 0, what << " (setup) failed with exit " << r.exit_code << ":\n" << r.out << r.err);
}

// How migrate is run: its flags, and whether a success means every phase ran.
struct Mode {
  std::vector<std::string> flags;
  bool all_phases = true;
};
const std::vector<Mode> kManifestModes = {
    {{}, true}, {{"--allow-destructive", "--allow-blocking"}, true}, {{"--phase", "expand"}, false}};
const std::vector<Mode> kPlanModes = {{{}, true},
                                      {{"--allow-destructive", "--allow-blocking"}, true},
                                      {{"--phase", "expand"}, false},
                                      {{"--phase", "contract", "--allow-destructive", "--allow-blocking"}, false}};

// --- manifests ---------------------------------------------------------------------------

// Fixtures that together use every manifest key (schemas/manifest.schema.json), valid on SQLite.
const char* kEveryColumnKey = R"toml(# Every column key, every table option.
[tables.accounts]
comment = "People who log in"
primary_key = { name = "accounts_pk", columns = ["id"] }
sqlite = { strict = false, without_rowid = false, autoincrement = true }
mysql = { engine = "InnoDB", charset = "utf8mb4", collation = "utf8mb4_bin", row_format = "DYNAMIC", on_update = { updated_at = "current_timestamp(6)" } }
postgres = {}
columns = [
  { name = "id",          type = "int64", identity = true },
  { name = "email",       type = "varchar(255)", collation = "NOCASE", comment = "login name" },
  { name = "handle",      type = "varchar(64)", renamed_from = "nick" },
  { name = "balance",     type = "decimal(12,2)", default = 0 },
  { name = "ratio",       type = "float64", default = 1.5 },
  { name = "active",      type = "bool", default = true },
  { name = "status",      type = "varchar(16)", default = "'new'" },
  { name = "email_lower", type = "varchar(255)", nullable = true, generated = "lower(email)" },
  { name = "email_len",   type = "int32", nullable = true, generated = { expr = "length(email)", stored = true } },
  { name = "profile",     type = "json", nullable = true, native = { sqlite = "TEXT", postgres = "jsonb", mysql = "json" } },
  { name = "avatar",      type = "bytes", nullable = true },
  { name = "token",       type = "uuid", nullable = true },
  { name = "born",        type = "date", nullable = true },
  { name = "wake",        type = "time", nullable = true },
  { name = "seen_at",     type = "timestamp", nullable = true },
  { name = "updated_at",  type = "timestamptz", default = "current_timestamp" },
  { name = "code",        type = "char(3)", default = "'AAA'" },
  { name = "small",       type = "int16", default = -1 },
  { name = "weight",      type = "float32", nullable = true },
]
indexes = [
  { name = "accounts_email_idx",  columns = ["email"], unique = true },
  { name = "accounts_active_idx", columns = ["status", { column = "updated_at", desc = true }], where = "active = 1" },
  { name = "accounts_lower_idx",  columns = [{ expr = "lower(handle)" }] },
]
uniques = [ { name = "accounts_handle_key", columns = ["handle"] } ]
checks  = [ { name = "accounts_balance_nonneg", expr = "balance >= 0" },
            { expr = "length(code) = 3" } ]
)toml";

const char* kForeignKeys = R"toml(# Foreign keys with every action, deferrable keys, composite references, covering and method indexes.
[tables.regions]
primary_key = ["code"]
sqlite = { without_rowid = true }
columns = [
  { name = "code", type = "char(2)" },
  { name = "name", type = "varchar(100)", default = "''" },
]

[tables.stores]
primary_key = ["id"]
columns = [
  { name = "id",        type = "int64", identity = true },
  { name = "region",    type = "char(2)", nullable = true },
  { name = "parent_id", type = "int64", nullable = true },
  { name = "label",     type = "text", default = "'store'" },
]
foreign_keys = [
  { name = "stores_region_fk", columns = ["region"], references = { table = "regions", columns = ["code"] }, on_delete = "set null", on_update = "cascade" },
  { name = "stores_parent_fk", columns = ["parent_id"], references = { table = "stores" }, on_delete = "no action", on_update = "restrict", deferrable = true, initially_deferred = true },
]

[tables.stock]
comment = "Composite key referenced by others"
primary_key = ["store_id", "sku"]
sqlite = { strict = true }
columns = [
  { name = "store_id", type = "int64" },
  { name = "sku",      type = "text" },
  { name = "qty",      type = "int64", default = 0 },
]
foreign_keys = [ { columns = ["store_id"], references = { table = "stores", columns = ["id"] }, on_delete = "cascade" } ]
checks = [ { name = "stock_qty_nonneg", expr = "qty >= 0" } ]

[tables.moves]
primary_key = ["id"]
columns = [
  { name = "id",       type = "int64", identity = true },
  { name = "store_id", type = "int64" },
  { name = "sku",      type = "text" },
  { name = "delta",    type = "int64", default = "1" },
  { name = "note",     type = "text", nullable = true, renamed_from = "comment" },
]
foreign_keys = [ { name = "moves_stock_fk", columns = ["store_id", "sku"], references = { table = "stock", columns = ["store_id", "sku"] }, on_delete = "set default", on_update = "no_action" } ]
indexes = [ { name = "moves_stock_idx", columns = ["store_id", "sku"], include = ["delta"], method = "btree" },
            { name = "moves_note_idx", columns = ["note"], where = "note IS NOT NULL" } ]
uniques = [ { columns = ["store_id", "sku", "delta"] } ]
)toml";

const char* kUsers = R"toml(# Two files, a reference across them, a renamed table, escapes in strings.
[tables.users]
renamed_from = "members"
comment = "Users \"of\" the app\twith a tab"
primary_key = ["id"]
columns = [
  { name = "id",    type = "int64", identity = true },
  { name = "name",  type = 'varchar(80)', default = "'it''s'" },
  { name = "score", type = "int32", default = 42, comment = 'literal "string"', native = { sqlite = "INTEGER" } },
]
)toml";

const char* kPosts = R"toml(# Arrays of tables instead of inline tables.
[tables.posts]
primary_key = ["id"]

[[tables.posts.columns]]
name = "id"
type = "int64"
identity = true

[[tables.posts.columns]]
name = "user_id"
type = "int64"

[[tables.posts.columns]]
name = "title"
type = "varchar(200)"
default = "'untitled'"

[[tables.posts.foreign_keys]]
name = "posts_user_fk"
columns = ["user_id"]
references = { table = "users" }
on_delete = "cascade"

[[tables.posts.indexes]]
name = "posts_user_idx"
columns = ["user_id", "title"]
)toml";

const char* kBilling = R"toml(# A table in a named schema (PostgreSQL) and MySQL's dotted on_update key.
[tables.invoices]
schema = "billing"
primary_key = ["id"]
mysql = { "on_update.changed_at" = "current_timestamp(6)" }
columns = [
  { name = "id",         type = "int64" },
  { name = "total",      type = "decimal(10,2)", default = 0.0 },
  { name = "changed_at", type = "timestamptz", nullable = true },
]
checks = [ { name = "invoices_total_nonneg", expr = "total >= 0" } ]
)toml";

struct ManifestCorpus {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> rows;  // inserted after the first migrate
  bool seed_commerce = false;     // rows from bcdb seed commerce instead
};

std::vector<ManifestCorpus> manifest_corpora() {
  return {
      {"commerce", folder_files(source_dir() / "manifests" / "commerce"), {}, true},
      {"every-column-key",
       {{"accounts.toml", kEveryColumnKey}},
       {"INSERT INTO accounts (email, handle, balance, code) VALUES ('ada@example.com', 'ada', 1.5, 'ABC'), "
        "('bob@example.com', 'bob', 0, 'XYZ')"},
       false},
      {"foreign-keys",
       {{"shop.toml", kForeignKeys}},
       {"INSERT INTO regions VALUES ('de', 'Germany'), ('fr', 'France')",
        "INSERT INTO stores (id, region, parent_id) VALUES (1, 'de', NULL), (2, 'fr', 1)",
        "INSERT INTO stock VALUES (1, 'sku-1', 5), (2, 'sku-2', 0)",
        "INSERT INTO moves (store_id, sku, delta, note) VALUES (1, 'sku-1', 2, 'in'), (2, 'sku-2', -1, NULL)"},
       false},
      {"two-files",
       {{"a_users.toml", kUsers}, {"b_posts.toml", kPosts}},
       {"INSERT INTO users (name) VALUES ('ann'), ('bo')",
        "INSERT INTO posts (user_id, title) VALUES (1, 'hello'), (2, 'world')"},
       false},
      {"schema-and-options", {{"billing.toml", kBilling}}, {"INSERT INTO invoices VALUES (1, 9.99, NULL)"}, false},
  };
}

// Tokens that reach the checks behind the TOML parser: types, keys, actions, expressions.
MutatorOptions manifest_tokens() {
  MutatorOptions o;
  o.extra_tokens = {
      "\"int64\"", "\"int16\"", "\"text\"", "\"bool\"", "\"json\"", "\"uuid\"", "\"bytes\"", "\"timestamptz\"",
      "\"float32\"", "\"decimal(65,30)\"", "\"decimal(0,0)\"", "\"decimal(2,5)\"", "\"decimal(4294967296,2)\"",
      "\"varchar(0)\"", "\"varchar(4294967296)\"", "\"char(-1)\"", "\"varchar(2147483648)\"", "\"int\"",
      "nullable = true", "nullable = false", "identity = true", "unique = true", "desc = true", "stored = true",
      "deferrable = true", "\"set default\"", "\"cascade\"", "\"set null\"", "\"restrict\"", "\"no action\"",
      "\"current_timestamp\"", "\"'x'\"", "\"(1)\"", "\"id\"", "\"NOCASE\"", "\"RTRIM\"", "\"BINARY\"", "\"nocase2\"",
      "{ expr = \"1\" }", "[\"id\", \"id\"]", "[]", "renamed_from = \"id\"", "generated = \"id + 1\"",
      "\"random()\"", "\"1/0\"", "\"(select 1)\"", "\"x'00'\"", "\"abs(-9223372036854775808)\"", "\"1 +\"",
      "\"lower(\"", "\"a)\"", "\"no_such_function(1)\"", "\"no_such_column > 0\"", "\"?\"", "\"@x\"", "\"$1\"",
      "\"CAST(1 AS\"", "\"'unterminated\"", "\"\\\"quoted\\\"\"", "\"1); DROP TABLE x; --\"",
      "\"1 -- comment\"", "\"1 /* open\"", "\"count(*)\"", "\"(SELECT max(id) FROM accounts)\"",
      "\n[tables.extra]\ncolumns = [{ name = \"id\", type = \"int64\" }]\n", "\n[tables.accounts]\n",
      "sqlite = { strict = true }", "sqlite = { without_rowid = true }", "sqlite = { autoincrement = true }",
      "schema = \"main\"", "schema = \"temp\"", "\"sqlite_master\"", "\"bcdb_migrations\"", "\"sqlite_sequence\"",
      "\"rowid\"", "\"_rowid_\"", "\"oid\"", "primary_key = []", "primary_key = [\"nope\"]", "\"ID\"", "\"Id\"",
      "native = { sqlite = \"\" }", "native = { sqlite = \"BLOB\" }", "native = { sqlite = \"INTEGER PRIMARY KEY\" }",
      "native = { sqlite = \"TEXT); DROP TABLE x; --\" }", "collation = \"\"", "where = \"\"", "method = \"hash\""};
  return o;
}

// A base database per corpus, migrated to the valid manifests and holding rows.
struct ManifestBase {
  ManifestCorpus corpus;
  fs::path db;
};

std::vector<ManifestBase> manifest_bases(const TempDir& dir) {
  std::vector<ManifestBase> out;
  for (auto& corpus : manifest_corpora()) {
    fs::path base = dir / ("base-" + corpus.name);
    for (const auto& [name, text] : corpus.files) write_file(base / "manifests" / name, text);
    fs::path db = base / "bcdb.db";
    if (corpus.seed_commerce) {
      must(run_bcdb({"--db", "sqlite:bcdb.db", "seed", "commerce", "--migrate", "--scale", "3", "--quiet"}, base),
           "seed commerce");
    } else {
      must(run_bcdb({"--db", "sqlite:bcdb.db", "migrate", "--quiet"}, base), "migrate " + corpus.name);
      SqliteDb sqlite(db);
      for (const auto& row : corpus.rows) sqlite.exec(row);
    }
    must(run_bcdb({"--db", "sqlite:bcdb.db", "drift"}, base), "drift " + corpus.name);
    out.push_back({std::move(corpus), db});
  }
  return out;
}

void manifest_case(const std::vector<ManifestBase>& bases, std::uint64_t seed, FuzzReport& report) {
  static const MutatorOptions tokens = manifest_tokens();
  SplitMix64 choose(mix_seed(seed, 1));
  MutatorOptions options = tokens;
  options.structured = choose.percent(50);
  const ManifestBase& base = bases[choose.below(bases.size())];
  std::size_t file = choose.below(base.corpus.files.size());
  const auto& [file_name, original] = base.corpus.files[file];
  Mutated m = mutate(original, mix_seed(seed, 2), options);
  const Mode& mode = choose.pick(kManifestModes);

  FuzzCase c("manifests", seed, base.corpus.name + "/" + file_name, original, m.text, m.log);
  TempDir dir(scratch());
  for (std::size_t i = 0; i < base.corpus.files.size(); ++i)
    write_file(dir / "manifests" / base.corpus.files[i].first, i == file ? m.text : base.corpus.files[i].second);
  fs::path db = dir / "bcdb.db";
  copy_database(base.db, db);
  const std::vector<std::string> url = {"--db", "sqlite:bcdb.db"};
  auto with_url = [&](std::vector<std::string> args) {
    args.insert(args.begin(), url.begin(), url.end());
    return args;
  };

  auto verify = c.run({"verify"}, dir.path(), Located::toml, {}, {1, 2});

  std::string before = bytes_of(db);
  auto diff = c.run(with_url({"diff"}), dir.path(), Located::toml);
  if (bytes_of(db) != before) c.fail("diff changed the database", database_change(before, db, snapshot_or_error(base.db)));

  std::string before_snapshot = snapshot_or_error(db);
  std::vector<std::string> migrate_args = with_url({"migrate"});
  migrate_args.insert(migrate_args.end(), mode.flags.begin(), mode.flags.end());
  auto migrate = c.run(migrate_args, dir.path(), Located::toml);
  if ((migrate.exit_code == 2 || migrate.exit_code == 4) && bytes_of(db) != before)
    c.fail("rejected migrate changed the database",
           "exit " + std::to_string(migrate.exit_code) + ", but " + database_change(before, db, before_snapshot),
           migrate.err);

  // One verdict on the same manifests from every command.
  if (verify.exit_code == 1) {
    for (const auto* r : {&diff, &migrate})
      if (r->exit_code != 2 && r->signal == 0)
        c.fail("verify rejects the manifests but diff/migrate accept them",
               std::string(r == &diff ? "diff" : "migrate") + " exit " + std::to_string(r->exit_code) +
                   "\n    verify: " + printable(verify.err),
               verify.err);
  }
  // An expression or type SQLite cannot compile is bad input, found before any statement runs.
  // (A constraint that existing rows violate is a database error; SQL that does not compile is not.)
  if (migrate.exit_code == 3 && !contains(migrate.err, "constraint failed"))
    if (auto at = migrate.err.find("SQLite: "); at != std::string::npos)
      c.fail("manifest SQLite cannot compile fails as a database error (exit 3), not exit 2 with file:line:col",
             "migrate exit 3: " + printable(migrate.err.substr(0, 600)),
             "error: " + migrate.err.substr(at, migrate.err.find('\n', at) - at));
  // A migrate whose steps all ran yet left the database off the manifests applied something
  // else than it planned (an expression that was more than one expression, say).
  if (migrate.exit_code == 3 && contains(migrate.err, "still differs from the desired schema"))
    c.fail("migrate applied its steps but the database is not what the manifests say",
           "migrate exit 3: " + printable(migrate.err.substr(0, 800)), "error: steps applied, still differs");
  // A migrate that says it is done has made the database what the manifests say.
  if (migrate.exit_code == 0 && mode.all_phases) {
    auto drift = c.run(with_url({"drift"}), dir.path(), Located::toml);
    if (drift.exit_code == 1)
      c.fail("migrate exited 0 but drift still finds differences", "drift: " + printable(drift.out.substr(0, 1500)),
             "error: " + drift.out.substr(drift.out.find('\n') + 1));
  }
  report.add(c);
}

// --- bcdb.toml ---------------------------------------------------------------------------

const char* kConfig = R"toml(# bcdb project configuration
database  = "sqlite:dev.db"
manifests = "db/schema"
schemas   = []

[env.staging]
database  = "sqlite:${env:STAGING_FILE}"
manifests = "db/${env:SCHEMA_DIR}"

[env.ci]
database = "sqlite:ci-${env:CI_JOB}.db"
schemas  = []

[env.prod]
database = "postgres://app:${env:PROD_DB_PASSWORD}@127.0.0.1:1/app?sslmode=disable&connect_timeout=2"
schemas  = ["public", "audit"]
)toml";

// Reaches bcdb only through ${env:PROD_DB_PASSWORD}: it must never be shown inside a URL.
const std::string kSecret = "pw-s3cr3t-9f2e";

const std::map<std::string, std::string>& config_environment() {
  static const std::map<std::string, std::string> env = {{"STAGING_FILE", "staging.db"},
                                                         {"SCHEMA_DIR", "schema"},
                                                         {"CI_JOB", "7"},
                                                         {"PROD_DB_PASSWORD", kSecret},
                                                         {"BCDB_FUZZ_UNSET", ""}};
  return env;
}

MutatorOptions config_tokens() {
  MutatorOptions o;
  o.extra_tokens = {"\"sqlite::memory:\"", "\"sqlite:\"", "\"sqlite:///\"", "\"sqlite:dev.db?mode=ro\"",
                    "\"postgres://u:literal-pw@127.0.0.1:1/x\"", "\"mysql://u@127.0.0.1:1/x\"", "\"oracle://x\"",
                    "\"${env:STAGING_FILE}\"", "\"${env:BCDB_FUZZ_UNSET}\"", "\"${env:PROD_DB_PASSWORD}\"",
                    "\"${env:${env:CI_JOB}}\"", "\"$${env:CI_JOB}\"", "\"${env:CI_JOB\"", "\"${ENV:CI_JOB}\"",
                    "[\"main\"]", "[\"\"]", "[1]", "[[]]", "\"db\"", "\"db/schema/shop.toml\"", "\"/\"", "\"..\"",
                    "\"dev.db\"", "\n[env]\n", "\n[env.staging]\n", "\n[env.\"\"]\n", "env = 5", "\n[[env]]\n",
                    "schemas = [\"public\"]", "database = \"sqlite:other.db\"", "manifests = \"nowhere\"",
                    "[env.staging.database]", "\"staging\"", "\"ci\"", "\"prod\""};
  return o;
}

void config_case(const TempDir& base, std::uint64_t seed, FuzzReport& report) {
  static const MutatorOptions tokens = config_tokens();
  SplitMix64 choose(mix_seed(seed, 1));
  MutatorOptions options = tokens;
  options.structured = choose.percent(50);
  Mutated m = mutate(kConfig, mix_seed(seed, 2), options);
  static const std::vector<std::string> envs = {"staging", "ci", "prod"};
  FuzzCase c("bcdb.toml", seed, "bcdb.toml", kConfig, m.text, m.log);
  TempDir dir(scratch());
  fs::copy(base.path(), dir.path(), fs::copy_options::recursive);
  write_file(dir / "bcdb.toml", m.text);
  const auto& env = config_environment();

  auto files_before = [&] {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir.path()))
      if (e.is_regular_file() && e.path().filename() != "bcdb.toml")
        files[fs::relative(e.path(), dir.path()).string()] = read_file(e.path());
    return files;
  };
  auto before = files_before();

  std::vector<std::vector<std::string>> commands = {{"verify"}};
  if (choose.percent(50)) commands.push_back({"verify", "--env", choose.pick(envs)});
  commands.push_back(choose.percent(50) ? std::vector<std::string>{"drift"}
                                        : std::vector<std::string>{"drift", "--env", choose.pick(envs)});
  commands.push_back({"diff", "--env", choose.pick(envs)});
  for (const auto& args : commands) {
    std::vector<int> rejections = args[0] == "verify" ? std::vector<int>{1, 2} : std::vector<int>{2};
    auto r = c.run(args, dir.path(), Located::toml, env, rejections);
    for (const auto* text : {&r.out, &r.err})
      for (std::size_t at = text->find(kSecret); at != std::string::npos; at = text->find(kSecret, at + 1)) {
        std::size_t line_start = text->rfind('\n', at);
        std::string line = text->substr(line_start == std::string::npos ? 0 : line_start + 1,
                                        text->find('\n', at) - (line_start == std::string::npos ? 0 : line_start + 1));
        // A URL that a mutation moved into `manifests` is shown as a folder name: not a leak. So
        // the message around the value (the value itself left out) must be about a database.
        std::size_t in_line = line.find(kSecret);
        std::size_t from = line.find_last_of(" '\"", in_line), to = line.find_first_of(" '\"", in_line);
        std::string around = line.substr(0, from == std::string::npos ? 0 : from) +
                             (to == std::string::npos ? "" : line.substr(to));
        if (contains(around, "URL") || contains(around, "database") || contains(around, "connect"))
          c.fail("password shown", "'" + printable(line) + "' from " + args[0], "error: " + args[0] + " shows a password");
      }
  }
  auto after = files_before();
  if (after != before) {
    std::string what;
    for (const auto& [name, bytes] : after)
      if (!before.count(name)) what += " created " + name + ";";
      else if (before[name] != bytes) what += " changed " + name + ";";
    for (const auto& [name, bytes] : before)
      if (!after.count(name)) what += " removed " + name + ";";
    c.fail("read-only commands changed the project's files", what, "error:" + what);
  }
  report.add(c);
}

// --- saved plans -------------------------------------------------------------------------

// An older commerce schema: without shipments, orders.note and an index, a narrower phone,
// an extra column and a looser check.
std::vector<std::pair<std::string, std::string>> older_commerce() {
  auto files = folder_files(source_dir() / "manifests" / "commerce");
  auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    for (auto& [name, text] : files)
      if (name == file) {
        auto at = text.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, "manifests/commerce/" << file << " no longer holds: " << from);
        text.replace(at, from.size(), to);
      }
  };
  edit("orders.toml", "  { name = \"note\",                type = \"text\", nullable = true },\n", "");
  auto& orders = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.first == "orders.toml"; })->second;
  auto shipments = orders.find("[tables.shipments]");
  REQUIRE(shipments != std::string::npos);
  orders.erase(shipments, orders.find("[tables.", shipments + 1) - shipments);
  edit("customers.toml", "type = \"varchar(32)\", nullable = true", "type = \"varchar(20)\", nullable = true");
  edit("customers.toml", "indexes = [ { name = \"customers_created_idx\", columns = [\"created_at\"] } ]\n", "");
  edit("catalog.toml", "  { name = \"description\", type = \"text\", nullable = true },\n",
       "  { name = \"description\", type = \"text\", nullable = true },\n"
       "  { name = \"legacy_code\", type = \"varchar(10)\", nullable = true },\n");
  edit("orders.toml", "expr = \"rating BETWEEN 1 AND 5\"", "expr = \"rating BETWEEN 0 AND 10\"");
  return files;
}

struct PlanBase {
  std::string name;
  fs::path db;
  std::string plan;
};

std::vector<PlanBase> plan_bases(const TempDir& dir) {
  fs::path project = dir / "project";
  for (const auto& [name, text] : folder_files(source_dir() / "manifests" / "commerce"))
    write_file(project / "manifests" / name, text);
  for (const auto& [name, text] : older_commerce()) write_file(project / "older" / name, text);

  write_file(project / "fresh.db", "");  // an empty database: SQLite's empty file
  must(run_bcdb({"--db", "sqlite:fresh.db", "diff", "--out", "fresh.json"}, project), "diff --out of a fresh database");

  must(run_bcdb({"--db", "sqlite:older.db", "seed", "commerce", "--migrate", "--scale", "3", "--quiet"}, project),
       "seed commerce");
  must(run_bcdb({"--db", "sqlite:older.db", "--manifests", "older", "migrate", "--allow-destructive", "--allow-blocking",
                 "--quiet"},
                project),
       "migrate to the older commerce");
  must(run_bcdb({"--db", "sqlite:older.db", "diff", "--out", "older.json"}, project), "diff --out of an older database");
  return {{"fresh", project / "fresh.db", read_file(project / "fresh.json")},
          {"older", project / "older.db", read_file(project / "older.json")}};
}

MutatorOptions plan_tokens() {
  MutatorOptions o;
  o.extra_tokens = {"null", "{}", "[]", "\"exec\"", "\"assert_empty\"", "\"setup\"", "\"teardown\"", "\"body\"",
                    "\"expand\"", "\"backfill\"", "\"contract\"", "\"online\"", "\"brief-lock\"", "\"rewrite\"",
                    "\"destructive\"", "\"bcdb.plan\"", "2", "1.0", "\"1\"", "-2147483649", "1e400", "false", "true",
                    "\"sqlite\"", "\"postgres\"", "\"SELECT 1\"", "\"DROP TABLE \\\"categories\\\"\"",
                    "\"SELECT 1 FROM customers\"", "\"\\u0000\"", "{\"kind\": \"exec\", \"stage\": \"body\"}",
                    "{\"ordinal\": 1}", "\"0000000000000000000000000000000000000000000000000000000000000000\""};
  return o;
}

void plan_case(const std::vector<PlanBase>& bases, const fs::path& manifests, std::uint64_t seed, FuzzReport& report) {
  static const MutatorOptions tokens = plan_tokens();
  SplitMix64 choose(mix_seed(seed, 1));
  MutatorOptions options = tokens;
  options.structured = choose.percent(50);
  const PlanBase& base = bases[choose.below(bases.size())];
  Mutated m = mutate(base.plan, mix_seed(seed, 2), options);
  const Mode& mode = choose.pick(kPlanModes);

  const std::string plan_file = "saved-plan.json";
  FuzzCase c("saved plans", seed, base.name + " " + plan_file, base.plan, m.text, m.log);
  TempDir dir(scratch());
  write_file(dir / plan_file, m.text);
  fs::path db = dir / "bcdb.db";
  copy_database(base.db, db);
  std::string before = bytes_of(db), before_snapshot = snapshot_or_error(db);
  std::vector<std::string> args = {"--db", "sqlite:bcdb.db", "migrate", "--plan", plan_file};
  args.insert(args.end(), mode.flags.begin(), mode.flags.end());
  auto migrate = c.run(args, dir.path(), Located::plan, {}, {2}, plan_file);
  if ((migrate.exit_code == 2 || migrate.exit_code == 4) && bytes_of(db) != before)
    c.fail("rejected migrate --plan changed the database",
           "exit " + std::to_string(migrate.exit_code) + ", but " + database_change(before, db, before_snapshot),
           migrate.err);
  // "After it runs the live schema must equal its target" (DESIGN.md, Saved plans): the plan
  // was made from manifests/commerce, so a plan that ran completely leaves no drift from them.
  if (migrate.exit_code == 0 && mode.all_phases) {
    auto drift = c.run({"--db", "sqlite:bcdb.db", "--manifests", manifests.string(), "drift"}, dir.path(), Located::toml);
    if (drift.exit_code == 1)
      c.fail("an edited plan was applied (exit 0) and left the database off its target",
             "drift: " + printable(drift.out.substr(0, 1500)), "error: edited plan applied");
  }
  report.add(c);
}

template <typename Case>
void run_cases(const std::string& target, int default_cases, Case&& one_case) {
  FuzzReport report(target);
  MESSAGE("fuzz " << target << ": base seed " << fuzz_seed() << ", " << fuzz_cases(default_cases) << " cases");
  for (int i = 0; i < fuzz_cases(default_cases); ++i) one_case(fuzz_seed() + static_cast<std::uint64_t>(i), report);
  report.finish();
}

}  // namespace

TEST_CASE("fuzz: manifests under verify, diff and migrate") {
  TempDir dir(scratch());
  auto bases = manifest_bases(dir);
  run_cases("manifests", 400, [&](std::uint64_t seed, FuzzReport& report) { manifest_case(bases, seed, report); });
}

TEST_CASE("fuzz: bcdb.toml under verify, drift and diff --env") {
  TempDir base(scratch());
  write_file(base / "db" / "schema" / "shop.toml", kShopBefore);
  must(run_bcdb({"--db", "sqlite:dev.db", "--manifests", "db/schema", "migrate", "--quiet"}, base.path()), "migrate dev.db");
  fs::remove(base / "dev.db.bcdb-lock");
  {
    TempDir check(scratch());
    fs::copy(base.path(), check.path(), fs::copy_options::recursive);
    write_file(check / "bcdb.toml", kConfig);
    must(run_bcdb({"drift"}, check.path(), config_environment()), "drift with the valid bcdb.toml");
  }
  run_cases("bcdb.toml", 450, [&](std::uint64_t seed, FuzzReport& report) { config_case(base, seed, report); });
}

TEST_CASE("fuzz: saved plans under migrate --plan") {
  TempDir dir(scratch());
  auto bases = plan_bases(dir);
  fs::path manifests = dir / "project" / "manifests";
  run_cases("saved plans", 1100,
            [&](std::uint64_t seed, FuzzReport& report) { plan_case(bases, manifests, seed, report); });
}
