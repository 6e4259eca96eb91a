#pragma once
// One ConvergenceTarget (convergence.h) per engine, shared by the property tests that run
// against every engine: the convergence property and the reliability (crash) suite.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "convergence.h"
#include "server_db.h"

namespace bcdb::test {

// /dev/shm when there is one: it keeps hundreds of small SQLite databases off the disk.
std::filesystem::path scratch_dir();

// The SQLite file bcdb.db in `dir`.
class SqliteTarget final : public ConvergenceTarget {
 public:
  explicit SqliteTarget(const TempDir& dir) : file_(dir / "bcdb.db") {}
  std::string engine() const override { return "sqlite"; }
  void reset() override;
  std::map<std::string, std::string> environment() const override;
  void insert(const std::vector<std::string>& statements) override;
  void execute(const std::string& statement) override;
  std::vector<std::vector<std::string>> rows(const std::string& sql) override;
  void check_after() override;  // no row breaks a foreign key

 private:
  std::filesystem::path file_;
};

// A fresh database on the PostgreSQL test server.
class PgTarget final : public ConvergenceTarget {
 public:
  std::string engine() const override { return "postgres"; }
  void reset() override;
  std::map<std::string, std::string> environment() const override { return {{"BCDB_DATABASE_URL", db_.url()}}; }
  void insert(const std::vector<std::string>& statements) override;
  void execute(const std::string& statement) override;
  std::vector<std::vector<std::string>> rows(const std::string& sql) override { return db_.rows(sql); }
  void check_after() override;  // no INVALID index is left behind

 private:
  PgDatabase db_;
};

// A fresh database on the MariaDB test server; its session quotes names the standard way.
class MyTarget final : public ConvergenceTarget {
 public:
  MyTarget();
  std::string engine() const override { return "mysql"; }
  void reset() override;
  std::map<std::string, std::string> environment() const override { return {{"BCDB_DATABASE_URL", db_.url()}}; }
  void insert(const std::vector<std::string>& statements) override;
  void execute(const std::string& statement) override;
  std::vector<std::vector<std::string>> rows(const std::string& sql) override { return db_.rows(sql); }

 private:
  MyDatabase db_;
};

}  // namespace bcdb::test
