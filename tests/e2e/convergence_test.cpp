// The convergence property on SQLite (see tests/support/convergence.h): 4 x 100 pairs.
#include <doctest/doctest.h>

#include "convergence.h"
#include "sqlite_db.h"

using namespace bcdb::test;

namespace {

// /dev/shm keeps hundreds of small databases off the disk; the property is the same.
std::filesystem::path scratch() {
  return std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                   : std::filesystem::temp_directory_path();
}

class SqliteTarget final : public ConvergenceTarget {
 public:
  explicit SqliteTarget(const TempDir& dir) : file_(dir / "bcdb.db") {}
  std::string engine() const override { return "sqlite"; }
  void reset() override {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(file_.string() + suffix);
  }
  std::map<std::string, std::string> environment() const override {
    return {{"BCDB_DATABASE_URL", "sqlite:" + file_.string()}};
  }
  void insert(const std::vector<std::string>& statements) override {
    SqliteDb db(file_);
    for (const auto& s : statements) db.exec(s);
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) override { return SqliteDb(file_).rows(sql); }
  void check_after() override { CHECK(SqliteDb(file_).rows("PRAGMA foreign_key_check").empty()); }

 private:
  std::filesystem::path file_;
};

void run_cases(int offset) {
  TempDir dir(scratch());
  SqliteTarget target(dir);
  check_convergence(target, dir, offset, 100);
}

}  // namespace

TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }

// Pairs that once failed, kept as fixed cases.
TEST_CASE("convergence: tables that reference each other, one changing its key, rebuild key-first") {
  TempDir dir(scratch());
  SqliteTarget target(dir);
  // t1 and t2 reference each other; t2's key goes from (id, n2) to (id) while t1 gains a
  // foreign key to t2(id) in the same rebuild phase.
  check_pair(target, dir, 846641433);
}
