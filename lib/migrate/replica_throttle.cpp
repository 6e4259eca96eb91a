#include "migrate/replica_throttle.h"

#include <fmt/format.h>

#include <cmath>
#include <thread>

#include "support/error.h"

namespace bcdb::migrate {
namespace {

using Clock = std::chrono::steady_clock;

bool lagging(const dialect::ReplicaLag& lag, std::chrono::milliseconds max_lag) {
  return !lag.behind || *lag.behind > max_lag;
}

std::string seconds(std::chrono::milliseconds ms) { return fmt::format("{:g} s", static_cast<double>(ms.count()) / 1000); }

}  // namespace

ReplicaThrottle::ReplicaThrottle(const dialect::Dialect& dialect, dialect::Connection& primary,
                                 const std::vector<dialect::Url>& replicas, std::chrono::milliseconds max_lag,
                                 std::chrono::milliseconds poll)
    : max_lag_(max_lag), poll_(poll) {
  for (const auto& url : replicas) {
    std::unique_ptr<dialect::Connection> connection;
    try {
      connection = dialect.connect(url, dialect::Dialect::Access::read_only);
    } catch (const DatabaseError& e) {
      throw DatabaseError(std::string("--replica: ") + e.what());
    }
    replicas_.push_back({url.redacted(), dialect.replica_probe(primary, std::move(connection))});
  }
}

ReplicaThrottle::~ReplicaThrottle() = default;

std::chrono::milliseconds ReplicaThrottle::wait(const ReplicaWaitObserver& report) {
  const auto started = Clock::now();
  const Replica* waiting_for = nullptr;
  ReplicaWait w;
  w.max_lag = max_lag_;
  for (;;) {
    const Replica* behind = nullptr;
    for (auto& r : replicas_) {
      try {
        w.lag = r.probe->lag();
      } catch (const DatabaseError& e) {
        throw DatabaseError("replica " + r.name + " cannot be measured: " + e.what() +
                            "\nthe backfill stopped at its last checkpoint; run bcdb migrate again to resume from it");
      }
      if (lagging(w.lag, max_lag_)) {
        behind = &r;
        break;
      }
    }
    w.waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (!behind) {
      if (!waiting_for) return std::chrono::milliseconds(0);  // the probes themselves are no wait
      w.state = ReplicaWait::State::over;
      report(w);
      return w.waited;
    }
    w.state = behind == waiting_for ? ReplicaWait::State::waiting : ReplicaWait::State::started;
    w.replica = behind->name;
    waiting_for = behind;
    report(w);
    std::this_thread::sleep_for(poll_);
  }
}

std::string describe(const dialect::ReplicaLag& lag, std::chrono::milliseconds max_lag) {
  std::string text = "lag unknown";
  if (lag.behind) {
    // Rounded up, so that a lag just over the limit never reads as equal to it.
    double s = static_cast<double>(lag.behind->count()) / 1000;
    int digits = s < 10 ? 2 : 1;
    double scale = digits == 2 ? 100 : 10;
    text = fmt::format("lag {:.{}f} s", std::ceil(s * scale) / scale, digits);
  }
  if (lag.behind && *lag.behind > max_lag) text += " > " + seconds(max_lag);
  if (!lag.note.empty()) text += lag.behind ? " (" + lag.note + ")" : ": " + lag.note;
  return text;
}

}  // namespace bcdb::migrate
