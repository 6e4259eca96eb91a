#pragma once
// Replicas of the test servers, for the tests of migrate --replica: packaging/dbservers.sh
// starts one for a test (postgres-replica, mariadb-replica) and stops it, its data removed, when
// the test ends.
#include <map>
#include <string>

namespace bcdb::test {

class TestReplica {
 public:
  enum class Engine { postgres, mysql };
  explicit TestReplica(Engine engine);
  ~TestReplica();
  TestReplica(const TestReplica&) = delete;
  TestReplica& operator=(const TestReplica&) = delete;

  Engine engine() const { return engine_; }
  // The server the replica follows (a URL naming its maintenance database): the engine's test
  // server, or for MariaDB a private one beside it when the test server runs without a binary
  // log (an older dbservers.sh started it, and restarting it would disturb other tests).
  const std::string& primary_url() const { return primary_url_; }
  // The replica's URL for `database`.
  std::string url(const std::string& database) const;
  // Stops the replica now (as the destructor would).
  void stop() const;

 private:
  void script(const std::string& action, const std::string& which) const;
  Engine engine_;
  std::map<std::string, std::string> env_;  // dbservers.sh's settings: the primary's root and ports
  std::string primary_url_, replica_url_;
  std::string private_root_;                // where the private MariaDB primary lives, if any
};

}  // namespace bcdb::test
