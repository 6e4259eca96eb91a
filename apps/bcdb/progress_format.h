#pragma once
// How long-running work shows its progress, for every command that has some (seed, migrate's
// backfill): whether a bar is redrawn in place, and how counts and rates read.
#include <cstdint>
#include <string>

namespace bcdb::app {

class Context;

// A terminal on stdout, not CI (CI set and not "0" or "false"), not --quiet.
bool draws_bars(const Context& ctx);

// "1,234,567"
std::string grouped(std::uint64_t n);
std::string rate(std::uint64_t rows, double seconds);  // "312,400 rows/s"

}  // namespace bcdb::app
