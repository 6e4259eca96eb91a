#pragma once
// Running the real bcdb binary from tests, in a temporary folder of its own.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace bcdb::test {

struct RunResult {
  int exit_code = -1;  // when the process exited
  int signal = 0;      // when a signal ended it
  bool timed_out = false;  // run_bcdb_within() killed it
  std::string out;
  std::string err;
};

// Runs `program` with `args` in `cwd`; `env` entries are added to (or, with an empty value,
// removed from) the inherited environment. Output is collected through files, so the child
// never blocks on a full pipe.
RunResult run(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
              const std::map<std::string, std::string>& env = {});

// The bcdb built next to the tests.
const std::string& bcdb_binary();
RunResult run_bcdb(const std::vector<std::string>& args, const std::filesystem::path& cwd,
               const std::map<std::string, std::string>& env = {});
// As run_bcdb(), but a process still running after `timeout` is killed (SIGKILL) and marked
// timed_out, so that a hang fails the test instead of stalling it.
RunResult run_bcdb_within(std::chrono::milliseconds timeout, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd, const std::map<std::string, std::string>& env = {});

// A process started without waiting, for tests with concurrent runs.
class Spawned {
 public:
  Spawned(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
          const std::map<std::string, std::string>& env = {});
  ~Spawned();
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  RunResult wait();
  // Whether it has not exited yet (never blocks).
  bool running();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_, err_;
  bool waited_ = false;
  bool exited_ = false;  // reaped by running(); its status is in status_
  int status_ = 0;
};

// A fresh folder under /tmp, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir();
  explicit TempDir(const std::filesystem::path& base);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

// The repository's source folder (for manifests/, schemas/, completions/).
std::filesystem::path source_dir();

// Whether a command's output holds `part`.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace bcdb::test
