#pragma once
// Direct access to a SQLite file from tests, independent of bcdb's own connection code.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace bcdb::test {

class SqliteDb {
 public:
  explicit SqliteDb(const std::filesystem::path& file);
  void exec(const std::string& sql);
  // Every row, every value as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql);
  std::string scalar(const std::string& sql);
  long long count(const std::string& table) { return std::stoll(scalar("SELECT count(*) FROM \"" + table + "\"")); }

 private:
  struct Close {
    void operator()(sqlite3* db) const noexcept;
  };
  std::unique_ptr<sqlite3, Close> db_;
};

}  // namespace bcdb::test
