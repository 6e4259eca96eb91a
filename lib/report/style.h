#pragma once
#include <string>
#include <string_view>

#include "plan/step.h"

namespace bcdb::report {

// ANSI styling for people on a terminal; plain text otherwise (pipes, NO_COLOR, --no-color).
struct Style {
  bool color = false;

  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string cyan(std::string_view s) const { return wrap("36", s); }
  // The safety class, padded to a column and coloured by how much care it needs.
  std::string safety(plan::Safety s) const;

 private:
  std::string wrap(const char* code, std::string_view s) const {
    return color ? "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m" : std::string(s);
  }
};

}  // namespace bcdb::report
