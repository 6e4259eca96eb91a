#pragma once
#include <memory>
#include <string>

#include "dialect/connection.h"

namespace bcdb::dialect::mysql {

// Which server answered: the two differ in instant DDL coverage, CHECK and default-expression
// syntax and the JSON type, so the planner asks.
struct Server {
  enum class Flavour { mariadb, mysql };
  Flavour flavour = Flavour::mariadb;
  int major = 0, minor = 0, patch = 0;
  std::string version;  // as VERSION() reports it
  // The connection's database defaults: what a table gets when it names no charset/collation.
  std::string database_charset, database_collation;
  std::string binlog_format;  // ROW, MIXED or STATEMENT (which READ COMMITTED cannot log)

  bool mariadb() const { return flavour == Flavour::mariadb; }
  bool at_least(int ma, int mi, int pa = 0) const {
    return major != ma ? major > ma : minor != mi ? minor > mi : patch >= pa;
  }
  static Server parse(const std::string& version);  // "10.11.6-MariaDB-0+deb12u1", "8.0.36"
};

// One mysqlcppconn connection in autocommit mode; BEGIN/COMMIT are sent as SQL. The session
// is strict (no silent truncation), UTC and utf8mb4.
// The statement that bounds how long a statement waits for a lock (Dialect::lock_timeout_sql).
std::string lock_timeout_statement(int milliseconds);

class MyConnection final : public Connection {
 public:
  explicit MyConnection(const Url& url);
  ~MyConnection() override;

  void execute(const std::string& sql) override;
  Result query(const std::string& sql, const std::vector<Value>& params = {}) override;
  std::optional<std::string> prepare_error(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override { return in_transaction_; }
  void set_lock_timeout(int milliseconds) override;
  std::string server_version() override { return server_.version; }
  const Url& url() const override { return url_; }

  const Server& server() const { return server_; }
  const std::string& database() const { return database_; }

 private:
  struct State;
  Url url_;
  std::unique_ptr<State> state_;
  Server server_;
  std::string database_;
  bool in_transaction_ = false;
};

}  // namespace bcdb::dialect::mysql
