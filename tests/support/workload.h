#pragma once
// One application version's traffic, for blue/green tests: a thread on its own connection (the
// engine's real client, through bcdb's dialect layer) running a loop of single-row statements
// that name that version's columns and tables, counting every statement that fails.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dialect/connection.h"

namespace bcdb::test {

struct Statement {
  std::string sql;
  std::vector<dialect::Value> params;
};

class Workload {
 public:
  // `round(i)` gives the statements of the i-th round (i = 0, 1, ...), run in order, each in
  // its own autocommit transaction.
  Workload(std::string name, const std::string& url, std::function<std::vector<Statement>(long long)> round);
  ~Workload();
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  void start();
  void stop();  // waits for the round under way to end
  long long rounds() const { return rounds_; }
  long long statements() const { return statements_; }
  long long failures() const { return failures_; }
  std::vector<std::string> errors() const;  // the first few, with their statements

 private:
  void loop();

  std::string name_;
  std::unique_ptr<dialect::Connection> connection_;
  std::function<std::vector<Statement>(long long)> round_;
  std::atomic<bool> running_{false};
  std::atomic<long long> rounds_{0}, statements_{0}, failures_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> errors_;
  std::thread thread_;
};

}  // namespace bcdb::test
