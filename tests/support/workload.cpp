#include "workload.h"

#include <chrono>

#include "dialect/dialect.h"
#include "dialect/url.h"

namespace bcdb::test {

Workload::Workload(std::string name, const std::string& url, std::function<std::vector<Statement>(long long)> round)
    : name_(std::move(name)), round_(std::move(round)) {
  dialect::Url parsed = dialect::Url::parse(url);
  connection_ = dialect::make_dialect(parsed.engine)->connect(parsed, dialect::Dialect::Access::read_write);
  // Waits for a migration step's lock as an application would, instead of failing at once.
  connection_->set_lock_timeout(20000);
}

Workload::~Workload() { stop(); }

void Workload::start() {
  running_ = true;
  thread_ = std::thread([this] { loop(); });
}

void Workload::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> Workload::errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return errors_;
}

void Workload::loop() {
  for (long long i = 0; running_; ++i) {
    for (const auto& s : round_(i)) {
      ++statements_;
      try {
        connection_->query(s.sql, s.params);
      } catch (const std::exception& e) {
        ++failures_;
        std::lock_guard<std::mutex> lock(mutex_);
        if (errors_.size() < 5) errors_.push_back(name_ + ": " + s.sql + ": " + e.what());
      }
    }
    ++rounds_;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace bcdb::test
