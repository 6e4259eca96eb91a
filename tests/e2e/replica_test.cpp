// migrate --replica and --max-lag as options: what is refused before anything is read. The
// replicas themselves are tested against real ones in tests/pg/ and tests/my/ (replica_checks.cpp).
#include <doctest/doctest.h>

#include "project.h"
#include "support/strings.h"

using namespace bcdb::test;

TEST_CASE("--replica is refused on SQLite, on another engine than the database's, and --max-lag needs it") {
  Project p;
  p.manifests("[tables.t]\nprimary_key = [\"id\"]\ncolumns = [ { name = \"id\", type = \"int64\" } ]\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"migrate", "--replica", "sqlite:copy.db"}, "--replica: sqlite:bcdb.db is a sqlite database, which has no replicas"},
      {{"--db", "postgres://u:s3cret-pw@127.0.0.1:1/db", "migrate", "--replica", "mysql://u:s3cret-pw@127.0.0.1:1/db"},
       "--replica mysql://u:***@127.0.0.1:1/db is a mysql database, and postgres://u:***@127.0.0.1:1/db is postgres"},
      {{"--db", "mysql://u@127.0.0.1:1/db", "migrate", "--replica", "mysql://u@127.0.0.1:2/db", "--replica",
        "postgres://u:s3cret-pw@127.0.0.1:1/db"},
       "--replica postgres://u:***@127.0.0.1:1/db is a postgres database"},
      {{"--db", "postgres://u@127.0.0.1:1/db", "migrate", "--replica", "postgres://u:s3cret-pw@[::1"}, "--replica: "},
      {{"migrate", "--max-lag", "2s"}, "--max-lag needs --replica"},
      {{"--db", "postgres://u@127.0.0.1:1/db", "migrate", "--replica", "postgres://u@127.0.0.1:2/db", "--max-lag", "0"},
       "--max-lag must be from 1ms to 1h"},
      {{"--db", "postgres://u@127.0.0.1:1/db", "migrate", "--replica", "postgres://u@127.0.0.1:2/db", "--max-lag", "soon"},
       "--max-lag takes a duration"},
  };
  for (const auto& [args, message] : refused) {
    auto r = p.bcdb(args);
    INFO(bcdb::str::join(args, " "));
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, message), r.err);
    CHECK_FALSE(contains(r.out + r.err, "s3cret-pw"));
  }
  CHECK_FALSE(std::filesystem::exists(p.db_path()));
}
