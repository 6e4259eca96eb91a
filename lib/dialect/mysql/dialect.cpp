#include "dialect/mysql/dialect.h"

#include "dialect/mysql/bulk_writer.h"
#include "dialect/mysql/canonical.h"
#include "dialect/mysql/connection.h"
#include "dialect/mysql/ddl.h"
#include "dialect/mysql/inspector.h"
#include "dialect/mysql/lock.h"
#include "dialect/mysql/renderer.h"
#include "dialect/mysql/replica.h"
#include "dialect/mysql/types.h"
#include "support/error.h"

namespace bcdb::dialect::mysql {
namespace {

MyConnection& mine(Connection& connection) {
  auto* c = dynamic_cast<MyConnection*>(&connection);
  if (!c) throw Error(ExitCode::database, "internal: a MySQL dialect was handed another engine's connection");
  return *c;
}

}  // namespace

const Capabilities& MyDialect::capabilities() const {
  static const Capabilities caps{.transactional_ddl = false,
                                 .comments = true,
                                 .schemas = false,
                                 .concurrent_index_build = true,
                                 .not_valid_constraints = false,
                                 .updatable_views = true,
                                 .replicas = true,
                                 .copy_type_changes = true};
  return caps;
}

std::unique_ptr<Connection> MyDialect::connect(const Url& url, Access) const {
  return std::make_unique<MyConnection>(url);
}

std::unique_ptr<MigrationLock> MyDialect::lock_migrations(Connection& connection, std::chrono::milliseconds wait) const {
  return named_lock(connection, mine(connection).database(), wait);
}

model::Schema MyDialect::inspect(Connection& connection, const InspectOptions&) const {
  return mysql::inspect(mine(connection));
}

bool MyDialect::has_table(Connection& connection, const std::string& qualified) const {
  return connection
             .query("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                    {qualified})
             .rows.at(0)
             .at(0) != Value("0");
}

TableStats MyDialect::table_stats(Connection& connection, const std::vector<std::string>& tables) const {
  TableStats stats;
  const Server& server = mine(connection).server();
  stats.server_version = server.version;
  stats.settings["mysql.database_charset"] = server.database_charset;
  stats.settings["mysql.database_collation"] = server.database_collation;
  stats.settings["mysql.binlog_format"] = server.binlog_format;
  for (const auto& table : tables) {
    // InnoDB's estimate; exact enough to tell a small table from a big one.
    auto r = connection.query(
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", {table});
    if (r.rows.empty()) continue;
    stats.rows[table] = std::stoll(r.rows[0][0].value_or("0"));
  }
  return stats;
}

void MyDialect::canonicalize(model::Schema& schema, Connection& connection) const {
  mysql::canonicalize(schema, mine(connection));
}

std::string MyDialect::quote(std::string_view identifier) const { return mysql::quote(identifier); }

std::string MyDialect::quote_table(const std::string& qualified) const { return mysql::quote_table(qualified); }

std::string MyDialect::column_type(const model::Table&, const model::Column& column) const {
  // Compared on both sides with the same server assumption; MySQL's spelling is the richer.
  return mysql::column_type(column, Server::parse("8.0.0"));
}

std::vector<plan::Draft> MyDialect::render(const RenderRequest& request) const {
  Server server = Server::parse(request.stats.server_version);
  auto setting = [&](const char* key) {
    auto it = request.stats.settings.find(key);
    return it == request.stats.settings.end() ? std::string() : it->second;
  };
  server.database_charset = setting("mysql.database_charset");
  server.database_collation = setting("mysql.database_collation");
  server.binlog_format = setting("mysql.binlog_format");
  return mysql::render(request, server);
}

std::unique_ptr<BulkWriter> MyDialect::bulk_writer(Connection& connection) const {
  return make_bulk_writer(mine(connection));
}

bool MyDialect::type_change_rewrites(const model::Column& from, const model::Column& to) const {
  return !widens_in_place(from, to);
}

std::unique_ptr<ReplicaProbe> MyDialect::replica_probe(Connection& primary, std::unique_ptr<Connection> replica) const {
  MyConnection& theirs = mine(*replica);
  replica.release();  // now owned as what it is
  return mysql::replica_probe(mine(primary), std::unique_ptr<MyConnection>(&theirs));
}

}  // namespace bcdb::dialect::mysql
