#include <doctest/doctest.h>

#include "dialect/replica_samples.h"

using bcdb::dialect::PositionSamples;
using namespace std::chrono_literals;

TEST_CASE("a replica that has replayed where the primary's log ends is not behind") {
  PositionSamples s;
  auto t = PositionSamples::Clock::time_point{} + 1h;
  CHECK(s.bound(100, 100, t) == 0ms);
  CHECK(s.bound(500, 500, t + 10min) == 0ms);  // however long the primary sat idle
  CHECK(s.bound(500, 900, t + 11min) == 0ms);  // a replica may report more than the primary flushed
}

TEST_CASE("a replica behind is at most as far behind as the newest recorded position it has replayed") {
  PositionSamples s;
  auto t = PositionSamples::Clock::time_point{} + 1h;
  CHECK(s.bound(100, 100, t) == 0ms);
  CHECK(s.bound(200, 100, t + 300ms) == 300ms);   // reached the sample at t
  CHECK(s.bound(300, 100, t + 600ms) == 600ms);   // stuck: the bound grows
  CHECK(s.bound(400, 250, t + 900ms) == 600ms);   // past the sample at t + 300ms (200)
  CHECK(s.bound(500, 400, t + 1200ms) == 300ms);  // past t + 900ms (400)
}

TEST_CASE("before the replica reaches any recorded position there is no bound") {
  PositionSamples s;
  auto t = PositionSamples::Clock::time_point{} + 1h;
  CHECK_FALSE(s.bound(1000, 10, t).has_value());
  CHECK_FALSE(s.bound(2000, 999, t + 1s).has_value());
  CHECK(s.bound(3000, 1000, t + 2s) == 2000ms);
}

TEST_CASE("a long wait keeps a bounded number of samples, and the bound only grows coarser") {
  PositionSamples s;
  auto t = PositionSamples::Clock::time_point{} + 1h;
  CHECK(s.bound(10, 10, t) == 0ms);
  for (int i = 1; i <= 10'000; ++i) s.bound(10 + static_cast<unsigned>(i), 10, t + i * 250ms);
  auto last = t + 10'001 * 250ms;
  CHECK(s.bound(20'000, 10, last) == std::chrono::ceil<std::chrono::milliseconds>(last - t));
  // Dropped samples make the bound come from an older one, never a newer one.
  auto later = s.bound(20'001, 9'000, last + 250ms);
  REQUIRE(later.has_value());
  CHECK(*later >= std::chrono::ceil<std::chrono::milliseconds>(last + 250ms - (t + 8'990 * 250ms)));
}
