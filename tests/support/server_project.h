#pragma once
// A project folder whose database is a fresh database on a test server (server_db.h): the
// end-to-end tests of the server engines write manifests into it and run bcdb against it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "process.h"
#include "server_db.h"

namespace bcdb::test {

template <typename Database>
class ServerProject {
 public:
  void manifests(const std::string& toml) {
    std::filesystem::remove_all(dir_ / "manifests");
    write_file(dir_ / "manifests" / "schema.toml", toml);
  }
  // bcdb in the project folder, on the project's database unless the arguments name another.
  RunResult bcdb(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    env.emplace("BCDB_DATABASE_URL", db_.url());
    return run_bcdb(args, dir_.path(), env);
  }
  Database& db() { return db_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  Database db_;
};

using PgProject = ServerProject<PgDatabase>;
using MyProject = ServerProject<MyDatabase>;

}  // namespace bcdb::test
