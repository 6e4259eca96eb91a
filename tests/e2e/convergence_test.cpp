// The convergence property: for random schemas A and B, migrating a database holding rows
// from A to B leaves no drift and keeps every value in the columns A and B share.
//
// Seeded: the base seed is printed; BCDB_CONVERGENCE_SEED=<seed> BCDB_CONVERGENCE_PAIRS=1
// replays one pair. BCDB_CONVERGENCE_PAIRS sets the pairs per test case (default 100, and
// there are four cases, so ctest can run them side by side).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>

#include "project.h"
#include "random_schema.h"

using namespace bcdb::test;

namespace {

std::uint64_t base_seed() {
  static const std::uint64_t seed = []() -> std::uint64_t {
    if (const char* s = std::getenv("BCDB_CONVERGENCE_SEED")) return std::stoull(s);
    return static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
  }();
  return seed;
}

int pairs() {
  const char* s = std::getenv("BCDB_CONVERGENCE_PAIRS");
  return s ? std::atoi(s) : 100;
}

// /dev/shm keeps hundreds of small databases off the disk; the property is the same.
std::filesystem::path scratch() {
  return std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                   : std::filesystem::temp_directory_path();
}

// Every value of the columns A and B share, table by table, ordered by id, named as in B.
std::vector<std::vector<std::string>> shared_values(SqliteDb& db, const SchemaPair& pair, bool after) {
  std::vector<std::vector<std::string>> out;
  for (const auto& a : pair.a.tables) {
    const auto* b = pair.b.find_table(a.name);
    if (!b) continue;
    std::string columns = "id";
    for (const auto& c : a.columns) {
      std::string in_b = name_in_b(*b, c.name);
      if (c.name == "id" || in_b.empty()) continue;
      columns += ", \"" + (after ? in_b : c.name) + "\"";
    }
    for (auto& row : db.rows("SELECT " + columns + " FROM \"" + a.name + "\" ORDER BY id")) {
      row.insert(row.begin(), a.name);
      out.push_back(std::move(row));
    }
  }
  return out;
}

void check_pair(std::uint64_t seed) {
  SchemaPair pair = random_schema_pair(seed);
  std::string a = manifest_text(pair.a), b = manifest_text(pair.b);
  INFO("pair seed " << seed << " (replay: BCDB_CONVERGENCE_SEED=" << seed << " BCDB_CONVERGENCE_PAIRS=1)\n--- A ---\n"
                    << a << "--- B ---\n" << b);
  Project p(scratch());
  p.manifests(a);
  auto create = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(create.exit_code == 0, create.err);
  {
    SqliteDb db(p.db_path());
    for (const auto& insert : pair.inserts) db.exec(insert);
  }
  SqliteDb db(p.db_path());
  auto before = shared_values(db, pair, false);

  p.manifests(b);
  bool phased = seed % 3 == 0;
  std::vector<std::vector<std::string>> runs;
  if (phased)
    runs = {{"migrate", "--phase", "expand", "--allow-blocking", "--allow-destructive"},
            {"migrate", "--phase", "contract", "--allow-blocking", "--allow-destructive"}};
  else
    runs = {{"migrate", "--allow-blocking", "--allow-destructive"}};
  for (const auto& args : runs) {
    auto r = p.bcdb(args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  }
  auto drift = p.bcdb({"drift"});
  REQUIRE_MESSAGE(drift.exit_code == 0, drift.out << drift.err);
  CHECK(shared_values(db, pair, true) == before);
  CHECK(db.rows("PRAGMA foreign_key_check").empty());
}

void run_cases(int offset) {
  MESSAGE("convergence base seed " << base_seed());
  for (int i = 0; i < pairs(); ++i) check_pair(base_seed() + static_cast<std::uint64_t>(offset * 100000 + i));
}

}  // namespace

TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }
