// The convergence property on PostgreSQL (see tests/support/convergence.h): 4 x 60 pairs.
#include <doctest/doctest.h>

#include "convergence.h"
#include "server_db.h"

using namespace bcdb::test;

namespace {

class PgTarget final : public ConvergenceTarget {
 public:
  std::string engine() const override { return "postgres"; }
  void reset() override { db_.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public"); }
  std::map<std::string, std::string> environment() const override { return {{"BCDB_DATABASE_URL", db_.url()}}; }
  void insert(const std::vector<std::string>& statements) override {
    // Rows reference tables inserted later; PostgreSQL checks keys at once, so triggers (and
    // with them foreign-key checks) are off while the generated rows go in.
    db_.exec("SET session_replication_role = replica");
    for (const auto& s : statements) db_.exec(s);
    db_.exec("RESET session_replication_role");
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) override { return db_.rows(sql); }
  void check_after() override { CHECK(db_.scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0"); }

 private:
  PgDatabase db_;
};

void run_cases(int offset) {
  TempDir dir;
  PgTarget target;
  check_convergence(target, dir, offset, 60);
}

}  // namespace

TEST_CASE("postgres convergence: random A -> B migrations end with no drift and no lost value (1/4)") { run_cases(0); }
TEST_CASE("postgres convergence: random A -> B migrations end with no drift and no lost value (2/4)") { run_cases(1); }
TEST_CASE("postgres convergence: random A -> B migrations end with no drift and no lost value (3/4)") { run_cases(2); }
TEST_CASE("postgres convergence: random A -> B migrations end with no drift and no lost value (4/4)") { run_cases(3); }
