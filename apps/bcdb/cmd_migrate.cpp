#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "migrate/executor.h"
#include "migrate/replica_throttle.h"
#include "progress_format.h"
#include "report/json.h"
#include "report/text.h"
#include "support/error.h"

namespace bcdb::app {
namespace {

std::optional<int> env_int(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return static_cast<int>(parse_count(v, name, 0, 1'000'000));
}

// Progress for people: one line per step as it finishes.
class Progress final : public migrate::Observer {
 public:
  Progress(const Context& ctx, std::ostream& stream, bool enabled, bool bar)
      : ctx_(ctx), stream_(stream), enabled_(enabled), bar_(bar) {}

  void waiting_for_lock() override {
    if (enabled_) stream_ << "waiting for the migration lock: another bcdb migrate is running on this database...\n" << std::flush;
  }
  void interrupted_runs(int count) override {
    if (enabled_)
      stream_ << fmt::format("note: {} earlier run{} stopped before finishing; re-planned from the database\n", count,
                             count == 1 ? "" : "s");
  }
  void planned(const plan::Plan& plan, const std::vector<plan::Step>& selected) override {
    if (!enabled_ || selected.empty()) return;
    stream_ << fmt::format("Migrating {} to {}: {} step{}\n", plan.database, plan.desired_source, selected.size(),
                           selected.size() == 1 ? "" : "s");
  }
  void step_started(const plan::Step& step, int index, int total) override {
    if (!enabled_) return;
    stream_ << fmt::format("  [{:>{}}/{}] {:<9}{} {}", index, std::to_string(total).size(), total,
                           plan::to_string(step.phase), ctx_.style().safety(step.safety), step.summary)
            << std::flush;
    if (ctx_.globals().verbose)
      for (const auto& sql : step.statements()) stream_ << "\n      " << sql << ";";
  }
  void step_retry(const plan::Step&, int attempt, const std::string& error, std::chrono::milliseconds wait) override {
    if (enabled_)
      stream_ << fmt::format("\n      lock not obtained ({}); retry {} in {} ms", error.substr(0, error.find('\n')),
                             attempt, wait.count())
              << std::flush;
  }
  void maintenance_locks(const plan::Step&, const std::string& what) override {
    if (enabled_) stream_ << "\n      " << what << std::flush;
  }
  void step_failed(const plan::Step&) override {
    if (enabled_) stream_ << " ... " << ctx_.style().red("failed") << "\n" << std::flush;
  }
  void step_finished(const plan::Step&, double ms) override {
    if (enabled_) stream_ << fmt::format(" ... done ({:.0f} ms)\n", ms) << std::flush;
  }
  // A bar with rows/s and ETA on a terminal, redrawn at most every 100 ms; otherwise one line
  // per table once its backfill is done.
  void backfill_progress(const plan::Step&, const migrate::BackfillProgress& p) override {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (!p.finished && (!bar_ || now - last_draw_ < std::chrono::milliseconds(100))) return;
    last_draw_ = now;
    auto rows = static_cast<std::uint64_t>(p.rows_this_run);
    long long total = std::max(p.rows_total, p.rows_done);
    std::string line;
    if (p.finished) {
      line = fmt::format("      {}: {} rows in {} batches, {:.2f} s, {}{}{}", p.table, grouped(rows), p.batches, p.seconds,
                         rate(rows, p.seconds),
                         p.replica_wait_ms > 0
                             ? fmt::format(", {:.2f} s of it waiting for replicas", static_cast<double>(p.replica_wait_ms) / 1000)
                             : "",
                         p.resumed ? " (resumed from the last checkpoint)" : "");
    } else {
      constexpr int kWidth = 24;
      int filled = total > 0 ? static_cast<int>(p.rows_done * kWidth / total) : kWidth;
      double per_second = p.seconds > 0 ? static_cast<double>(rows) / p.seconds : 0;
      double eta = per_second > 0 ? static_cast<double>(total - p.rows_done) / per_second : 0;
      line = fmt::format("      {} [{}{}] {}/{} rows  {}  ETA {:.0f} s", p.table, std::string(filled, '#'),
                         std::string(kWidth - filled, '.'), grouped(static_cast<std::uint64_t>(p.rows_done)),
                         grouped(static_cast<std::uint64_t>(total)), rate(rows, p.seconds), eta);
    }
    // Below the step's line, which " ... done" then ends.
    stream_ << (drawn_ && bar_ ? "\r" : "\n") << line << (bar_ ? "\033[K" : "") << std::flush;
    drawn_ = !p.finished;
  }
  // On a terminal the wait takes the bar's place, redrawn at every poll, and the bar comes back
  // when it is over; otherwise one line when a wait starts and one when it ends.
  void replica_wait(const plan::Step&, const migrate::ReplicaWait& w) override {
    using State = migrate::ReplicaWait::State;
    if (!enabled_ || (!bar_ && w.state == State::waiting) || (bar_ && w.state == State::over)) return;
    std::string line =
        w.state == State::over
            ? fmt::format("      replicas caught up after {:.2f} s", static_cast<double>(w.waited.count()) / 1000)
            : fmt::format("      waiting for replica {}: {}", w.replica, migrate::describe(w.lag, w.max_lag));
    stream_ << (drawn_ && bar_ ? "\r" : "\n") << line << (bar_ ? "\033[K" : "") << std::flush;
    drawn_ = bar_;
  }

 private:
  const Context& ctx_;
  std::ostream& stream_;
  bool enabled_;
  bool bar_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// --replica URLs, checked before anything is read or connected to: each of the database's own
// engine, on an engine that has replicas.
std::vector<dialect::Url> replica_urls(const dialect::Url& database, const MigrateOptions& o) {
  if (o.max_lag && o.replicas.empty())
    throw UsageError("--max-lag needs --replica: name the replicas whose lag the backfill waits for");
  std::vector<dialect::Url> urls;
  if (o.replicas.empty()) return urls;
  if (!dialect::make_dialect(database.engine)->capabilities().replicas)
    throw UsageError("--replica: " + database.redacted() + " is a " + database.engine +
                     " database, which has no replicas to wait for");
  for (const auto& text : o.replicas) {
    dialect::Url url;
    try {
      url = dialect::Url::parse(text);
    } catch (const ConfigError& e) {
      throw ConfigError("--replica: " + std::string(e.what()));
    }
    if (url.engine != database.engine)
      throw UsageError("--replica " + url.redacted() + " is a " + url.engine + " database, and " + database.redacted() +
                       " is " + database.engine + ": a replica runs its primary's engine");
    urls.push_back(std::move(url));
  }
  return urls;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read the plan file '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int run_migrate(const Context& ctx, const MigrateOptions& o) {
  std::string format = ctx.format({"text", "json", "sql"});
  if (format == "sql" && !o.dry_run) throw UsageError("--format sql prints the script without running it: add --dry-run");
  if (o.plan_file && o.planning.to) throw UsageError("--plan and --to cannot be combined: the plan already names its target");

  migrate::Options mo;
  if (o.phase != "all") mo.phase = plan::parse_phase(o.phase);
  mo.allow_destructive = o.allow_destructive;
  mo.allow_blocking = o.allow_blocking;
  mo.dry_run = o.dry_run;
  mo.lock_timeout_ms = lock_timeout_ms(o.planning);
  mo.lock_wait =
      std::chrono::milliseconds(parse_duration_ms(o.lock_wait, "--lock-wait", Ranges::lock_wait_min, Ranges::lock_wait_max));
  mo.retries = static_cast<int>(parse_count(o.retries, "--retries", 0, Ranges::retries_max));
  mo.planner = planner_options(o.planning);
  mo.planner.allow_blocking = o.allow_blocking;
  mo.kill_after_step = env_int("BCDB_TEST_KILL_AFTER_STEP");
  mo.kill_during_step = env_int("BCDB_TEST_KILL_DURING_STEP");
  mo.step_delay = std::chrono::milliseconds(env_int("BCDB_TEST_STEP_DELAY_MS").value_or(0));
  mo.backfill.batch_time = std::chrono::milliseconds(
      parse_duration_ms(o.batch_time, "--batch-time", Ranges::batch_time_min, Ranges::batch_time_max));
  mo.backfill.first_batch = parse_count(o.batch_rows, "--batch-rows", Ranges::batch_rows_min, Ranges::batch_rows_max);
  if (o.max_rows_per_second)
    mo.backfill.max_rows_per_second =
        static_cast<double>(parse_count(*o.max_rows_per_second, "--max-rows-per-second", 1, Ranges::rows_max));
  mo.backfill.kill_after_batches = env_int("BCDB_TEST_KILL_AFTER_BATCHES");
  auto max_lag = std::chrono::milliseconds(
      parse_duration_ms(o.max_lag.value_or("1s"), "--max-lag", Ranges::max_lag_min, Ranges::max_lag_max));

  // A bad URL is reported before anything is read, and so is a --replica that cannot be one.
  std::vector<dialect::Url> replicas = replica_urls(ctx.database_url(), o);
  std::optional<plan::Desired> desired;
  std::optional<plan::Plan> saved;
  if (o.plan_file)
    saved = report::plan_from_json(read_file(*o.plan_file), *o.plan_file);
  else
    desired = ctx.desired(o.planning.to);

  Session session = open_session(ctx, o.dry_run ? dialect::Dialect::Access::preview
                                                                 : dialect::Dialect::Access::read_write);
  std::unique_ptr<migrate::ReplicaThrottle> throttle;
  if (!replicas.empty()) {
    try {
      throttle = std::make_unique<migrate::ReplicaThrottle>(*session.dialect, *session.connection, replicas, max_lag);
    } catch (const Error& e) {
      throw Error(e.code(), std::string(e.what()) + "\nnothing was changed");
    }
    mo.replicas = throttle.get();
  }
  bool people = format == "text";
  Progress progress(ctx, people ? ctx.out() : ctx.err(), !ctx.quiet() && !o.dry_run, people && draws_bars(ctx));
  auto started = std::chrono::steady_clock::now();
  migrate::Outcome outcome = saved ? migrate::apply_saved(*session.dialect, *session.connection, *saved, *o.plan_file, mo, progress)
                                   : migrate::migrate(*session.dialect, *session.connection, *desired, mo, progress);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (format == "json") {
    ctx.out() << report::migrate_json(outcome, o.dry_run, o.phase);
  } else if (format == "sql") {
    ctx.out() << report::plan_sql(outcome.plan, outcome.selected, session.dialect->lock_timeout_sql(mo.lock_timeout_ms));
  } else if (o.dry_run) {
    ctx.out() << report::plan_text(outcome.plan, outcome.selected, ctx.style());
    if (!outcome.selected.empty()) ctx.out() << "dry run: nothing was changed\n";
  } else if (!ctx.quiet()) {
    if (outcome.selected.empty())
      ctx.out() << fmt::format("{} is in sync with {}: nothing to do\n", outcome.plan.database,
                               outcome.plan.desired_source);
    else
      ctx.out() << fmt::format("{} {} ({} step{} applied in {:.2f} s; run #{})\n", outcome.plan.database,
                               o.phase == "all" ? "is in sync with " + outcome.plan.desired_source
                                                : "has its " + o.phase + " phase applied",
                               outcome.applied, outcome.applied == 1 ? "" : "s", seconds, outcome.run_id);
    if (o.phase == "expand" || o.phase == "backfill") {
      std::size_t backfill = o.phase == "expand" ? outcome.plan.count(plan::Phase::backfill) : 0;
      std::size_t contract = outcome.plan.count(plan::Phase::contract);
      auto steps = [](std::size_t n, const char* phase) {
        return fmt::format("{} {} step{}", n, phase, n == 1 ? "" : "s");
      };
      if (backfill > 0)
        ctx.out() << steps(backfill, "backfill") << (contract > 0 ? " and " + steps(contract, "contract") : "")
                  << (backfill + contract == 1 ? " remains" : " remain")
                  << ": run bcdb migrate --phase backfill now, and --phase contract once the old version is gone\n";
      else if (contract > 0)
        ctx.out() << steps(contract, "contract") << (contract == 1 ? " remains" : " remain")
                  << ": run bcdb migrate --phase contract once the old version is gone\n";
    }
  }
  return 0;
}

}  // namespace bcdb::app
