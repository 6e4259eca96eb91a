#include "server_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "dialect/dialect.h"
#include "dialect/sql_text.h"

namespace bcdb::test {

std::unique_ptr<dialect::Connection> open_session(const std::string& url) {
  dialect::Url u = dialect::Url::parse(url);
  return dialect::make_dialect(u.engine)->connect(u, dialect::Dialect::Access::read_write);
}

namespace {

// A test's setup script, one statement at a time: bcdb's connections run exactly one
// statement per call and refuse a text holding more.
std::vector<std::string> statements(const std::string& sql) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto keep = [&](std::size_t end) {
    std::string s = sql.substr(start, end - start);
    if (s.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(s);
    start = end + 1;
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = dialect::skip_quoted(sql, i, c, false) - 1;
    } else if (c == '$' && i + 1 < sql.size() && (sql[i + 1] == '$' || std::isalpha(static_cast<unsigned char>(sql[i + 1])))) {
      auto close = sql.find('$', i + 1);
      std::string tag = sql.substr(i, close - i + 1);
      i = sql.find(tag, close + 1) + tag.size() - 1;
    } else if (c == ';') {
      keep(i);
    }
    if (i >= sql.size()) break;
  }
  if (start < sql.size()) keep(sql.size());
  return out;
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string with_database(const std::string& server, const std::string& database) {
  auto slash = server.find('/', server.find("://") + 3);
  std::string base = slash == std::string::npos ? server : server.substr(0, slash);
  auto query = server.find('?');
  return base + "/" + database + (query == std::string::npos ? "" : server.substr(query));
}

std::string pg_server_url() { return env_or("BCDB_TEST_PG_URL", "postgres://postgres@127.0.0.1:54321/postgres"); }
std::string my_server_url() { return env_or("BCDB_TEST_MY_URL", "mysql://bcdb:bcdb@127.0.0.1:33061/bcdb_test"); }

ServerDatabase::ServerDatabase(Engine engine)
    : ServerDatabase(engine, engine == Engine::postgres ? pg_server_url() : my_server_url(), "bcdb_t_") {}

ServerDatabase::ServerDatabase(Engine engine, std::string server_url, const std::string& prefix)
    : engine_(engine), server_url_(std::move(server_url)) {
  static std::atomic<int> counter{0};
  name_ = prefix + std::to_string(getpid()) + "_" + std::to_string(counter++);
  open_session(server_url_)->execute("CREATE DATABASE " + name_);
  connection_ = open_session(engine == Engine::postgres ? url() + (url().find('?') == std::string::npos ? "?" : "&") +
                                                         "application_name=bcdb_test"
                                                   : url());
}

ServerDatabase::~ServerDatabase() {
  try {
    connection_.reset();
    open_session(server_url_)->execute("DROP DATABASE IF EXISTS " + name_ +
                                  (engine_ == Engine::postgres ? " WITH (FORCE)" : ""));
  } catch (const std::exception&) {
    // Best effort: a leftover test database does no harm.
  }
}

std::string ServerDatabase::url() const { return with_database(server_url_, name_); }

std::string PgDatabase::url_as(const std::string& application_name) const {
  std::string u = url();
  return u + (u.find('?') == std::string::npos ? "?" : "&") + "application_name=" + application_name;
}

void ServerDatabase::exec(const std::string& sql) {
  for (const auto& statement : statements(sql)) connection_->execute(statement);
}

std::vector<std::vector<std::string>> ServerDatabase::rows(const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : connection_->query(sql).rows) {
    std::vector<std::string> row;
    for (const auto& v : r) row.push_back(v.value_or("NULL"));
    out.push_back(std::move(row));
  }
  return out;
}

std::string ServerDatabase::scalar(const std::string& sql) {
  auto r = rows(sql);
  if (r.empty() || r[0].empty()) throw std::runtime_error("no value from: " + sql);
  return r[0][0];
}

dialect::Connection& ServerDatabase::connection() { return *connection_; }

}  // namespace bcdb::test
