#include "process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace bcdb::test {
namespace {

std::vector<std::string> environment_with(const std::map<std::string, std::string>& changes) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (!changes.count(name)) out.push_back(entry);
  }
  for (const auto& [name, value] : changes)
    if (!value.empty()) out.push_back(name + "=" + value);
  return out;
}

std::filesystem::path temp_file(const char* tag) {
  std::string pattern = (std::filesystem::temp_directory_path() / (std::string("bcdb-test-") + tag + "-XXXXXX")).string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return pattern;
}

pid_t start(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
            const std::map<std::string, std::string>& env, const std::filesystem::path& out,
            const std::filesystem::path& err) {
  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<std::string> env_storage = environment_with(env);
  std::vector<char*> argv, envp;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int o = open(out.c_str(), O_WRONLY | O_TRUNC);
    int e = open(err.c_str(), O_WRONLY | O_TRUNC);
    int n = open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || n < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 || dup2(n, 0) < 0) _exit(126);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    execve(program.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

RunResult collected(int status, const std::filesystem::path& out, const std::filesystem::path& err) {
  RunResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

RunResult collect(pid_t pid, const std::filesystem::path& out, const std::filesystem::path& err) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return collected(status, out, err);
}

// Tests never pick up a database URL from the developer's environment.
std::map<std::string, std::string> bcdb_environment(const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> clean = {{"BCDB_DATABASE_URL", ""}, {"DATABASE_URL", ""}, {"NO_COLOR", "1"}};
  for (const auto& [k, v] : env) clean[k] = v;
  return clean;
}

}  // namespace

RunResult run(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
              const std::map<std::string, std::string>& env) {
  auto out = temp_file("out"), err = temp_file("err");
  return collect(start(program, args, cwd, env, out, err), out, err);
}

const std::string& bcdb_binary() {
  static const std::string path = BCDB_BINARY;
  return path;
}

RunResult run_bcdb(const std::vector<std::string>& args, const std::filesystem::path& cwd,
               const std::map<std::string, std::string>& env) {
  return run(bcdb_binary(), args, cwd, bcdb_environment(env));
}

RunResult run_bcdb_within(std::chrono::milliseconds timeout, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd, const std::map<std::string, std::string>& env) {
  auto out = temp_file("out"), err = temp_file("err");
  pid_t pid = start(bcdb_binary(), args, cwd, bcdb_environment(env), out, err);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(100);
  int status = 0;
  bool timed_out = false;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (!timed_out && std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      timed_out = true;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
  RunResult r = collected(status, out, err);
  r.timed_out = timed_out;
  return r;
}

Spawned::Spawned(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env)
    : out_(temp_file("out")), err_(temp_file("err")) {
  pid_ = start(program, args, cwd, env, out_, err_);
}

Spawned::~Spawned() {
  if (waited_ || pid_ <= 0) return;
  if (exited_) {
    collected(status_, out_, err_);
    return;
  }
  kill(pid_, SIGKILL);
  collect(pid_, out_, err_);
}

RunResult Spawned::wait() {
  waited_ = true;
  return exited_ ? collected(status_, out_, err_) : collect(pid_, out_, err_);
}

bool Spawned::running() {
  if (!exited_ && !waited_) exited_ = waitpid(pid_, &status_, WNOHANG) == pid_;
  return !exited_ && !waited_;
}

TempDir::TempDir() : TempDir(std::filesystem::temp_directory_path()) {}

TempDir::TempDir(const std::filesystem::path& base) {
  std::string pattern = (base / "bcdb-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path source_dir() { return BCDB_SOURCE_DIR; }

}  // namespace bcdb::test
