#pragma once
// migrate --replica (DESIGN.md, "Replica-aware backfill"): before each batch the backfill waits
// while any replica lags more than --max-lag, so that the replicas' readers never see data
// older than that because of bcdb.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dialect/dialect.h"

namespace bcdb::migrate {

// One report of a wait, for the progress display.
struct ReplicaWait {
  enum class State { started, waiting, over };  // over: no replica lags any more
  State state = State::started;
  std::string replica;  // the replica waited for, its URL redacted
  dialect::ReplicaLag lag;
  std::chrono::milliseconds max_lag{0};
  std::chrono::milliseconds waited{0};  // in this wait, so far
};
using ReplicaWaitObserver = std::function<void(const ReplicaWait&)>;

class ReplicaThrottle {
 public:
  // Connects to every replica and checks that it replicates `primary` (the connection migrate
  // runs on, which the throttle then also queries between batches): DatabaseError (exit 3)
  // when one cannot be reached, ConfigError when one is not a replica of it; URLs redacted.
  ReplicaThrottle(const dialect::Dialect& dialect, dialect::Connection& primary,
                  const std::vector<dialect::Url>& replicas, std::chrono::milliseconds max_lag,
                  std::chrono::milliseconds poll = std::chrono::milliseconds(250));
  ~ReplicaThrottle();
  ReplicaThrottle(const ReplicaThrottle&) = delete;
  ReplicaThrottle& operator=(const ReplicaThrottle&) = delete;

  // Returns once no replica lags more than max_lag, polling every `poll` until then; how long
  // it waited. A replica that cannot be measured any more is a DatabaseError.
  std::chrono::milliseconds wait(const ReplicaWaitObserver& report);

 private:
  struct Replica {
    std::string name;  // redacted URL
    std::unique_ptr<dialect::ReplicaProbe> probe;
  };
  std::vector<Replica> replicas_;
  std::chrono::milliseconds max_lag_;
  std::chrono::milliseconds poll_;
};

// "lag 3.2 s > 1 s (replay is paused)", "lag unknown: its SQL thread is stopped".
std::string describe(const dialect::ReplicaLag& lag, std::chrono::milliseconds max_lag);

}  // namespace bcdb::migrate
