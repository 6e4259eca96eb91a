#include "targets.h"

#include <doctest/doctest.h>

#include "sqlite_db.h"

namespace bcdb::test {

std::filesystem::path scratch_dir() {
  return std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                   : std::filesystem::temp_directory_path();
}

void SqliteTarget::reset() {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(file_.string() + suffix);
}

std::map<std::string, std::string> SqliteTarget::environment() const {
  return {{"BCDB_DATABASE_URL", "sqlite:" + file_.string()}};
}

void SqliteTarget::insert(const std::vector<std::string>& statements) {
  SqliteDb db(file_);
  for (const auto& s : statements) db.exec(s);
}

void SqliteTarget::execute(const std::string& statement) { SqliteDb(file_).exec(statement); }

std::vector<std::vector<std::string>> SqliteTarget::rows(const std::string& sql) { return SqliteDb(file_).rows(sql); }

void SqliteTarget::check_after() { CHECK(SqliteDb(file_).rows("PRAGMA foreign_key_check").empty()); }

void PgTarget::reset() { db_.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public"); }

void PgTarget::insert(const std::vector<std::string>& statements) {
  // Rows may reference tables inserted later; PostgreSQL checks keys at once, so triggers (and
  // with them foreign-key checks) are off while the rows go in.
  db_.exec("SET session_replication_role = replica");
  for (const auto& s : statements) db_.exec(s);
  db_.exec("RESET session_replication_role");
}

void PgTarget::execute(const std::string& statement) { db_.exec(statement); }

void PgTarget::check_after() { CHECK(db_.scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0"); }

MyTarget::MyTarget() { db_.exec("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')"); }

void MyTarget::reset() {
  db_.exec("SET SESSION foreign_key_checks = 0");
  for (const auto& row : db_.rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
    db_.exec("DROP TABLE \"" + row[0] + "\"");
  db_.exec("SET SESSION foreign_key_checks = 1");
}

void MyTarget::insert(const std::vector<std::string>& statements) {
  // Rows may reference tables inserted later.
  db_.exec("SET SESSION foreign_key_checks = 0");
  for (const auto& s : statements) db_.exec(s);
  db_.exec("SET SESSION foreign_key_checks = 1");
}

void MyTarget::execute(const std::string& statement) { db_.exec(statement); }

}  // namespace bcdb::test
