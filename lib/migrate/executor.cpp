#include "migrate/executor.h"

#include <csignal>
#include <random>
#include <thread>

#include "manifest/manifest.h"
#include "migrate/history.h"
#include "model/canonical.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::migrate {
namespace {

using plan::Action;
using plan::Step;

std::string step_label(const Step& s) { return "step " + std::to_string(s.ordinal) + " (" + s.summary + ")"; }

std::string phase_label(const Options& o) { return o.phase ? std::string(plan::to_string(*o.phase)) : "all"; }

bool is_zero_or_empty(const dialect::Result& r) {
  if (r.rows.empty()) return true;
  return r.rows.size() == 1 && r.rows[0].size() == 1 && r.rows[0][0] && *r.rows[0][0] == "0";
}

void run_action(dialect::Connection& c, const Step& step, const Action& a) {
  if (a.kind == Action::Kind::backfill)
    throw Error(ExitCode::database, "internal: " + step_label(step) + " is a backfill outside the batch loop");
  if (a.kind == Action::Kind::exec) {
    c.execute(a.sql);
    return;
  }
  dialect::Result result;
  try {
    result = c.query(a.sql);
  } catch (const LockTimeout&) {
    throw;
  } catch (const DatabaseError& e) {
    // A check that cannot even run (a view that no longer compiles) fails for its reason.
    throw DatabaseError(step_label(step) + " stopped: " + a.message + "\n" + e.what());
  }
  if (!is_zero_or_empty(result)) throw DatabaseError(step_label(step) + " stopped: " + a.message);
}

void run_stage(dialect::Connection& c, const Step& step, Action::Stage stage) {
  for (const auto& a : step.actions)
    if (a.stage == stage) run_action(c, step, a);
}

// Exponential backoff with jitter: concurrent migrators that time out together spread their
// retries over the second half of each interval instead of retrying in lock-step.
class Backoff {
 public:
  Backoff() : random_(std::random_device{}()) {}
  std::chrono::milliseconds before(int attempt) {
    int ceiling = std::min(kCapMs, kBaseMs << std::min(attempt - 1, 8));
    return std::chrono::milliseconds(std::uniform_int_distribution<int>(ceiling / 2, ceiling)(random_));
  }

 private:
  static constexpr int kBaseMs = 200;
  static constexpr int kCapMs = 5000;
  std::mt19937 random_;
};

class Runner {
 public:
  Runner(const dialect::Dialect& d, dialect::Connection& c, const Options& o, Observer& obs)
      : dialect_(d), c_(c), options_(o), observer_(obs), history_(d, c) {}

  // Applies `steps`, recording them under a new run; returns the number applied.
  int apply(const plan::Plan& plan, const std::vector<Step>& steps, long long& run_id) {
    history_.ensure();
    if (int stale = history_.mark_interrupted(); stale > 0) observer_.interrupted_runs(stale);
    run_id = history_.start_run(plan, phase_label(options_), static_cast<int>(steps.size()));
    c_.set_lock_timeout(options_.lock_timeout_ms);
    int applied = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      observer_.step_started(steps[i], static_cast<int>(i + 1), static_cast<int>(steps.size()));
      auto started = std::chrono::steady_clock::now();
      apply_with_retries(run_id, steps[i], applied);
      ++applied;
      observer_.step_finished(steps[i], elapsed_ms(started));
      if (options_.kill_after_step == steps[i].ordinal) std::raise(SIGKILL);
      if (options_.step_delay.count() > 0) std::this_thread::sleep_for(options_.step_delay);
    }
    return applied;
  }

  void finish(long long run_id, int applied, const std::string& fingerprint) {
    history_.finish_run(run_id, RunStatus::succeeded, applied, fingerprint, "");
  }

  void fail(long long run_id, int applied, const std::string& error) {
    try {
      if (c_.in_transaction()) c_.rollback();
      history_.finish_run(run_id, RunStatus::failed, applied, "", error);
    } catch (const std::exception&) {
      // The connection itself may be what failed; the primary error is what matters.
    }
  }

 private:
  static double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  }

  void apply_with_retries(long long run_id, const Step& step, int applied) {
    for (int attempt = 1;; ++attempt) {
      std::string started_at = utc_now();
      auto started = std::chrono::steady_clock::now();
      try {
        apply_step(run_id, step, started_at, started, attempt);
        return;
      } catch (const LockTimeout& e) {
        if (attempt > options_.retries) {
          record_failure(run_id, step, started_at, started, attempt, e.what(), applied);
          observer_.step_failed(step);
          throw LockTimeout(step_label(step) + " did not get its lock after " + std::to_string(attempt) +
                            " attempts: " + e.what());
        }
        auto wait = backoff_.before(attempt);
        observer_.step_retry(step, attempt, e.what(), wait);
        std::this_thread::sleep_for(wait);
      } catch (const Error& e) {
        record_failure(run_id, step, started_at, started, attempt, e.what(), applied);
        observer_.step_failed(step);
        throw Error(e.code(), failure_message(step, e.what()));
      }
    }
  }

  std::string failure_message(const Step& step, const std::string& error) const {
    bool atomic = step.transactional && dialect_.capabilities().transactional_ddl;
    return std::string(error) + "\n" + step_label(step) + " failed; " +
           (atomic ? "it was rolled back, and the steps before it stay applied."
                   : "it may be partly applied, and the steps before it stay applied.") +
           " Fix the cause and run bcdb migrate again: it re-plans from what the database holds.";
  }

  void record_failure(long long run_id, const Step& step, const std::string& started_at,
                      std::chrono::steady_clock::time_point started, int attempts, const std::string& error,
                      int applied) {
    try {
      if (c_.in_transaction()) c_.rollback();
      run_stage(c_, step, Action::Stage::teardown);
    } catch (const std::exception&) {
    }
    try {
      history_.record_step(run_id, step, "failed", started_at, elapsed_ms(started), attempts, error);
    } catch (const std::exception&) {
    }
    fail(run_id, applied, step_label(step) + ": " + error);
  }

 public:
  const std::vector<BackfillProgress>& backfills() const { return backfills_; }

 private:
  // A backfill step commits batch by batch: it is recorded once its last batch is in.
  bool run_backfills(long long run_id, const Step& step, const std::string& started_at,
                     std::chrono::steady_clock::time_point started, int attempt) {
    bool any = false;
    BackfillOptions backfill = options_.backfill;
    if (options_.replicas)
      backfill.wait_for_replicas = [&] {
        return options_.replicas->wait([&](const ReplicaWait& w) { observer_.replica_wait(step, w); });
      };
    for (const auto& a : step.actions) {
      if (a.kind != Action::Kind::backfill || !a.backfill) continue;
      any = true;
      auto observe = [&](const BackfillProgress& p) { observer_.backfill_progress(step, p); };
      backfills_.push_back(run_backfill(dialect_, c_, *a.backfill, backfill, observe));
    }
    if (any) history_.record_step(run_id, step, "applied", started_at, elapsed_ms(started), attempt, "");
    return any;
  }

  void apply_step(long long run_id, const Step& step, const std::string& started_at,
                  std::chrono::steady_clock::time_point started, int attempt) {
    if (run_backfills(run_id, step, started_at, started, attempt)) return;
    // An online step's locks let writes go on whatever waits ahead of them.
    if (step.safety != plan::Safety::online && !step.table.empty())
      if (auto what = dialect_.clear_maintenance_locks(c_, step.table, kMaintenanceWait))
        observer_.maintenance_locks(step, *what);
    run_stage(c_, step, Action::Stage::setup);
    bool atomic = step.transactional && dialect_.capabilities().transactional_ddl;
    try {
      if (atomic) c_.begin();
      run_stage(c_, step, Action::Stage::body);
      if (options_.kill_during_step == step.ordinal) std::raise(SIGKILL);
      // Recorded inside the step's transaction where DDL is transactional: the step and its
      // record commit together or not at all.
      history_.record_step(run_id, step, "applied", started_at, elapsed_ms(started), attempt, "");
      if (atomic) c_.commit();
    } catch (...) {
      if (c_.in_transaction()) c_.rollback();
      throw;
    }
    run_stage(c_, step, Action::Stage::teardown);
    // A step may set its own lock timeout (a concurrent index build waits for old
    // transactions without blocking anyone); the next step starts from the configured one.
    c_.set_lock_timeout(options_.lock_timeout_ms);
  }

  // How long a step waits for maintenance it cannot end (an autovacuum that prevents
  // wraparound, another session's index build) before it asks for its lock anyway, to queue
  // behind it under the lock timeout.
  static constexpr std::chrono::milliseconds kMaintenanceWait{60'000};

  const dialect::Dialect& dialect_;
  dialect::Connection& c_;
  const Options& options_;
  Observer& observer_;
  History history_;
  Backoff backoff_;
  std::vector<BackfillProgress> backfills_;
};

std::string refusal_line(const Step& s) {
  std::string flag = s.safety == plan::Safety::destructive ? "--allow-destructive" : "--allow-blocking";
  return "  step " + std::to_string(s.ordinal) + " (" + std::string(plan::to_string(s.phase)) + ", " +
         std::string(plan::to_string(s.safety)) + "): " + s.summary + "\n      " + s.reason + "; needs " + flag;
}

// Tries once without waiting, so the observer can say that this run waits for another.
std::unique_ptr<dialect::MigrationLock> acquire_lock(const dialect::Dialect& dialect, dialect::Connection& connection,
                                                     const Options& options, Observer& observer) {
  if (options.dry_run) return nullptr;
  try {
    return dialect.lock_migrations(connection, std::chrono::milliseconds(0));
  } catch (const LockTimeout&) {
    observer.waiting_for_lock();
    return dialect.lock_migrations(connection, options.lock_wait);
  }
}

}  // namespace

std::vector<Step> select_steps(const plan::Plan& plan, const Options& options) {
  // A phase runs only once the phases before it are done: a backfill of a column expand has
  // not added yet, or a contract under the old version's feet, would fail or lose data.
  if (options.phase == plan::Phase::contract || options.phase == plan::Phase::backfill) {
    std::size_t expand = plan.count(plan::Phase::expand);
    std::size_t backfill = options.phase == plan::Phase::contract ? plan.count(plan::Phase::backfill) : 0;
    if (expand > 0)
      throw RefusedError("the expand phase still has " + std::to_string(expand) +
                         " step(s) to apply; run `bcdb migrate --phase expand` first (nothing was changed)");
    if (backfill > 0)
      throw RefusedError("the backfill phase still has " + std::to_string(backfill) +
                         " step(s) to apply; run `bcdb migrate --phase backfill` first (nothing was changed)");
  }
  std::vector<Step> selected;
  for (const auto& s : plan.steps)
    if (!options.phase || s.phase == *options.phase) selected.push_back(s);
  std::vector<std::string> refused;
  for (const auto& s : selected) {
    if ((s.safety == plan::Safety::destructive && !options.allow_destructive) ||
        (s.safety == plan::Safety::rewrite && !options.allow_blocking))
      refused.push_back(refusal_line(s));
  }
  if (!refused.empty())
    throw RefusedError("refused: " + std::to_string(refused.size()) + " step(s) need flags that were not given:\n" +
                       str::join(refused, "\n") + "\nNothing was changed.");
  return selected;
}

namespace {

// What a saved plan must still be, now that the lock is held: made from this very schema, and
// step for step what bcdb plans for it today. Its safety classes are never read: the guards
// apply to the steps as planned now.
void require_plan_unchanged(const plan::Plan& saved, const plan::Plan& now, const std::string& source) {
  const std::string redo = " Make a new plan with bcdb diff --out. Nothing was changed.";
  if (now.from_fingerprint != saved.from_fingerprint)
    throw RefusedError(now.database + " has changed since " + source + " was made (schema fingerprint " +
                       now.from_fingerprint.substr(0, 12) + ", the plan expects " + saved.from_fingerprint.substr(0, 12) +
                       ")." + redo);
  if (now.to_fingerprint != saved.to_fingerprint)
    throw RefusedError(source + ": its desired schema reads differently on " + now.database + " than when the plan was made." + redo);
  for (std::size_t i = 0; i < std::max(saved.steps.size(), now.steps.size()); ++i) {
    const plan::Step* a = i < saved.steps.size() ? &saved.steps[i] : nullptr;
    const plan::Step* b = i < now.steps.size() ? &now.steps[i] : nullptr;
    if (a && b && a->ordinal == b->ordinal && a->phase == b->phase && a->transactional == b->transactional &&
        a->actions == b->actions)
      continue;
    std::string what;
    if (a && b && a->summary == b->summary) {
      auto sa = a->statements(), sb = b->statements();
      std::size_t k = 0;
      while (k < sa.size() && k < sb.size() && sa[k] == sb[k]) ++k;
      auto shown = [](const std::vector<std::string>& v, std::size_t k) {
        return k < v.size() ? "'" + v[k].substr(0, 200) + "'" : std::string("nothing");
      };
      what = "'" + a->summary + "' runs " + shown(sa, k) + " in the file, " + shown(sb, k) + " as planned now";
    } else {
      what = (a ? "the file has '" + a->summary + "'" : "the file has no such step") + ", bcdb plans " +
             (b ? "'" + b->summary + "'" : "nothing");
    }
    throw RefusedError(source + " differs from the plan bcdb makes for " + now.database + " now, at step " +
                       std::to_string(i + 1) + ": " + what +
                       " (the file was edited, or the tables have grown or shrunk since)." + redo);
  }
}

Outcome run(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Desired& desired,
            const Options& options, Observer& observer, const plan::Plan* saved, const std::string& source) {
  // Every statement of the run waits at most this long, the history's own writes included.
  connection.set_lock_timeout(options.lock_timeout_ms);
  auto lock = acquire_lock(dialect, connection, options, observer);
  // Planned only once the lock is held: a run that waited sees what the other one did.
  Outcome out;
  plan::Comparison comparison = plan::compare(dialect, connection, desired);
  out.plan = plan::make_plan(dialect, connection, desired, comparison, options.planner);
  if (saved) require_plan_unchanged(*saved, out.plan, source);
  out.selected = select_steps(out.plan, options);
  observer.planned(out.plan, out.selected);
  if (options.dry_run) return out;

  Runner runner(dialect, connection, options, observer);
  out.applied = runner.apply(out.plan, out.selected, out.run_id);
  out.backfills = runner.backfills();

  // Re-plan from what the database now holds: the phases just run must have nothing left, and
  // a run that leaves the database off its target has failed, whatever its steps did.
  plan::Comparison after = plan::compare(dialect, connection, desired);
  plan::Plan rest = plan::make_plan(dialect, connection, desired, after, options.planner);
  std::vector<std::string> left;
  for (const auto& s : rest.steps)
    if (!options.phase || s.phase == *options.phase) left.push_back("  " + s.summary);
  if (!left.empty()) {
    std::string error = "applied " + std::to_string(out.applied) + " step(s), but " + out.plan.database +
                        " still differs from " + (saved ? source : desired.source) + ":\n" + str::join(left, "\n");
    runner.fail(out.run_id, out.applied, error);
    throw Error(ExitCode::different, error);
  }
  out.final_fingerprint = model::fingerprint(after.live);
  runner.finish(out.run_id, out.applied, out.final_fingerprint);
  return out;
}

}  // namespace

Outcome migrate(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Desired& desired,
                const Options& options, Observer& observer) {
  return run(dialect, connection, desired, options, observer, nullptr, "");
}

Outcome apply_saved(const dialect::Dialect& dialect, dialect::Connection& connection, const plan::Plan& saved,
                    const std::string& source, const Options& options, Observer& observer) {
  const std::string target = connection.url().redacted();
  if (saved.engine != dialect.engine())
    throw RefusedError(source + " was made for a " + saved.engine + " database, and " + target + " is " +
                       std::string(dialect.engine()) + ". Nothing was changed.");
  manifest::LoadResult loaded = manifest::load_text(saved.desired_toml, source + " (its desired schema)");
  manifest::require_valid(loaded, dialect.engine());
  plan::Desired desired{std::move(loaded.schema), saved.desired_source, saved.manifest_checksum, saved.schemas};
  Options replay = options;
  replay.planner.rewrite_threshold_rows = saved.rewrite_threshold_rows;
  return run(dialect, connection, desired, replay, observer, &saved, source);
}

}  // namespace bcdb::migrate
