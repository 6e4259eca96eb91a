#include "dialect/mysql/lock.h"

#include "dialect/lock_poll.h"

namespace bcdb::dialect::mysql {
namespace {

class NamedLock final : public MigrationLock {
 public:
  NamedLock(Connection& c, std::string name) : c_(c), name_(std::move(name)) {}
  ~NamedLock() override {
    try {
      c_.query("SELECT RELEASE_LOCK(?)", {name_});
    } catch (const std::exception&) {
      // The connection is gone, and the lock with it.
    }
  }
  NamedLock(const NamedLock&) = delete;
  NamedLock& operator=(const NamedLock&) = delete;

 private:
  Connection& c_;
  std::string name_;
};

}  // namespace

std::unique_ptr<MigrationLock> named_lock(Connection& connection, const std::string& database,
                                          std::chrono::milliseconds wait) {
  // Lock names are server-wide and at most 64 characters.
  std::string name = ("bcdb_migrate." + database).substr(0, 64);
  poll_for_lock(
      wait, [&] { return connection.query("SELECT GET_LOCK(?, 0)", {name}).rows.at(0).at(0) == Value("1"); },
      connection.url().redacted() + " (GET_LOCK '" + name + "')");
  return std::make_unique<NamedLock>(connection, name);
}

}  // namespace bcdb::dialect::mysql
