#include "progress_format.h"

#include <unistd.h>

#include <cstdlib>

#include "context.h"

namespace bcdb::app {
namespace {

bool in_ci() {
  const char* v = std::getenv("CI");
  return v && *v && std::string(v) != "0" && std::string(v) != "false";
}

}  // namespace

bool draws_bars(const Context& ctx) { return isatty(STDOUT_FILENO) && !in_ci() && !ctx.quiet(); }

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string rate(std::uint64_t rows, double seconds) {
  return seconds > 0 ? grouped(static_cast<std::uint64_t>(static_cast<double>(rows) / seconds)) + " rows/s" : "";
}

}  // namespace bcdb::app
