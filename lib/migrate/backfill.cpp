#include "migrate/backfill.h"

#include <algorithm>
#include <csignal>
#include <thread>

#include "migrate/checkpoints.h"
#include "support/error.h"

namespace bcdb::migrate {
namespace {

using Clock = std::chrono::steady_clock;

constexpr long long kMinBatch = 50;
constexpr long long kMaxBatch = 200'000;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<dialect::Value> with(std::vector<dialect::Value> a, const std::vector<dialect::Value>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The key `offset` rows after `after` (or from the start), if the table has that many.
std::optional<std::vector<dialect::Value>> bound(dialect::Connection& c, const plan::BackfillSql& b,
                                                 const std::vector<dialect::Value>& after, long long offset) {
  // The offset is bcdb's own integer, not a value from anywhere else; engines differ in
  // whether LIMIT and OFFSET take parameters, so it is written into the statement.
  const std::string off = " OFFSET " + std::to_string(offset);
  auto r = after.empty() ? c.query(b.first_bound + off) : c.query(b.next_bound + off, after);
  if (r.rows.empty()) return std::nullopt;
  return r.rows.front();
}

// Runs the batch of `rows` rows after `after` (from the start when empty), or the rest of the
// table when fewer remain; returns the key it ended at (nullopt: the end of the table).
std::optional<std::vector<dialect::Value>> update_batch(dialect::Connection& c, const plan::BackfillSql& b,
                                                        const std::vector<dialect::Value>& after, long long rows) {
  auto next = bound(c, b, after, rows - 1);
  if (!next) {
    if (after.empty()) c.execute(b.update_all);
    else c.query(b.update_rest, after);
  } else if (after.empty()) {
    c.query(b.update_first, *next);
  } else {
    c.query(b.update_next, with(after, *next));
  }
  return next;
}

void begin_batch(dialect::Connection& c, const plan::BackfillSql& b) {
  if (!b.before_batch.empty()) c.execute(b.before_batch);
  c.begin();
}

bool batch_fails(dialect::Connection& c, const plan::BackfillSql& b, const std::vector<dialect::Value>& after, long long rows) {
  begin_batch(c, b);
  bool failed = false;
  try {
    update_batch(c, b, after, rows);
  } catch (const LockTimeout&) {
    c.rollback();
    throw;
  } catch (const DatabaseError&) {
    failed = true;
  }
  c.rollback();
  return failed;
}

// The key of the first row of a failed batch that fails alone (a value its expression cannot
// convert), found by halving the batch, each try rolled back; nullopt when no row fails alone.
std::optional<std::vector<dialect::Value>> failing_key(dialect::Connection& c, const plan::BackfillSql& b,
                                                       std::vector<dialect::Value> after, long long rows) {
  while (rows > 1) {
    long long half = rows / 2;
    if (batch_fails(c, b, after, half)) {
      rows = half;
      continue;
    }
    auto next = bound(c, b, after, half - 1);
    if (!next) return std::nullopt;
    after = *next;
    rows -= half;
  }
  if (!batch_fails(c, b, after, 1)) return std::nullopt;
  return bound(c, b, after, 0);
}

std::string key_text(const std::vector<dialect::Value>& key) {
  std::string out;
  for (const auto& v : key) out += (out.empty() ? "" : ", ") + v.value_or("NULL");
  return key.size() == 1 ? out : "(" + out + ")";
}

}  // namespace

BackfillProgress run_backfill(const dialect::Dialect& dialect, dialect::Connection& c, const plan::BackfillSql& b,
                              const BackfillOptions& options, const BackfillObserver& observe) {
  Checkpoints checkpoints(dialect, c);
  checkpoints.ensure();
  BackfillProgress p;
  p.table = b.table;
  std::vector<dialect::Value> last;
  auto found = checkpoints.find(b.name);
  if (found && found->fingerprint == b.fingerprint && found->done) {
    p.finished = true;
    return p;
  }
  if (found && found->fingerprint == b.fingerprint) {
    last = found->last_key;
    p.rows_done = found->rows_done;
    p.resumed = !last.empty();
    p.resumed_after = last;
  } else {
    checkpoints.start({b.name, b.fingerprint, false, {}, 0, b.columns});
  }
  auto count = c.query(b.count);
  p.rows_total = count.rows.empty() ? 0 : std::stoll(count.rows.front().front().value_or("0"));

  const auto started = Clock::now();
  long long batch = std::clamp(options.first_batch, kMinBatch, kMaxBatch);
  const double target = std::chrono::duration<double>(options.batch_time).count();
  auto active_seconds = [&] { return seconds_since(started) - static_cast<double>(p.replica_wait_ms) / 1000; };
  for (;;) {
    if (options.wait_for_replicas) p.replica_wait_ms += options.wait_for_replicas().count();
    auto batch_started = Clock::now();
    begin_batch(c, b);
    try {
      auto next = update_batch(c, b, last, batch);
      long long walked = next ? batch : std::max(0LL, p.rows_total - p.rows_done);
      p.rows_done += walked;
      p.rows_this_run += walked;
      checkpoints.advance(b.name, next ? *next : last, p.rows_done, !next);
      c.commit();
      p.finished = !next;
      if (next) last = *next;
    } catch (const LockTimeout&) {
      if (c.in_transaction()) c.rollback();
      throw;
    } catch (const DatabaseError& e) {
      if (c.in_transaction()) c.rollback();
      // Most likely one row's value does not convert: name it, so that it can be fixed.
      auto key = failing_key(c, b, last, batch);
      if (!key) throw;
      throw DatabaseError("the backfill of " + b.table + " stops at the row with key " + key_text(*key) +
                          ", whose value does not convert: " + e.what() +
                          "\nFix that row (or the column's up or using expression) and run bcdb migrate again; the "
                          "rows before it stay backfilled, and nothing was cut over.");
    } catch (...) {
      if (c.in_transaction()) c.rollback();
      throw;
    }
    ++p.batches;
    p.seconds = seconds_since(started);
    observe(p);
    if (p.finished) return p;
    if (options.kill_after_batches && p.batches >= *options.kill_after_batches) std::raise(SIGKILL);

    // Toward the target time, at most doubling or halving at once: one slow batch (a
    // checkpoint, a lock wait) does not swing the size.
    double took = std::max(1e-4, seconds_since(batch_started));
    double factor = std::clamp(target / took, 0.5, 2.0);
    batch = std::clamp(static_cast<long long>(static_cast<double>(batch) * factor), kMinBatch, kMaxBatch);
    if (options.max_rows_per_second && *options.max_rows_per_second > 0) {
      double due = static_cast<double>(p.rows_this_run) / *options.max_rows_per_second;
      double ahead = due - active_seconds();
      if (ahead > 0) std::this_thread::sleep_for(std::chrono::duration<double>(ahead));
      batch = std::min(batch, std::max(kMinBatch, static_cast<long long>(*options.max_rows_per_second * target)));
    }
  }
}

}  // namespace bcdb::migrate
