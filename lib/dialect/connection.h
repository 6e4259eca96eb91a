#pragma once
// A live connection, as every engine offers it. Errors are thrown as DatabaseError (or
// LockTimeout) with secrets redacted.
#include <optional>
#include <string>
#include <vector>

#include "dialect/url.h"

namespace bcdb::dialect {

using Value = std::optional<std::string>;  // NULL or the value as text
using Row = std::vector<Value>;

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement without a result.
  virtual void execute(const std::string& sql) = 0;
  // One statement; `params` bind to the engine's placeholders ($1 / ?), NULL for nullopt.
  virtual Result query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
  // Whether the engine accepts one statement, found by preparing it without running it:
  // nullopt when it prepares, the engine's error otherwise (bcdb verify --queries). Nothing is
  // ever executed, whatever the statement; but only statements that read or write rows are
  // resolved against the schema when prepared (statement_splitter.h, is_data_statement).
  // Called outside a transaction; a lost connection is still thrown as a DatabaseError.
  virtual std::optional<std::string> prepare_error(const std::string& sql) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;
  // How long a statement waits for a lock another session holds before failing with
  // LockTimeout (lock_timeout, lock_wait_timeout, busy timeout).
  virtual void set_lock_timeout(int milliseconds) = 0;
  virtual std::string server_version() = 0;
  virtual const Url& url() const = 0;
};

// Held for the length of a migration; released on destruction (or when the process dies).
class MigrationLock {
 public:
  virtual ~MigrationLock() = default;
};

}  // namespace bcdb::dialect
