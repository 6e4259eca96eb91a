#include "dialect/mysql/connection.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include <cstdlib>

#include "dialect/one_statement.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

// MySQL error numbers bcdb tells apart.
constexpr int kLockWaitTimeout = 1205;  // metadata and row locks alike (lock_wait_timeout)
constexpr int kDeadlock = 1213;
constexpr int kServerGone = 2006;
constexpr int kLostConnection = 2013;

std::string excerpt(const std::string& sql) {
  constexpr std::size_t kMax = 300;
  return sql.size() <= kMax ? sql : sql.substr(0, kMax) + "...";
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

int ssl_mode(const std::string& value, const Url& url) {
  std::string v = str::lower(value);
  for (char& c : v)
    if (c == '-') c = '_';
  if (v == "disabled" || v == "disable" || v == "false") return sql::SSL_MODE_DISABLED;
  if (v == "preferred" || v == "prefer") return sql::SSL_MODE_PREFERRED;
  if (v == "required" || v == "require" || v == "true") return sql::SSL_MODE_REQUIRED;
  if (v == "verify_ca") return sql::SSL_MODE_VERIFY_CA;
  if (v == "verify_identity" || v == "verify_full") return sql::SSL_MODE_VERIFY_IDENTITY;
  throw ConfigError(url.redacted() + ": ssl-mode '" + value +
                    "' is not one of disabled, preferred, required, verify_ca, verify_identity");
}

sql::ConnectOptionsMap options(const Url& url) {
  sql::ConnectOptionsMap o;
  std::string socket, host = url.host.empty() ? env("MYSQL_HOST").value_or("127.0.0.1") : url.host;
  int port = url.port.value_or(std::atoi(env("MYSQL_TCP_PORT").value_or("3306").c_str()));
  for (const auto& [key, value] : url.params) {
    std::string k = key;
    for (char& c : k)
      if (c == '_') c = '-';
    if (k == "ssl-mode" || k == "sslmode" || k == "tls") {
      o["OPT_SSL_MODE"] = ssl_mode(value, url);
    } else if (k == "ssl-ca") {
      o["sslCA"] = sql::SQLString(value);
    } else if (k == "ssl-cert") {
      o["sslCert"] = sql::SQLString(value);
    } else if (k == "ssl-key") {
      o["sslKey"] = sql::SQLString(value);
    } else if (k == "socket") {
      socket = value;
    } else if (k == "connect-timeout") {
      o["OPT_CONNECT_TIMEOUT"] = timeout_seconds_option(url, key);
    } else {
      throw ConfigError(url.redacted() + ": unknown option '" + key +
                        "' (known: ssl-mode, ssl-ca, ssl-cert, ssl-key, socket, connect-timeout)");
    }
  }
  o["hostName"] = sql::SQLString(socket.empty() ? "tcp://" + host + ":" + std::to_string(port) : "unix://" + socket);
  o["userName"] = sql::SQLString(url.user.empty() ? env("USER").value_or("root") : url.user);
  if (url.has_password) o["password"] = sql::SQLString(url.password);
  else if (auto pwd = env("MYSQL_PWD")) o["password"] = sql::SQLString(*pwd);
  o["schema"] = sql::SQLString(url.database);
  o["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  if (!o.count("OPT_CONNECT_TIMEOUT")) o["OPT_CONNECT_TIMEOUT"] = 10;
  // One statement per call, always: a text holding two is a syntax error, never run.
  o["CLIENT_MULTI_STATEMENTS"] = false;
  return o;
}

int number_at(const std::string& s, std::size_t& pos) {
  int n = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) n = n * 10 + (s[pos++] - '0');
  if (pos < s.size() && s[pos] == '.') ++pos;
  return n;
}

}  // namespace

Server Server::parse(const std::string& version) {
  Server s;
  s.version = version;
  std::size_t pos = 0;
  s.major = number_at(version, pos);
  s.minor = number_at(version, pos);
  s.patch = number_at(version, pos);
  s.flavour = str::lower(version).find("mariadb") != std::string::npos ? Flavour::mariadb : Flavour::mysql;
  return s;
}

struct MyConnection::State {
  std::unique_ptr<sql::Connection> connection;
};

namespace {

// The server's message with its error number and SQLSTATE, secrets masked.
std::string describe(const sql::SQLException& e, const Url& url) {
  return redact(str::trim(e.what()), url) + " (error " + std::to_string(e.getErrorCode()) + ", SQLSTATE " +
         e.getSQLStateCStr() + ")";
}

[[noreturn]] void rethrow(const Url& url, const std::string& sql) {
  try {
    throw;
  } catch (const sql::SQLException& e) {
    int code = e.getErrorCode();
    std::string message = describe(e, url);
    if (code == kLockWaitTimeout || code == kDeadlock) throw LockTimeout("MySQL: " + message + "\n  in: " + excerpt(sql));
    if (code == kServerGone || code == kLostConnection)
      throw DatabaseError("lost the connection to " + url.redacted() + ": " + message);
    throw DatabaseError("MySQL: " + message + "\n  in: " + excerpt(sql));
  }
}

Result read(sql::ResultSet& rs) {
  Result out;
  sql::ResultSetMetaData* meta = rs.getMetaData();  // owned by the result set
  unsigned int count = meta->getColumnCount();
  for (unsigned int c = 1; c <= count; ++c) out.columns.push_back(meta->getColumnLabel(c).asStdString());
  while (rs.next()) {
    Row row;
    row.reserve(count);
    for (unsigned int c = 1; c <= count; ++c)
      row.push_back(rs.isNull(c) ? Value{} : Value{rs.getString(c).asStdString()});
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

MyConnection::MyConnection(const Url& url) : url_(url), state_(std::make_unique<State>()), database_(url.database) {
  if (url.database.empty())
    throw ConfigError(url.redacted() + ": name the database, as in mysql://user@host:3306/DATABASE");
  sql::ConnectOptionsMap o = options(url);
  try {
    sql::Driver* driver = sql::mysql::get_driver_instance();  // the library owns it
    state_->connection.reset(driver->connect(o));
  } catch (const sql::SQLException& e) {
    throw DatabaseError("cannot connect to " + url.redacted() + ": " + redact(str::trim(e.what()), url) +
                        " (error " + std::to_string(e.getErrorCode()) + ")");
  }
  auto about = query("SELECT VERSION(), @@character_set_database, @@collation_database, @@binlog_format").rows.at(0);
  server_ = Server::parse(about.at(0).value_or(""));
  server_.database_charset = about.at(1).value_or("");
  server_.database_collation = about.at(2).value_or("");
  server_.binlog_format = about.at(3).value_or("");
  // Strict: a copy that would truncate or invent a value fails instead. UTC: timestamps read
  // and written the same way whatever the server's zone.
  execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
          "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'");
}

MyConnection::~MyConnection() = default;

void MyConnection::execute(const std::string& sql) {
  require_no_nul(sql);
  try {
    std::unique_ptr<sql::Statement> st(state_->connection->createStatement());
    if (st->execute(sql)) std::unique_ptr<sql::ResultSet> discard(st->getResultSet());
  } catch (const std::exception&) {
    rethrow(url_, sql);
  }
}

Result MyConnection::query(const std::string& sql, const std::vector<Value>& params) {
  require_no_nul(sql);
  try {
    if (params.empty()) {
      std::unique_ptr<sql::Statement> st(state_->connection->createStatement());
      if (!st->execute(sql)) return {};
      std::unique_ptr<sql::ResultSet> rs(st->getResultSet());
      return read(*rs);
    }
    std::unique_ptr<sql::PreparedStatement> ps(state_->connection->prepareStatement(sql));
    for (std::size_t i = 0; i < params.size(); ++i) {
      auto index = static_cast<unsigned int>(i + 1);
      if (params[i]) ps->setString(index, *params[i]);
      else ps->setNull(index, sql::DataType::VARCHAR);
    }
    if (!ps->execute()) return {};
    std::unique_ptr<sql::ResultSet> rs(ps->getResultSet());
    return read(*rs);
  } catch (const std::exception&) {
    rethrow(url_, sql);
  }
}

// prepareStatement is a server-side prepare (COM_STMT_PREPARE, counted in Com_stmt_prepare):
// the server parses the statement and opens and resolves its tables and columns, and runs it
// only on COM_STMT_EXECUTE, which is never sent. Destroying it closes it (COM_STMT_CLOSE).
std::optional<std::string> MyConnection::prepare_error(const std::string& sql) {
  require_no_nul(sql);
  try {
    std::unique_ptr<sql::PreparedStatement> prepared(state_->connection->prepareStatement(sql));
    return std::nullopt;
  } catch (const sql::SQLException& e) {
    // Client errors (2000-2999: the connection) and lock waits say nothing of the statement.
    int code = e.getErrorCode();
    if ((code >= 2000 && code < 3000) || code == kLockWaitTimeout || code == kDeadlock) rethrow(url_, sql);
    return describe(e, url_);
  }
}

void MyConnection::begin() {
  execute("START TRANSACTION");
  in_transaction_ = true;
}

void MyConnection::commit() {
  in_transaction_ = false;
  execute("COMMIT");
}

void MyConnection::rollback() {
  in_transaction_ = false;
  execute("ROLLBACK");
}

// Whole seconds only, and 0 would mean "fail at once": rounded up.
std::string lock_timeout_statement(int milliseconds) {
  std::string seconds = std::to_string(std::max(1, (milliseconds + 999) / 1000));
  return "SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds;
}

void MyConnection::set_lock_timeout(int milliseconds) { execute(lock_timeout_statement(milliseconds)); }

}  // namespace bcdb::dialect::mysql
