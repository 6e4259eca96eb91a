#pragma once
// A fresh database per test on a test server (packaging/dbservers.sh), dropped when the test
// ends. Tests fail loudly when the server is unreachable.
//   PostgreSQL: BCDB_TEST_PG_URL (default postgres://postgres@127.0.0.1:54321/postgres)
//   MariaDB:    BCDB_TEST_MY_URL (default mysql://bcdb:bcdb@127.0.0.1:33061/bcdb_test)
#include <memory>
#include <string>
#include <vector>

namespace bcdb::dialect {
class Connection;
}

namespace bcdb::test {

std::string pg_server_url();  // the maintenance database
std::string my_server_url();
// `server` (a URL) naming `database` instead of its own.
std::string with_database(const std::string& server, const std::string& database);
// A session of its own on the server `url` names (a test's other connections: a blocker, an admin).
std::unique_ptr<dialect::Connection> open_session(const std::string& url);

class ServerDatabase {
 public:
  enum class Engine { postgres, mysql };
  explicit ServerDatabase(Engine engine);
  // On the server `server_url` (a URL with any database), named `prefix` and a unique suffix.
  ServerDatabase(Engine engine, std::string server_url, const std::string& prefix);
  ~ServerDatabase();
  ServerDatabase(const ServerDatabase&) = delete;
  ServerDatabase& operator=(const ServerDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string url() const;  // the server URL with this database
  void exec(const std::string& sql);
  std::vector<std::vector<std::string>> rows(const std::string& sql);  // "NULL" for NULL
  std::string scalar(const std::string& sql);
  dialect::Connection& connection();

 protected:
  Engine engine_;
  std::string server_url_;
  std::string name_;
  std::unique_ptr<dialect::Connection> connection_;
};

class PgDatabase : public ServerDatabase {
 public:
  PgDatabase() : ServerDatabase(Engine::postgres) {}
  // The URL for a session that names itself (tests tell bcdb's sessions from their own).
  std::string url_as(const std::string& application_name) const;
};

class MyDatabase : public ServerDatabase {
 public:
  MyDatabase() : ServerDatabase(Engine::mysql) {}
};

}  // namespace bcdb::test
