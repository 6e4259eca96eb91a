#pragma once
// Deterministic randomness for the demo data. Integer arithmetic only: the same seed gives the
// same numbers with every compiler, standard library and CPU (std:: distributions and libm
// functions differ between platforms, so neither is used).
//
// Generation is counter based: the numbers of an entity (order 17, customer 3) come from
// (seed, stream, index) alone, so any entity can be made again without making the ones before
// it. That is what lets rows refer to each other (an order item's price is its product's)
// while the rows stream and memory stays flat.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace bcdb::seed {

// splitmix64's output function (Steele, Lea and Flood 2014): a bijection on 64-bit integers
// that mixes every input bit into every output bit.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A stream's name as a number (64-bit FNV-1a).
constexpr std::uint64_t stream_id(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

// A bijection on [0, 2^bits): distinct inputs give distinct outputs that look random, for
// keys that must be unique (tokens, references) without remembering the ones given out.
constexpr std::uint64_t scramble(std::uint64_t x, std::uint64_t key, int bits) {
  const std::uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
  const int half = bits / 2;
  for (int round = 0; round < 3; ++round) {
    x = (x * 0x9e3779b97f4a7c15ULL) & mask;  // odd multiplier: invertible modulo 2^bits
    x ^= x >> half;                          // invertible
    x = (x + (key ^ static_cast<std::uint64_t>(round) * 0xd6e8feb86659fd93ULL)) & mask;
  }
  return x;
}

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
      : state_(mix64(seed ^ mix64(stream + mix64(index + 0x632be59bd9b4e019ULL)))) {}

  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, n), n > 0; the modulo bias (below n / 2^64) is of no consequence here.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // True with probability percent / 100.
  bool percent(unsigned percent) { return below(100) < percent; }
  // In [0, n), skewed towards 0: P(result < k) = (k / n)^(1 / power). With power 3 a fifth of
  // the values gets 58% of the draws, the first hundredth 22% (popular products, loyal buyers).
  std::uint64_t skewed(std::uint64_t n, int power) {
    std::uint64_t u = next() >> 32;  // a fraction with 32 bits
    std::uint64_t p = u;
    for (int i = 1; i < power; ++i) p = (p * u) >> 32;
    return (p * n) >> 32;
  }
  // An index drawn with the given relative weights.
  std::size_t weighted(std::initializer_list<unsigned> weights) {
    unsigned total = 0;
    for (unsigned w : weights) total += w;
    auto r = static_cast<unsigned>(below(total));
    std::size_t i = 0;
    for (unsigned w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return i - 1;
  }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

}  // namespace bcdb::seed
