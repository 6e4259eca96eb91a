// The sequence-overflow fix on postgres: a primary key int -> bigint that another table
// references, with the application writing both tables through expand, backfill and contract.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <thread>

#include "bluegreen.h"
#include "support/strings.h"
#include "workload.h"

using namespace bcdb;
using namespace bcdb::test;

namespace {

constexpr int kAccounts = 3000;
constexpr int kTransfers = 6000;

const char* const kBefore = R"toml(
[tables.accounts]
primary_key = ["id"]
columns = [ { name = "id", type = "int32", identity = true }, { name = "owner", type = "text" } ]

[tables.transfers]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "account_id", type = "int32" },
  { name = "amount", type = "int64" },
]
indexes = [ { name = "transfers_account", columns = ["account_id"] } ]
foreign_keys = [ { name = "transfers_account_fk", columns = ["account_id"], references = { table = "accounts", columns = ["id"] }, on_delete = "cascade" } ]
)toml";

std::string after_manifest() {
  std::string text = str::replace_all(kBefore, R"({ name = "id", type = "int32", identity = true })",
                                      R"({ name = "id", type = "int64", identity = true })");
  return str::replace_all(text, R"({ name = "account_id", type = "int32" })", R"({ name = "account_id", type = "int64" })");
}

std::string one(PgTarget& target, const std::string& sql) { return target.rows(sql).at(0).at(0); }

}  // namespace

TEST_CASE("postgres blue/green: a referenced primary key goes int to bigint with the application writing throughout") {
  TempDir dir(scratch_dir());
  PgTarget target;
  target.reset();
  auto env = target.environment();
  auto bcdb = [&](std::vector<std::string> args) {
    for (const char* a : {"--rewrite-threshold", "100"}) args.push_back(a);
    return run_bcdb(args, dir.path(), env);
  };
  write_file(dir / "manifests" / "schema.toml", kBefore);
  REQUIRE(bcdb({"migrate"}).exit_code == 0);
  target.insert({"INSERT INTO accounts (owner) SELECT 'seed-' || g FROM generate_series(1, " + std::to_string(kAccounts) + ") g",
                 "INSERT INTO transfers (account_id, amount) SELECT 1 + g % " + std::to_string(kAccounts) +
                     ", g FROM generate_series(1, " + std::to_string(kTransfers) + ") g",
                 "ANALYZE accounts", "ANALYZE transfers"});
  write_file(dir / "manifests" / "schema.toml", after_manifest());

  auto plan = bcdb({"diff"});
  CHECK_MESSAGE(contains(plan.out, "add column accounts.id_bcdb_new"), plan.out);
  CHECK_MESSAGE(contains(plan.out, "add column transfers.account_id_bcdb_new"), plan.out);
  CHECK_MESSAGE(contains(plan.out, "PRIMARY KEY USING INDEX"), plan.out);
  CHECK_MESSAGE(contains(plan.out, "validate foreign key transfers_account_fk"), plan.out);
  CHECK_MESSAGE(!contains(plan.out, "ALTER COLUMN \"id\" TYPE"), plan.out);  // no rewrite of the key

  // The application: a new account (its key from the identity), a transfer to a seeded
  // account and one to the new account, an update of a seeded transfer, a read through the join.
  std::map<long long, long long> amounts;  // seeded transfer -> its last amount
  Workload app("app", env.at("BCDB_DATABASE_URL"), [&](long long i) {
    long long seeded = 1 + i % kTransfers;
    amounts[seeded] = -i - 1;
    return std::vector<Statement>{
        {"INSERT INTO accounts (owner) VALUES ('app-" + std::to_string(i) + "')", {}},
        {"INSERT INTO transfers (account_id, amount) VALUES (" + std::to_string(1 + i % kAccounts) + ", " + std::to_string(i + 1) + ")", {}},
        {"INSERT INTO transfers (account_id, amount) SELECT id, 0 FROM accounts WHERE owner = 'app-" + std::to_string(i) + "'", {}},
        {"UPDATE transfers SET amount = " + std::to_string(-i - 1) + " WHERE id = " + std::to_string(seeded), {}},
        {"SELECT a.owner, t.amount FROM transfers t JOIN accounts a ON a.id = t.account_id WHERE t.id = " + std::to_string(seeded), {}}};
  });
  app.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto expand = bcdb({"migrate", "--phase", "expand"});
  REQUIRE_MESSAGE(expand.exit_code == 0, expand.out << expand.err);
  auto backfill = bcdb({"migrate", "--phase", "backfill", "--batch-rows", "200", "--batch-time", "5ms"});
  REQUIRE_MESSAGE(backfill.exit_code == 0, backfill.out << backfill.err);
  CHECK(one(target, "SELECT count(*) FROM accounts WHERE id_bcdb_new IS DISTINCT FROM id") == "0");
  CHECK(one(target, "SELECT count(*) FROM transfers WHERE account_id_bcdb_new IS DISTINCT FROM account_id") == "0");
  auto contract = bcdb({"migrate", "--phase", "contract"});
  REQUIRE_MESSAGE(contract.exit_code == 0, contract.out << contract.err);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the identity goes on after the cut-over
  app.stop();
  INFO("the application ran " << app.statements() << " statements");
  CHECK_MESSAGE(app.failures() == 0, [&] {
    std::string out;
    for (const auto& e : app.errors()) out += e + "\n";
    return out;
  }());
  CHECK(app.rounds() > 10);

  // Both columns are bigint, the key and the foreign key are whole and validated, the identity
  // continues after the last key, and no row was lost or changed.
  CHECK(one(target, "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' ORDER BY table_name) "
                    "FROM information_schema.columns WHERE (table_name, column_name) IN "
                    "(('accounts', 'id'), ('transfers', 'account_id'))") == "accounts.id bigint, transfers.account_id bigint");
  CHECK(one(target, "SELECT conname FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype = 'p'") ==
        "accounts_pkey");
  CHECK(one(target, "SELECT convalidated FROM pg_constraint WHERE conname = 'transfers_account_fk'") == "t");
  CHECK(one(target, "SELECT count(*) FROM accounts") == std::to_string(kAccounts + app.rounds()));
  CHECK(one(target, "SELECT count(*) FROM transfers") == std::to_string(kTransfers + 2 * app.rounds()));
  CHECK(one(target, "SELECT count(*) FROM transfers WHERE id <= " + std::to_string(kTransfers) + " AND account_id <> 1 + id % " +
                        std::to_string(kAccounts)) == "0");
  CHECK(one(target, "SELECT count(*) FROM transfers t JOIN accounts a ON a.id = t.account_id WHERE t.amount = 0 AND "
                    "a.owner NOT LIKE 'app-%'") == "0");
  int wrong = 0;
  for (const auto& r : target.rows("SELECT id, amount FROM transfers WHERE id <= " + std::to_string(kTransfers))) {
    long long id = std::stoll(r.at(0));
    long long want = amounts.count(id) ? amounts[id] : id;
    if (std::stoll(r.at(1)) != want && ++wrong <= 3) FAIL_CHECK("transfer " << id << ": " << r.at(1) << ", want " << want);
  }
  CHECK(wrong == 0);
  const std::string highest = one(target, "SELECT max(id) FROM accounts");
  target.insert({"INSERT INTO accounts (owner) VALUES ('after')"});
  CHECK(std::stoll(one(target, "SELECT id FROM accounts WHERE owner = 'after'")) > std::stoll(highest));
  CHECK(one(target, "SELECT count(*) FROM pg_class WHERE relname = 'accounts_id_seq' AND relkind = 'S'") == "1");
  auto drift = run_bcdb({"drift"}, dir.path(), env);
  CHECK_MESSAGE(drift.exit_code == 0, drift.out << drift.err);
  target.check_after();
}
