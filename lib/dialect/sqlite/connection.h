#pragma once
#include <memory>
#include <string>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "dialect/sqlite/location.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bcdb::dialect::sqlite {

// How long a statement waits for another connection's write lock (the busy timeout).
std::string lock_timeout_statement(int milliseconds);

class SqliteConnection final : public Connection {
 public:
  // Opens the URL's database as Dialect::Access says: a missing file is created (read_write),
  // an error (read_only), or read as an empty in-memory database (preview).
  SqliteConnection(const Url& url, Dialect::Access access);

  void execute(const std::string& sql) override;
  Result query(const std::string& sql, const std::vector<Value>& params = {}) override;
  std::optional<std::string> prepare_error(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override { return in_transaction_; }
  void set_lock_timeout(int milliseconds) override;
  std::string server_version() override;
  const Url& url() const override { return url_; }

  // The database file as the URL names it, or empty for in-memory databases.
  const std::string& path() const { return path_; }
  // Where the URL points (the file's identity, read-only or not).
  const Location& location() const { return location_; }
  // The sqlite3 handle, for the bulk writer's prepared statement (sqlite/bulk_writer.cpp).
  sqlite3* handle() const { return db_.get(); }

 private:
  [[noreturn]] void fail(const std::string& sql, int code) const;
  struct Finalize {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  using Prepared = std::unique_ptr<sqlite3_stmt, Finalize>;
  Prepared prepare_one(const std::string& sql) const;
  // prepare_one, with SQLite's result code instead of an exception when the statement fails.
  int try_prepare_one(const std::string& sql, Prepared& out) const;

  struct Close {
    void operator()(sqlite3* db) const noexcept;
  };
  Url url_;
  Location location_;
  std::string path_;
  std::unique_ptr<sqlite3, Close> db_;
  bool in_transaction_ = false;
};

}  // namespace bcdb::dialect::sqlite
