#pragma once
// migrate: take the migration lock, plan against what the database holds now, refuse what
// the flags do not allow, then apply step by step, recording each in the history tables.
// A run that dies half-way is finished by running again: it re-plans from the database.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "migrate/backfill.h"
#include "migrate/replica_throttle.h"
#include "plan/pipeline.h"

namespace bcdb::migrate {

struct Options {
  std::optional<plan::Phase> phase;  // only this phase; none: every phase in order
  bool allow_destructive = false;
  bool allow_blocking = false;
  bool dry_run = false;
  std::chrono::milliseconds lock_wait{std::chrono::minutes(5)};  // for the migration lock
  int lock_timeout_ms = 2000;  // per statement, for table locks
  int retries = 3;             // after a lock timeout, with exponential backoff
  plan::PlannerOptions planner;
  BackfillOptions backfill;
  // --replica: backfills wait before each batch while one of these replicas lags (not owned).
  ReplicaThrottle* replicas = nullptr;
  // Test hooks (BCDB_TEST_KILL_AFTER_STEP / BCDB_TEST_KILL_DURING_STEP): the process kills
  // itself with SIGKILL after step N commits, or inside step N before it commits.
  std::optional<int> kill_after_step;
  std::optional<int> kill_during_step;
  // BCDB_TEST_STEP_DELAY_MS: a pause after each step, so tests can overlap two runs.
  std::chrono::milliseconds step_delay{0};
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void waiting_for_lock() {}
  virtual void interrupted_runs(int /*count*/) {}
  virtual void planned(const plan::Plan& /*plan*/, const std::vector<plan::Step>& /*selected*/) {}
  virtual void step_started(const plan::Step& /*step*/, int /*index*/, int /*total*/) {}
  virtual void step_retry(const plan::Step& /*step*/, int /*attempt*/, const std::string& /*error*/,
                          std::chrono::milliseconds /*wait*/) {}
  virtual void step_finished(const plan::Step& /*step*/, double /*milliseconds*/) {}
  virtual void step_failed(const plan::Step& /*step*/) {}
  virtual void backfill_progress(const plan::Step& /*step*/, const BackfillProgress& /*progress*/) {}
  virtual void replica_wait(const plan::Step& /*step*/, const ReplicaWait& /*wait*/) {}
  // Maintenance on the step's table was in the way of its lock (what bcdb found and did).
  virtual void maintenance_locks(const plan::Step& /*step*/, const std::string& /*what*/) {}
};

struct Outcome {
  plan::Plan plan;                    // the whole plan, every phase
  std::vector<plan::Step> selected;   // the steps this run applies (or would, on a dry run)
  int applied = 0;
  long long run_id = 0;
  std::string final_fingerprint;
  std::vector<BackfillProgress> backfills;  // one per backfill step applied
};

// The steps of `plan` that `options.phase` selects; throws RefusedError when the flags do not
// allow one of them (naming each), or when a contract run finds expand steps still pending.
std::vector<plan::Step> select_steps(const plan::Plan& plan, const Options& options);

Outcome migrate(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Desired& desired,
                const Options& options, Observer& observer);

// Applies a saved plan (`migrate --plan`, read from `source`): its desired schema is planned
// again under the lock, and the plan is refused (RefusedError) unless it was made for this
// engine from the live schema as it is and equals, step for step, what bcdb plans now; the
// guards apply to the steps as planned now. After the run the database must equal the plan's
// target (exit 1, recorded as failed, otherwise).
Outcome apply_saved(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Plan& saved,
                    const std::string& source, const Options& options, Observer& observer);

}  // namespace bcdb::migrate
