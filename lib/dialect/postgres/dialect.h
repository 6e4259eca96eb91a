#pragma once
#include "dialect/dialect.h"
#include "dialect/postgres/connection.h"

namespace bcdb::dialect::postgres {

class PgDialect final : public Dialect {
 public:
  std::string_view engine() const override { return "postgres"; }
  const Capabilities& capabilities() const override;
  std::unique_ptr<Connection> connect(const Url& url, Access access) const override;
  std::unique_ptr<MigrationLock> lock_migrations(Connection& connection, std::chrono::milliseconds wait) const override;
  model::Schema inspect(Connection& connection, const InspectOptions& options) const override;
  bool has_table(Connection& connection, const std::string& qualified) const override;
  TableStats table_stats(Connection& connection, const std::vector<std::string>& tables) const override;
  void canonicalize(model::Schema& schema, Connection& connection) const override;
  std::string canonical_schema(std::string_view schema) const override;
  std::string quote(std::string_view identifier) const override;
  std::string placeholder(int n) const override { return "$" + std::to_string(n); }
  std::string quote_table(const std::string& qualified) const override;
  std::string column_type(const model::Table& table, const model::Column& column) const override;
  std::vector<plan::Draft> render(const RenderRequest& request) const override;
  bool type_change_rewrites(const model::Column& from, const model::Column& to) const override;
  void adopt_leftovers(diff::ChangeSet& changes, const model::Schema& live) const override;
  std::string lock_timeout_sql(int milliseconds) const override { return lock_timeout_statement(milliseconds); }
  std::unique_ptr<BulkWriter> bulk_writer(Connection& connection) const override;
  std::optional<std::string> clear_maintenance_locks(Connection& connection, const std::string& table,
                                                    std::chrono::milliseconds wait) const override;
  std::unique_ptr<ReplicaProbe> replica_probe(Connection& primary, std::unique_ptr<Connection> replica) const override;
};

}  // namespace bcdb::dialect::postgres
