#include "convergence.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "random_schema.h"

namespace bcdb::test {
namespace {

// Numbers as numbers: numeric(12,2) prints 1.50 where numeric(14,3) prints 1.500.
std::string value(const std::string& text) {
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return text;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", d);
  return buffer;
}

// Every value of the columns A and B share, table by table, ordered by id, named as in B.
std::vector<std::vector<std::string>> shared_values(ConvergenceTarget& target, const SchemaPair& pair, bool after) {
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
    for (auto& row : target.rows("SELECT " + columns + " FROM \"" + a.name + "\" ORDER BY id")) {
      for (auto& v : row) v = value(v);
      row.insert(row.begin(), a.name);
      out.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace

void check_pair(ConvergenceTarget& target, const TempDir& dir, std::uint64_t seed) {
  SchemaPair pair = random_schema_pair(seed, target.engine());
  std::string a = manifest_text(pair.a), b = manifest_text(pair.b);
  INFO(target.engine() << " pair seed " << seed << " (replay: BCDB_CONVERGENCE_SEED=" << seed
                       << " BCDB_CONVERGENCE_PAIRS=1, test case 1/4)\n--- A ---\n" << a << "--- B ---\n" << b);
  target.reset();
  auto env = target.environment();
  write_file(dir / "manifests" / "schema.toml", a);
  auto create = run_bcdb({"migrate"}, dir.path(), env);
  REQUIRE_MESSAGE(create.exit_code == 0, create.out << create.err);
  target.insert(pair.inserts);
  auto before = shared_values(target, pair, false);

  write_file(dir / "manifests" / "schema.toml", b);
  std::vector<std::vector<std::string>> runs;
  // A third of the pairs go through a blue/green rollout, one phase at a time; half of those
  // with every table "large", so that rewriting type changes go through shadow columns (a plan
  // with a rewrite no shadow can take is refused, and that phase runs again with --allow-blocking).
  const bool shadows = seed % 6 == 0;
  const std::vector<std::string> flags = shadows ? std::vector<std::string>{"--rewrite-threshold", "0", "--allow-destructive"}
                                                 : std::vector<std::string>{"--allow-blocking", "--allow-destructive"};
  if (seed % 3 == 0)
    for (const char* phase : {"expand", "backfill", "contract"}) runs.push_back({"migrate", "--phase", phase});
  else
    runs = {{"migrate"}};
  for (auto args : runs) {
    args.insert(args.end(), flags.begin(), flags.end());
    auto r = run_bcdb(args, dir.path(), env);
    if (shadows && r.exit_code == 4) {
      args.push_back("--allow-blocking");
      r = run_bcdb(args, dir.path(), env);
    }
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  }
  auto drift = run_bcdb({"drift"}, dir.path(), env);
  REQUIRE_MESSAGE(drift.exit_code == 0, drift.out << drift.err);
  CHECK(shared_values(target, pair, true) == before);
  target.check_after();
}

std::uint64_t convergence_seed() {
  static const std::uint64_t seed = []() -> std::uint64_t {
    if (const char* s = std::getenv("BCDB_CONVERGENCE_SEED")) return std::stoull(s);
    return static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
  }();
  return seed;
}

int convergence_pairs(int default_pairs) {
  const char* s = std::getenv("BCDB_CONVERGENCE_PAIRS");
  return s ? std::atoi(s) : default_pairs;
}

void check_convergence(ConvergenceTarget& target, const TempDir& dir, int offset, int default_pairs) {
  MESSAGE(target.engine() << " convergence base seed " << convergence_seed());
  for (int i = 0; i < convergence_pairs(default_pairs); ++i)
    check_pair(target, dir, convergence_seed() + static_cast<std::uint64_t>(offset * 100000 + i));
}

}  // namespace bcdb::test
