#include "dialect/postgres/connection.h"

#include <pqxx/pqxx>

#include "dialect/one_statement.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {
namespace {

std::string quote_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Notices ("relation already exists, skipping") are not errors; libpqxx would print them.
class QuietNotices final : public pqxx::errorhandler {
 public:
  explicit QuietNotices(pqxx::connection_base& c) : pqxx::errorhandler(c) {}
  bool operator()(const char[]) noexcept override { return false; }
};

std::string excerpt(const std::string& sql) {
  constexpr std::size_t kMax = 300;
  return sql.size() <= kMax ? sql : sql.substr(0, kMax) + "...";
}

}  // namespace

struct PgConnection::State {
  pqxx::connection connection;
  QuietNotices quiet;
  pqxx::nontransaction work;
  explicit State(const std::string& info) : connection(info), quiet(connection), work(connection) {}
};

std::string conninfo(const Url& url) {
  std::vector<std::string> parts;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!value.empty()) parts.push_back(key + "=" + quote_value(value));
  };
  add("host", url.host);
  if (url.port) add("port", std::to_string(*url.port));
  add("user", url.user);
  if (url.has_password) add("password", url.password);
  add("dbname", url.database);
  bool named = false;
  for (const auto& [key, value] : url.params) {
    if (key == "connect_timeout") timeout_seconds_option(url, key);
    add(key, value);
    named = named || key == "application_name";
  }
  if (!named) add("application_name", "bcdb");
  return str::join(parts, " ");
}

PgConnection::PgConnection(const Url& url) : url_(url) {
  const std::string info = conninfo(url);  // a bad option is a ConfigError, not a failed connection
  try {
    state_ = std::make_unique<State>(info);
  } catch (const std::exception& e) {
    throw DatabaseError("cannot connect to " + url.redacted() + ": " + redact(str::trim(e.what()), url));
  }
}

PgConnection::~PgConnection() = default;

pqxx::transaction_base& PgConnection::session() { return state_->work; }

namespace {

[[noreturn]] void rethrow(const Url& url, const std::string& sql) {
  try {
    throw;
  } catch (const pqxx::sql_error& e) {
    std::string state = e.sqlstate();
    std::string message = redact(str::trim(e.what()), url);
    // 55P03 lock_not_available (lock_timeout), 40P01 deadlock: another session holds the lock.
    if (state == "55P03" || state == "40P01")
      throw LockTimeout("PostgreSQL: " + message + " (SQLSTATE " + state + ")\n  in: " + excerpt(sql));
    throw DatabaseError("PostgreSQL: " + message + " (SQLSTATE " + state + ")\n  in: " + excerpt(sql));
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the connection to " + url.redacted() + ": " + redact(str::trim(e.what()), url));
  } catch (const pqxx::failure& e) {
    throw DatabaseError("PostgreSQL: " + redact(str::trim(e.what()), url) + "\n  in: " + excerpt(sql));
  }
}

}  // namespace

// Every statement goes through the extended protocol (PQexecParams), which takes exactly one
// statement: a text holding a second one is refused by the server, never run.
void PgConnection::execute(const std::string& sql) {
  require_no_nul(sql);
  try {
    state_->work.exec_params(sql);
  } catch (const std::exception&) {
    rethrow(url_, sql);
  }
}

Result PgConnection::query(const std::string& sql, const std::vector<Value>& params) {
  require_no_nul(sql);
  pqxx::result r;
  try {
    if (params.empty()) {
      r = state_->work.exec_params(sql);
    } else {
      std::vector<const char*> values;
      values.reserve(params.size());
      for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
      r = state_->work.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    }
  } catch (const std::exception&) {
    rethrow(url_, sql);
  }
  Result out;
  for (pqxx::row::size_type c = 0; c < r.columns(); ++c) out.columns.emplace_back(r.column_name(c));
  out.rows.reserve(r.size());
  for (const auto& row : r) {
    Row values;
    values.reserve(row.size());
    for (const auto& field : row)
      values.push_back(field.is_null() ? Value{} : Value{std::string(field.c_str(), field.size())});
    out.rows.push_back(std::move(values));
  }
  return out;
}

namespace {

// libpq's message without its LINE and caret lines (they point into the statement, which the
// caller shows itself), on one line: what failed, the SQLSTATE, then any detail and hint
// ("Perhaps you meant to reference the column ...", just what a rename leaves behind).
std::string prepare_message(const pqxx::sql_error& e, const Url& url) {
  std::vector<std::string> lines = str::split(str::trim(e.what()), '\n');
  std::string first = str::trim(lines.empty() ? std::string() : lines.front());
  if (first.rfind("ERROR:", 0) == 0) first = str::trim(first.substr(6));
  std::string out = first + " (SQLSTATE " + e.sqlstate() + ")";
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string line = str::trim(lines[i]);
    for (std::string_view label : {"detail", "hint"})
      if (str::starts_with_ci(line, std::string(label) + ":"))
        out += "; " + std::string(label) + ": " + str::trim(line.substr(label.size() + 1));
  }
  return redact(out, url);
}

}  // namespace

// PQprepare sends the protocol's Parse message: PostgreSQL parses the statement, resolves its
// tables, columns, functions and the types of $1..$n, and rewrites it; planning and running wait
// for an execute, which is never sent. Each prepare has a read-only transaction of its own that
// is always rolled back: a failed prepare aborts only its own transaction, and the locks a
// prepare takes (an INSERT's target in ROW EXCLUSIVE mode) last no longer than it does.
std::optional<std::string> PgConnection::prepare_error(const std::string& sql) {
  require_no_nul(sql);
  if (in_transaction_) throw DatabaseError("internal: a prepare check needs a connection outside a transaction");
  const std::string name = "bcdb_prepare_check";
  execute("BEGIN READ ONLY");
  std::optional<std::string> error;
  try {
    state_->connection.prepare(name, sql);
    state_->connection.prepare_now(name);
  } catch (const pqxx::sql_error& e) {
    error = prepare_message(e, url_);
  } catch (const std::exception&) {
    rethrow(url_, sql);  // the connection, not the statement: the check did not happen
  }
  execute("ROLLBACK");
  state_->connection.unprepare(name);  // DEALLOCATE, when it was prepared: names outlive transactions
  return error;
}

void PgConnection::begin() {
  execute("BEGIN");
  in_transaction_ = true;
}

void PgConnection::commit() {
  in_transaction_ = false;
  execute("COMMIT");
}

void PgConnection::rollback() {
  in_transaction_ = false;
  execute("ROLLBACK");
}

// lock_timeout = 0 is PostgreSQL's "wait forever": the smallest wait bcdb asks for is 1 ms.
std::string lock_timeout_statement(int milliseconds) {
  return "SET lock_timeout = '" + std::to_string(std::max(1, milliseconds)) + "ms'";
}

void PgConnection::set_lock_timeout(int milliseconds) { execute(lock_timeout_statement(milliseconds)); }

std::string PgConnection::server_version() { return query("SHOW server_version").rows.at(0).at(0).value_or(""); }

}  // namespace bcdb::dialect::postgres
