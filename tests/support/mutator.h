#pragma once
// A seeded mutation fuzzer's mutator: from a seed, 1..k edits of a text (bytes, lines, tokens,
// values, "interesting" tokens). Its own PRNG (splitmix64) and no std:: distributions, so a seed
// gives the same mutated text on every platform and standard library.
#include <cstdint>
#include <string>
#include <vector>

namespace bcdb::test {

// splitmix64 (Steele, Lea, Flood 2014): the same 64-bit sequence everywhere.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::uint64_t below(std::uint64_t n);  // [0, n); 0 when n is 0
  bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

// A well-mixed seed for a sub-stream of `seed` (so that the choices of a case and the edits of
// its mutator do not share a sequence).
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

struct MutatorOptions {
  int max_mutations = 4;                 // 1..max_mutations edits, fewer more likely
  std::vector<std::string> extra_tokens; // target-specific tokens, spliced like the built-in ones
  // Only edits that keep bytes and lines whole (values, tokens, lines, strings' words): more of
  // the mutated inputs get past the parser to the checks behind it.
  bool structured = false;
};

struct Mutated {
  std::string text;
  std::vector<std::string> log;  // one line per edit, e.g. "delete line 12"
};

// The tokens spliced into texts: SQL, TOML and JSON punctuation, quotes and escapes, ${env:,
// NUL, 0xFF, invalid UTF-8, a 300-character name, an emoji, huge and negative integers, ...
const std::vector<std::string>& interesting_tokens();

// Applies 1..options.max_mutations edits to `text`, chosen by `seed` alone.
Mutated mutate(const std::string& text, std::uint64_t seed, const MutatorOptions& options = {});

// The text with non-printable bytes as \xNN (newlines and tabs kept), for failure messages.
std::string printable(const std::string& text);

// The lines of `mutated` that differ from `original`, as "-"/"+" lines with line numbers
// (a cheap diff: common prefix and suffix of lines are left out).
std::string changed_lines(const std::string& original, const std::string& mutated);

}  // namespace bcdb::test
