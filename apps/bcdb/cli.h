#pragma once
#include <iosfwd>

namespace bcdb::app {

// Parses argv, runs the subcommand and returns the process exit code (DESIGN.md's table:
// usage errors are 2, not CLI11's own codes).
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace bcdb::app
