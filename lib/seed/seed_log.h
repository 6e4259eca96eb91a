#pragma once
// bcdb_seeds: which vertical was seeded with which --scale and --seed, and whether the run
// finished. One row per vertical; a reserved table, never drift (model::is_reserved_table).
#include <cstdint>
#include <optional>
#include <string>

#include "dialect/dialect.h"

namespace bcdb::seed {

struct SeedRecord {
  std::string vertical;
  std::uint64_t scale = 0;
  std::uint64_t seed = 0;
  std::string status;  // "running" (or killed) or "complete"
  std::string started_at, finished_at;
};

class SeedLog {
 public:
  SeedLog(const dialect::Dialect& dialect, dialect::Connection& connection);

  void ensure();  // creates the table when missing
  std::optional<SeedRecord> find(const std::string& vertical);
  void start(const std::string& vertical, std::uint64_t scale, std::uint64_t seed);
  void complete(const std::string& vertical);
  void forget(const std::string& vertical);

 private:
  std::string q(const char* identifier) const { return dialect_.quote(identifier); }
  std::string p(int n) const { return dialect_.placeholder(n); }

  const dialect::Dialect& dialect_;
  dialect::Connection& connection_;
  std::string table_;  // quoted
};

}  // namespace bcdb::seed
