#pragma once
// The convergence property, engine by engine: for random schemas A and B, migrating a
// database holding rows from A to B (through the bcdb binary) leaves no drift and keeps every
// value in the columns A and B share.
//
// Seeded: the base seed is printed; BCDB_CONVERGENCE_SEED=<seed> BCDB_CONVERGENCE_PAIRS=1
// replays one pair. BCDB_CONVERGENCE_PAIRS sets the pairs per test case.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "process.h"

namespace bcdb::test {

// A database the property runs against.
class ConvergenceTarget {
 public:
  virtual ~ConvergenceTarget() = default;
  virtual std::string engine() const = 0;
  virtual void reset() = 0;                                        // empty it
  virtual std::map<std::string, std::string> environment() const = 0;  // how bcdb reaches it
  // Seed rows: triggers and key checks may be off (rows may reference tables inserted later).
  virtual void insert(const std::vector<std::string>& statements) = 0;
  // One statement as an application runs it: every trigger and check on.
  virtual void execute(const std::string& statement) = 0;
  virtual std::vector<std::vector<std::string>> rows(const std::string& sql) = 0;
  // Engine-specific checks after a migration (no INVALID index, no orphan row, ...).
  virtual void check_after() {}
};

std::uint64_t convergence_seed();
int convergence_pairs(int default_pairs);

// One pair, from its printed seed.
void check_pair(ConvergenceTarget& target, const TempDir& dir, std::uint64_t seed);

// Runs convergence_pairs() pairs with seeds base + offset * 100000 + i, in `dir`.
void check_convergence(ConvergenceTarget& target, const TempDir& dir, int offset, int default_pairs);

}  // namespace bcdb::test
