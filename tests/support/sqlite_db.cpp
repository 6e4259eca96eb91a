#include "sqlite_db.h"

#include <sqlite3.h>

#include <stdexcept>

namespace bcdb::test {

void SqliteDb::Close::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

SqliteDb::SqliteDb(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open(file.c_str(), &raw);
  db_.reset(raw);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + file.string());
  sqlite3_busy_timeout(raw, 10000);
}

void SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + error + " in: " + sql);
  }
}

std::vector<std::vector<std::string>> SqliteDb::rows(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_.get()) + " in: " + sql);
  std::vector<std::vector<std::string>> out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt, i);
      row.emplace_back(sqlite3_column_type(stmt, i) == SQLITE_NULL ? "NULL" : reinterpret_cast<const char*>(text));
    }
    out.push_back(std::move(row));
  }
  std::string error = sqlite3_errmsg(db_.get());
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw std::runtime_error("sqlite: " + error + " in: " + sql);
  return out;
}

std::string SqliteDb::scalar(const std::string& sql) {
  auto r = rows(sql);
  if (r.empty() || r[0].empty()) throw std::runtime_error("no value from: " + sql);
  return r[0][0];
}

}  // namespace bcdb::test
