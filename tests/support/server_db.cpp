#include "server_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "dialect/dialect.h"

namespace bcdb::test {
namespace {

std::unique_ptr<dialect::Connection> connect(const std::string& url) {
  dialect::Url u = dialect::Url::parse(url);
  return dialect::make_dialect(u.engine)->connect(u, dialect::Dialect::Access::read_write);
}

std::string with_database(const std::string& server, const std::string& database) {
  auto slash = server.find('/', server.find("://") + 3);
  std::string base = slash == std::string::npos ? server : server.substr(0, slash);
  auto query = server.find('?');
  return base + "/" + database + (query == std::string::npos ? "" : server.substr(query));
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string pg_server_url() { return env_or("BCDB_TEST_PG_URL", "postgres://postgres@127.0.0.1:54321/postgres"); }
std::string my_server_url() { return env_or("BCDB_TEST_MY_URL", "mysql://bcdb:bcdb@127.0.0.1:33061/bcdb_test"); }

ServerDatabase::ServerDatabase(Engine engine)
    : engine_(engine), server_url_(engine == Engine::postgres ? pg_server_url() : my_server_url()) {
  static std::atomic<int> counter{0};
  name_ = "bcdb_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  connect(server_url_)->execute("CREATE DATABASE " + name_);
  connection_ = connect(engine == Engine::postgres ? url() + (url().find('?') == std::string::npos ? "?" : "&") +
                                                         "application_name=bcdb_test"
                                                   : url());
}

ServerDatabase::~ServerDatabase() {
  try {
    connection_.reset();
    connect(server_url_)->execute("DROP DATABASE IF EXISTS " + name_ +
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

void ServerDatabase::exec(const std::string& sql) { connection_->execute(sql); }

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
