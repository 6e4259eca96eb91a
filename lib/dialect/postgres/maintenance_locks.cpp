// Maintenance in the way of a step's lock (Dialect::clear_maintenance_locks). A step asking for
// a lock that conflicts with one another session holds waits in the queue, and every writer
// queues behind that request, for as long as the holder keeps its lock, up to bcdb's lock
// timeout, then again at each retry. Readers and writers hold only ACCESS SHARE, ROW SHARE and
// ROW EXCLUSIVE, which the queue lets bcdb through in milliseconds; anything stronger is
// maintenance: autovacuum above all, which the server cancels only after deadlock_timeout
// (measured in tests/bench/online_pg.sh: a cut-over behind autovacuum held writers 1,004 ms).
// So an autovacuum worker is cancelled before the lock is asked for, as the server itself would
// cancel it, unless it prevents wraparound (the server never cancels those); other holders, and
// workers bcdb's role may not cancel (or, without pg_read_all_stats, even see as autovacuum), are
// waited for without queueing.
#include <thread>

#include "dialect/postgres/dialect.h"

namespace bcdb::dialect::postgres {
namespace {

struct Holder {
  std::string pid;  // empty: a prepared transaction
  std::string mode;
  bool autovacuum = false;
  bool wraparound = false;
};

std::vector<Holder> holders_on(Connection& c, const std::string& quoted_table) {
  auto r = c.query(
      "SELECT l.pid::text, l.mode, coalesce(a.backend_type = 'autovacuum worker', false)::text, "
      "coalesce(a.query LIKE '%(to prevent wraparound)%', false)::text "
      "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'relation' AND l.granted AND l.pid IS DISTINCT FROM pg_backend_pid() "
      "AND l.mode IN ('ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', "
      "'AccessExclusiveLock') "
      "AND l.relation = to_regclass($1) AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      {quoted_table});
  std::vector<Holder> out;
  for (const auto& row : r.rows)
    out.push_back({row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or("") == "true",
                   row.at(3).value_or("") == "true"});
  return out;
}

// Whether the server took the cancel: bcdb's role may lack pg_signal_backend.
bool cancel(Connection& c, const Holder& h) {
  try {
    auto r = c.query("SELECT pg_cancel_backend($1::int)::text", {h.pid});
    return !r.rows.empty() && r.rows.front().front().value_or("") == "true";
  } catch (const DatabaseError&) {
    return false;
  }
}

std::string describe(const Holder& h, const std::string& table, bool cancelled) {
  if (h.autovacuum && cancelled) return "cancelled autovacuum on " + table + " (it runs again later)";
  if (h.autovacuum && h.wraparound) return "autovacuum on " + table + " prevents wraparound (never cancelled)";
  if (h.autovacuum) return "autovacuum on " + table + " could not be cancelled (bcdb's role lacks pg_signal_backend)";
  return (h.pid.empty() ? "a prepared transaction" : "pid " + h.pid) + " holds " + h.mode + " on " + table;
}

}  // namespace

std::optional<std::string> PgDialect::clear_maintenance_locks(Connection& c, const std::string& table,
                                                              std::chrono::milliseconds wait) const {
  const std::string quoted = quote_table(table);
  auto found = holders_on(c, quoted);
  if (found.empty()) return std::nullopt;
  std::string out;
  bool all_cancelled = true;
  for (const auto& h : found) {
    bool cancelled = h.autovacuum && !h.wraparound && cancel(c, h);
    all_cancelled = all_cancelled && cancelled;
    out += (out.empty() ? "" : "; ") + describe(h, table, cancelled);
  }
  const auto started = std::chrono::steady_clock::now();
  bool gone = false;
  while (!(gone = holders_on(c, quoted).empty()) && std::chrono::steady_clock::now() < started + wait)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (!gone) return out + "; still held after " + std::to_string(waited) + " ms: the step now asks for its lock behind it";
  if (!all_cancelled) out += "; waited " + std::to_string(waited) + " ms for it to end";
  return out + ", before asking for the step's lock";
}

}  // namespace bcdb::dialect::postgres
