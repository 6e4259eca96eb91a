#include "dialect/postgres/dialect.h"

#include "dialect/postgres/bulk_writer.h"
#include "dialect/postgres/canonical.h"
#include "dialect/postgres/connection.h"
#include "dialect/postgres/ddl.h"
#include "dialect/postgres/inspector.h"
#include "dialect/postgres/lock.h"
#include "dialect/postgres/renderer.h"
#include "dialect/postgres/replica.h"
#include "dialect/postgres/types.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {

const Capabilities& PgDialect::capabilities() const {
  static const Capabilities caps{.transactional_ddl = true,
                                 .comments = true,
                                 .schemas = true,
                                 .concurrent_index_build = true,
                                 .not_valid_constraints = true,
                                 .schema_wide_index_names = true,
                                 .named_constraint_indexes = true,
                                 .updatable_views = true,
                                 .replicas = true,
                                 .shadow_keys = true};
  return caps;
}

std::unique_ptr<Connection> PgDialect::connect(const Url& url, Access) const {
  // A server database always exists already; read-only commands simply change nothing.
  return std::make_unique<PgConnection>(url);
}

std::unique_ptr<MigrationLock> PgDialect::lock_migrations(Connection& connection, std::chrono::milliseconds wait) const {
  return advisory_lock(connection, wait);
}

model::Schema PgDialect::inspect(Connection& connection, const InspectOptions& options) const {
  return postgres::inspect(connection, options);
}

bool PgDialect::has_table(Connection& connection, const std::string& qualified) const {
  return connection.query("SELECT to_regclass($1) IS NOT NULL", {postgres::quote_table(qualified)}).rows.at(0).at(0) ==
         std::optional<std::string>("t");
}

TableStats PgDialect::table_stats(Connection& connection, const std::vector<std::string>& tables) const {
  TableStats stats;
  for (const auto& table : tables) {
    // The planner's estimate (reltuples, kept by ANALYZE and autovacuum). -1 means "never
    // analysed": then count, which is cheap exactly when the table is still small.
    auto estimate = connection.query("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)",
                                     {postgres::quote_table(table)});
    if (estimate.rows.empty()) continue;
    long long rows = std::stoll(estimate.rows[0][0].value_or("-1"));
    if (rows < 0) rows = std::stoll(connection.query("SELECT count(*) FROM " + postgres::quote_table(table))
                                        .rows.at(0).at(0).value_or("0"));
    stats.rows[table] = rows;
  }
  for (const auto& r : connection.query("SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v'").rows)
    stats.volatile_functions.insert(r.at(0).value_or(""));
  return stats;
}

void PgDialect::canonicalize(model::Schema& schema, Connection& connection) const {
  postgres::canonicalize(schema, connection);
}

std::string PgDialect::canonical_schema(std::string_view schema) const { return postgres::canonical_schema(schema); }

std::string PgDialect::quote(std::string_view identifier) const { return postgres::quote(identifier); }

std::string PgDialect::quote_table(const std::string& qualified) const { return postgres::quote_table(qualified); }

std::string PgDialect::column_type(const model::Table&, const model::Column& column) const {
  return postgres::column_type(column);
}

std::vector<plan::Draft> PgDialect::render(const RenderRequest& request) const { return postgres::render(request); }

void PgDialect::adopt_leftovers(diff::ChangeSet& changes, const model::Schema& live) const {
  postgres::adopt_leftovers(changes, live);
}

std::unique_ptr<BulkWriter> PgDialect::bulk_writer(Connection& connection) const {
  return make_bulk_writer(dynamic_cast<PgConnection&>(connection));
}

bool PgDialect::type_change_rewrites(const model::Column& from, const model::Column& to) const {
  return !binary_coercible(from, to);
}

std::unique_ptr<ReplicaProbe> PgDialect::replica_probe(Connection& primary, std::unique_ptr<Connection> replica) const {
  return postgres::replica_probe(primary, std::move(replica));
}

}  // namespace bcdb::dialect::postgres
