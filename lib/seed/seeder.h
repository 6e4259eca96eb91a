#pragma once
// bcdb seed: write a vertical's generated rows through the engine's BulkWriter, table by table
// in foreign-key order, committing in chunks. Idempotent and resumable: rows are generated in
// key order and committed in order, so what a table holds is always a prefix of its rows; a
// second run counts each table's rows and makes only the rest (a run killed half-way loses at
// most the chunk it had not committed, and the next one fills exactly the gap).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "seed/vertical.h"

namespace bcdb::seed {

struct Options {
  std::string vertical;
  Params params;
  bool truncate = false;                  // empty the vertical's tables first
  std::uint64_t chunk_rows = 50000;       // rows per transaction
  std::chrono::milliseconds lock_wait{std::chrono::minutes(5)};  // for the migration lock
  // Test hook (BCDB_TEST_KILL_AFTER_ROWS): SIGKILL after writing this many rows.
  std::optional<std::uint64_t> kill_after_rows;
};

struct TableResult {
  std::string table;
  std::uint64_t rows = 0;      // the table's rows at this scale
  std::uint64_t existing = 0;  // already there before this run
  std::uint64_t inserted = 0;
  double seconds = 0;
};

struct Outcome {
  std::vector<TableResult> tables;
  bool truncated = false;
  bool resumed = false;  // an earlier run had stopped half-way
  std::uint64_t rows() const;
  std::uint64_t inserted() const;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void waiting_for_lock() {}
  virtual void table_started(const TableResult& /*table*/) {}
  // Called about every few thousand rows, with the table's running result.
  virtual void progress(const TableResult& /*table*/) {}
  virtual void table_finished(const TableResult& /*table*/) {}
};

// `schema`: the vertical's tables as the database has them (checked against the generators'
// columns). Throws RefusedError when the tables hold rows another seed or someone else wrote.
Outcome seed(const dialect::Dialect& dialect, dialect::Connection& connection, const model::Schema& schema,
             const Options& options, Observer& observer);

}  // namespace bcdb::seed
