#pragma once
// A throw-away bcdb project: a folder with manifests/ and bcdb.db, and the binary run in it.
#include <string>
#include <vector>

#include "process.h"
#include "sqlite_db.h"

namespace bcdb::test {

// Everything a user would call a SQLite database's content: schema SQL and every row of every
// table, in a stable order ("(no database)" when the file does not exist).
std::string sqlite_snapshot(const std::filesystem::path& file);

class Project {
 public:
  Project();
  explicit Project(const std::filesystem::path& base);  // in another folder than /tmp
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path db_path() const { return dir_ / "bcdb.db"; }

  // Replaces manifests/ with one file holding `toml`.
  void manifests(const std::string& toml);
  // Replaces manifests/ with a copy of the repository's manifests/<vertical>.
  void vertical(const std::string& name);

  RunResult bcdb(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) const;
  SqliteDb db() const { return SqliteDb(db_path()); }

  // Everything a user would call the database's content: schema SQL and every row of every
  // table, in a stable order, so "untouched" can be checked with ==.
  std::string snapshot() const { return sqlite_snapshot(db_path()); }

 private:
  TempDir dir_;
};

}  // namespace bcdb::test
