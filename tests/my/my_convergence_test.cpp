// The convergence property on MariaDB (see tests/support/convergence.h): 4 x 50 pairs.
#include <doctest/doctest.h>

#include "convergence.h"
#include "server_db.h"

using namespace bcdb::test;

namespace {

class MyTarget final : public ConvergenceTarget {
 public:
  // The generated statements quote names the standard way.
  MyTarget() { db_.exec("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')"); }
  std::string engine() const override { return "mysql"; }
  void reset() override {
    db_.exec("SET SESSION foreign_key_checks = 0");
    for (const auto& row : db_.rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
      db_.exec("DROP TABLE \"" + row[0] + "\"");
    db_.exec("SET SESSION foreign_key_checks = 1");
  }
  std::map<std::string, std::string> environment() const override { return {{"BCDB_DATABASE_URL", db_.url()}}; }
  void insert(const std::vector<std::string>& statements) override {
    // Rows reference tables inserted later.
    db_.exec("SET SESSION foreign_key_checks = 0");
    for (const auto& s : statements) db_.exec(s);
    db_.exec("SET SESSION foreign_key_checks = 1");
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) override { return db_.rows(sql); }

 private:
  MyDatabase db_;
};

void run_cases(int offset) {
  TempDir dir;
  MyTarget target;
  check_convergence(target, dir, offset, 50);
}

}  // namespace

TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("mysql convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }
