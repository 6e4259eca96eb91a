#include "dialect/postgres/lock.h"

#include "dialect/lock_poll.h"

namespace bcdb::dialect::postgres {
namespace {

// "bcdbmigr" as a 64-bit key: one lock per database for every bcdb migrate.
constexpr const char* kKey = "7017003061839718770";

class AdvisoryLock final : public MigrationLock {
 public:
  explicit AdvisoryLock(Connection& c) : c_(c) {}
  ~AdvisoryLock() override {
    try {
      c_.query(std::string("SELECT pg_advisory_unlock(") + kKey + ")");
    } catch (const std::exception&) {
      // The connection is gone, and the lock with it.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<MigrationLock> advisory_lock(Connection& connection, std::chrono::milliseconds wait) {
  poll_for_lock(
      wait,
      [&] {
        return connection.query(std::string("SELECT pg_try_advisory_lock(") + kKey + ")").rows.at(0).at(0) ==
               std::optional<std::string>("t");
      },
      connection.url().redacted() + " (advisory lock " + kKey + ")");
  return std::make_unique<AdvisoryLock>(connection);
}

}  // namespace bcdb::dialect::postgres
