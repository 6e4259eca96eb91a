#pragma once
// A fresh PostgreSQL database per test on the test server (packaging/dbservers.sh), dropped
// when the test ends. The server is BCDB_TEST_PG_URL (default
// postgres://postgres@127.0.0.1:54321/postgres); tests fail loudly when it is unreachable.
#include <memory>
#include <string>
#include <vector>

namespace bcdb::dialect {
class Connection;
}

namespace bcdb::test {

std::string pg_server_url();  // the maintenance database

class PgDatabase {
 public:
  PgDatabase();
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string url() const;  // postgres://postgres@127.0.0.1:54321/<name>
  // The same, for a session that names itself (tests tell bcdb's sessions from their own).
  std::string url_as(const std::string& application_name) const;
  void exec(const std::string& sql);
  std::vector<std::vector<std::string>> rows(const std::string& sql);  // "NULL" for NULL
  std::string scalar(const std::string& sql);
  dialect::Connection& connection();

 private:
  std::string name_;
  std::unique_ptr<dialect::Connection> connection_;
};

}  // namespace bcdb::test
