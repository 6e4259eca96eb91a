#pragma once
// An upper bound on a replica's lag from the primary's own log positions (a PostgreSQL LSN, a
// binlog file and offset), independent of the two servers' clocks and of how long the primary
// sat idle: every probe records where the primary's log ended and when; once the replica has
// replayed up to a recorded position, all the primary had written by then is on the replica,
// so it is at most (now - that time) behind. Engine-neutral: positions only grow.
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace bcdb::dialect {

class PositionSamples {
 public:
  using Clock = std::chrono::steady_clock;

  // Records that the primary's log ends at `primary` now; the bound for a replica that has
  // replayed up to `replayed`, or none while it has not reached any recorded position yet.
  std::optional<std::chrono::milliseconds> bound(std::uint64_t primary, std::uint64_t replayed,
                                                 Clock::time_point now = Clock::now());

 private:
  struct Sample {
    std::uint64_t position;
    Clock::time_point at;
  };
  std::deque<Sample> samples_;  // oldest first; the front is the newest one the replica reached
};

}  // namespace bcdb::dialect
