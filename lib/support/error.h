#pragma once
// Error policy of lib/: failures are exceptions derived from bcdb::Error, each carrying
// the process exit code it maps to (DESIGN.md, "Commands and exit codes"). Findings that
// a command reports in bulk (manifest diagnostics, differences, plan steps) are values.
#include <stdexcept>
#include <string>

namespace bcdb {

enum class ExitCode : int {
  ok = 0,
  different = 1,   // drift, pending changes, failed verification
  bad_input = 2,   // usage, manifest or configuration error
  database = 3,    // cannot connect, statement failed, lock not obtained in time
  refused = 4,     // the plan holds steps the given flags do not allow
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::bad_input, m) {}
};
struct ConfigError : Error {
  explicit ConfigError(const std::string& m) : Error(ExitCode::bad_input, m) {}
};
struct DatabaseError : Error {
  explicit DatabaseError(const std::string& m) : Error(ExitCode::database, m) {}
};
// A lock (migration lock, or a table lock behind lock_timeout) was not obtained in time.
struct LockTimeout : DatabaseError {
  explicit LockTimeout(const std::string& m) : DatabaseError(m) {}
};
struct RefusedError : Error {
  explicit RefusedError(const std::string& m) : Error(ExitCode::refused, m) {}
};

}  // namespace bcdb
