#include "dialect/sqlite/dialect.h"

#include <set>

#include "dialect/sqlite/bulk_writer.h"
#include "dialect/sqlite/canonical.h"
#include "dialect/sqlite/connection.h"
#include "dialect/sqlite/ddl.h"
#include "dialect/sqlite/inspector.h"
#include "dialect/sqlite/lock.h"
#include "dialect/sqlite/renderer.h"
#include "dialect/sqlite/scratch.h"
#include "dialect/sqlite/types.h"
#include "support/error.h"

namespace bcdb::dialect::sqlite {

const Capabilities& SqliteDialect::capabilities() const {
  static const Capabilities caps{.transactional_ddl = true,
                                 .comments = false,
                                 .schemas = false,
                                 .concurrent_index_build = false,
                                 .not_valid_constraints = false,
                                 .schema_wide_index_names = true,
                                 .case_insensitive_names = true,
                                 .constraints_need_rebuild = true,
                                 .not_null_before_triggers = true};
  return caps;
}

std::unique_ptr<Connection> SqliteDialect::connect(const Url& url, Access access) const {
  return std::make_unique<SqliteConnection>(url, access);
}

std::unique_ptr<MigrationLock> SqliteDialect::lock_migrations(Connection& connection,
                                                              std::chrono::milliseconds wait) const {
  const auto& c = dynamic_cast<SqliteConnection&>(connection);
  return lock_file(c.location().file, c.path(), wait);
}

model::Schema SqliteDialect::inspect(Connection& connection, const InspectOptions&) const {
  return sqlite::inspect(connection);
}

bool SqliteDialect::has_table(Connection& connection, const std::string& qualified) const {
  return !connection.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", {qualified}).rows.empty();
}

TableStats SqliteDialect::table_stats(Connection& connection, const std::vector<std::string>& tables) const {
  TableStats stats;
  for (const auto& t : tables) {
    // Exact counts: SQLite keeps no estimate, and only tables a plan touches are counted.
    auto result = connection.query("SELECT count(*) FROM " + quote(t));
    if (!result.rows.empty() && result.rows[0][0]) stats.rows[t] = std::stoll(*result.rows[0][0]);
  }
  return stats;
}

// SQLite keeps expressions as written, so a token-level normal form needs no database.
void SqliteDialect::canonicalize(model::Schema& schema, Connection&) const { sqlite::canonicalize(schema); }

// An in-memory database proves that SQLite compiles every expression before any step runs.
void SqliteDialect::check_changed(const model::Schema& desired, const diff::ChangeSet& changes) const {
  std::set<std::string> touched;
  for (const auto& c : changes) touched.insert(c.table);
  check_in_scratch(desired, touched);
}

std::string SqliteDialect::quote(std::string_view identifier) const { return sqlite::quote(identifier); }

std::string SqliteDialect::quote_table(const std::string& qualified) const { return sqlite::quote(qualified); }

std::string SqliteDialect::column_type(const model::Table& table, const model::Column& column) const {
  return sqlite::column_type(table, column);
}

std::vector<plan::Draft> SqliteDialect::render(const RenderRequest& request) const {
  return sqlite::render(request);
}

std::unique_ptr<BulkWriter> SqliteDialect::bulk_writer(Connection& connection) const {
  return make_bulk_writer(dynamic_cast<SqliteConnection&>(connection));
}

}  // namespace bcdb::dialect::sqlite
