#pragma once
#include <memory>
#include <string>

#include "dialect/connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bcdb::dialect::sqlite {

// How long a statement waits for another connection's write lock (the busy timeout).
std::string lock_timeout_statement(int milliseconds);

class SqliteConnection final : public Connection {
 public:
  // Opens `url.database`. With `create` false a missing file opens as an empty in-memory
  // database, so read-only commands never leave a file behind.
  SqliteConnection(const Url& url, bool create);

  void execute(const std::string& sql) override;
  Result query(const std::string& sql, const std::vector<Value>& params = {}) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override { return in_transaction_; }
  void set_lock_timeout(int milliseconds) override;
  std::string server_version() override;
  const Url& url() const override { return url_; }

  // The database file, or empty for in-memory databases.
  const std::string& path() const { return path_; }
  // The sqlite3 handle, for the bulk writer's prepared statement (sqlite/bulk_writer.cpp).
  sqlite3* handle() const { return db_.get(); }

 private:
  [[noreturn]] void fail(const std::string& sql, int code) const;
  struct Finalize {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  using Prepared = std::unique_ptr<sqlite3_stmt, Finalize>;
  Prepared prepare_one(const std::string& sql) const;

  struct Close {
    void operator()(sqlite3* db) const noexcept;
  };
  Url url_;
  std::string path_;
  std::unique_ptr<sqlite3, Close> db_;
  bool in_transaction_ = false;
};

}  // namespace bcdb::dialect::sqlite
