#include "dialect/dialect.h"
#include "dialect/mysql/dialect.h"
#include "dialect/postgres/dialect.h"
#include "dialect/sqlite/dialect.h"
#include "support/error.h"

namespace bcdb::dialect {

std::unique_ptr<Dialect> make_dialect(std::string_view engine) {
  if (engine == "sqlite") return std::make_unique<sqlite::SqliteDialect>();
  if (engine == "postgres") return std::make_unique<postgres::PgDialect>();
  if (engine == "mysql") return std::make_unique<mysql::MyDialect>();
  throw ConfigError("this build of bcdb has no support for " + std::string(engine) + " databases yet");
}

}  // namespace bcdb::dialect
