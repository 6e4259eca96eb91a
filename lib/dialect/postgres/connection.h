#pragma once
#include <memory>
#include <string>

#include "dialect/connection.h"

namespace pqxx {
class transaction_base;
}

namespace bcdb::dialect::postgres {

// One libpqxx connection. Every statement goes through a single nontransaction and bcdb
// sends BEGIN/COMMIT itself, because a plan mixes statements that must share a transaction
// with statements that must not run inside one (CREATE INDEX CONCURRENTLY).
// The statement that bounds how long a statement waits for a lock (Dialect::lock_timeout_sql).
std::string lock_timeout_statement(int milliseconds);

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const Url& url);
  ~PgConnection() override;

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

  // The libpqxx nontransaction every statement goes through, for COPY (postgres/bulk_writer.cpp).
  pqxx::transaction_base& session();

 private:
  struct State;
  Url url_;
  std::unique_ptr<State> state_;
  bool in_transaction_ = false;
};

// libpq's "key=value" connection string for a URL (values quoted as libpq wants them).
std::string conninfo(const Url& url);

}  // namespace bcdb::dialect::postgres
