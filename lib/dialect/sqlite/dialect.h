#pragma once
#include "dialect/dialect.h"
#include "dialect/sqlite/connection.h"

namespace bcdb::dialect::sqlite {

class SqliteDialect final : public Dialect {
 public:
  std::string_view engine() const override { return "sqlite"; }
  const Capabilities& capabilities() const override;
  std::unique_ptr<Connection> connect(const Url& url, Access access) const override;
  std::unique_ptr<MigrationLock> lock_migrations(Connection& connection, std::chrono::milliseconds wait) const override;
  model::Schema inspect(Connection& connection, const InspectOptions& options) const override;
  bool has_table(Connection& connection, const std::string& qualified) const override;
  TableStats table_stats(Connection& connection, const std::vector<std::string>& tables) const override;
  void canonicalize(model::Schema& schema, Connection& connection) const override;
  void check_changed(const model::Schema& desired, const diff::ChangeSet& changes) const override;
  std::string quote(std::string_view identifier) const override;
  std::string quote_table(const std::string& qualified) const override;
  std::string placeholder(int) const override { return "?"; }
  std::string canonical_schema(std::string_view) const override { return ""; }  // one namespace: main
  std::string column_type(const model::Table& table, const model::Column& column) const override;
  std::vector<plan::Draft> render(const RenderRequest& request) const override;
  std::string lock_timeout_sql(int milliseconds) const override { return lock_timeout_statement(milliseconds); }
  std::unique_ptr<BulkWriter> bulk_writer(Connection& connection) const override;
};

}  // namespace bcdb::dialect::sqlite
