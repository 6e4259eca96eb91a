#include "dialect/replica_samples.h"

namespace bcdb::dialect {

std::optional<std::chrono::milliseconds> PositionSamples::bound(std::uint64_t primary, std::uint64_t replayed,
                                                                Clock::time_point now) {
  // A replica waited on for hours is probed four times a second: beyond this many samples the
  // oldest unreached ones go, which only makes the bound coarser (larger), never too small.
  constexpr std::size_t kMaxSamples = 4096;
  samples_.push_back({primary, now});
  if (samples_.size() > kMaxSamples) samples_.erase(samples_.begin() + 1);
  // The replica only moves forward: samples older than the newest one it reached never matter again.
  while (samples_.size() > 1 && samples_[1].position <= replayed) samples_.pop_front();
  if (samples_.front().position > replayed) return std::nullopt;
  return std::chrono::ceil<std::chrono::milliseconds>(now - samples_.front().at);
}

}  // namespace bcdb::dialect
