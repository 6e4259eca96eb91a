#include "pg_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "dialect/dialect.h"

namespace bcdb::test {
namespace {

std::unique_ptr<dialect::Connection> connect(const std::string& url) {
  return dialect::make_dialect("postgres")->connect(dialect::Url::parse(url), dialect::Dialect::Access::read_write);
}

std::string with_database(const std::string& server, const std::string& database) {
  auto slash = server.find('/', server.find("://") + 3);
  std::string base = slash == std::string::npos ? server : server.substr(0, slash);
  auto query = server.find('?');
  return base + "/" + database + (query == std::string::npos ? "" : server.substr(query));
}

}  // namespace

std::string pg_server_url() {
  const char* url = std::getenv("BCDB_TEST_PG_URL");
  return url && *url ? url : "postgres://postgres@127.0.0.1:54321/postgres";
}

PgDatabase::PgDatabase() {
  static std::atomic<int> counter{0};
  name_ = "bcdb_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  connect(pg_server_url())->execute("CREATE DATABASE " + name_);
  connection_ = connect(url_as("bcdb_test"));
}

PgDatabase::~PgDatabase() {
  try {
    connection_.reset();
    connect(pg_server_url())->execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Best effort: a leftover test database does no harm.
  }
}

std::string PgDatabase::url() const { return with_database(pg_server_url(), name_); }

std::string PgDatabase::url_as(const std::string& application_name) const {
  std::string u = url();
  return u + (u.find('?') == std::string::npos ? "?" : "&") + "application_name=" + application_name;
}

void PgDatabase::exec(const std::string& sql) { connection_->execute(sql); }

std::vector<std::vector<std::string>> PgDatabase::rows(const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : connection_->query(sql).rows) {
    std::vector<std::string> row;
    for (const auto& v : r) row.push_back(v.value_or("NULL"));
    out.push_back(std::move(row));
  }
  return out;
}

std::string PgDatabase::scalar(const std::string& sql) {
  auto r = rows(sql);
  if (r.empty() || r[0].empty()) throw std::runtime_error("no value from: " + sql);
  return r[0][0];
}

dialect::Connection& PgDatabase::connection() { return *connection_; }

}  // namespace bcdb::test
