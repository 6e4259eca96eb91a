#pragma once
#include "dialect/dialect.h"
#include "dialect/mysql/connection.h"

namespace bcdb::dialect::mysql {

// MySQL 8 and MariaDB 10.x through mysqlcppconn. The server flavour and version are read at
// connect time; what differs between them (instant DDL, CHECK syntax, JSON) is decided from it.
class MyDialect final : public Dialect {
 public:
  std::string_view engine() const override { return "mysql"; }
  const Capabilities& capabilities() const override;
  std::unique_ptr<Connection> connect(const Url& url, Access access) const override;
  std::unique_ptr<MigrationLock> lock_migrations(Connection& connection, std::chrono::milliseconds wait) const override;
  model::Schema inspect(Connection& connection, const InspectOptions& options) const override;
  bool has_table(Connection& connection, const std::string& qualified) const override;
  TableStats table_stats(Connection& connection, const std::vector<std::string>& tables) const override;
  void canonicalize(model::Schema& schema, Connection& connection) const override;
  std::string canonical_schema(std::string_view) const override { return ""; }
  std::string quote(std::string_view identifier) const override;
  std::string placeholder(int) const override { return "?"; }
  std::string quote_table(const std::string& qualified) const override;
  std::string column_type(const model::Table& table, const model::Column& column) const override;
  // CAST takes few of MySQL's column types; its operators take a NULL of any type.
  std::string typed_null(const model::Table&, const model::Column&) const override { return "NULL"; }
  bool type_change_rewrites(const model::Column& from, const model::Column& to) const override;
  std::vector<plan::Draft> render(const RenderRequest& request) const override;
  std::string lock_timeout_sql(int milliseconds) const override { return lock_timeout_statement(milliseconds); }
  std::unique_ptr<BulkWriter> bulk_writer(Connection& connection) const override;
  std::unique_ptr<ReplicaProbe> replica_probe(Connection& primary, std::unique_ptr<Connection> replica) const override;
};

}  // namespace bcdb::dialect::mysql
