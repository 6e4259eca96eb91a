#pragma once
// The backfill loop (DESIGN.md, "Changes that span phases"): walks a table in key order in
// batches, each batch's UPDATE and its checkpoint committed together in one short
// transaction; the batch size follows a target time per batch, a rate limit holds the pace
// down, and a run killed at any point resumes after the last committed batch.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "plan/step.h"

namespace bcdb::migrate {

struct BackfillOptions {
  std::chrono::milliseconds batch_time{100};   // what a batch should take
  std::optional<double> max_rows_per_second;   // none: as fast as the target time allows
  long long first_batch = 1000;                // rows; adapts from there
  std::optional<int> kill_after_batches;       // test hook (BCDB_TEST_KILL_AFTER_BATCHES)
  // Called before every batch: the pause while replicas lag (migrate --replica), returning how
  // long it waited. The wait is not counted against max_rows_per_second, which would otherwise
  // let the rows it held back through in one burst afterwards.
  std::function<std::chrono::milliseconds()> wait_for_replicas;
};

struct BackfillProgress {
  std::string table;
  long long rows_total = 0;  // the table's rows when the backfill started (for an ETA)
  long long rows_done = 0;   // keys walked so far, earlier runs included
  long long rows_this_run = 0;
  int batches = 0;
  bool resumed = false;      // started from an earlier run's checkpoint
  std::vector<dialect::Value> resumed_after;
  double seconds = 0;
  long long replica_wait_ms = 0;  // of `seconds`, spent waiting for lagging replicas
  bool finished = false;
};

using BackfillObserver = std::function<void(const BackfillProgress&)>;

BackfillProgress run_backfill(const dialect::Dialect& dialect, dialect::Connection& connection,
                              const plan::BackfillSql& backfill, const BackfillOptions& options,
                              const BackfillObserver& observe);

}  // namespace bcdb::migrate
