#include "replica.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "dialect/dialect.h"
#include "process.h"
#include "server_db.h"

namespace bcdb::test {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

int port_of(const std::string& url, int fallback) { return dialect::Url::parse(url).port.value_or(fallback); }

bool has_binary_log(const std::string& server) {
  auto url = dialect::Url::parse(server);
  auto c = dialect::make_dialect(url.engine)->connect(url, dialect::Dialect::Access::read_only);
  return c->query("SELECT @@log_bin").rows.at(0).at(0) == dialect::Value("1");
}

}  // namespace

TestReplica::TestReplica(Engine engine) : engine_(engine) {
  const std::string root = env_or("BCDB_DB_ROOT", "/tmp/bcdb-db");
  env_["BCDB_DB_ROOT"] = root;
  if (engine == Engine::postgres) {
    primary_url_ = pg_server_url();
    env_["BCDB_PG_PORT"] = std::to_string(port_of(primary_url_, 5432));
    env_["BCDB_PG_REPLICA_PORT"] = env_or("BCDB_PG_REPLICA_PORT", "25432");
    replica_url_ = "postgres://postgres@127.0.0.1:" + env_["BCDB_PG_REPLICA_PORT"] + "/postgres";
    script("stop", "postgres-replica");  // one a killed test left behind
    script("start", "postgres-replica");
    return;
  }
  primary_url_ = my_server_url();
  env_["BCDB_MY_PORT"] = std::to_string(port_of(primary_url_, 3306));
  if (!has_binary_log(primary_url_)) {
    private_root_ = root + "-rp";
    env_["BCDB_DB_ROOT"] = private_root_;
    env_["BCDB_MY_PORT"] = env_or("BCDB_TEST_MY_PRIVATE_PORT", "23307");
    MESSAGE("the MariaDB test server has no binary log (restart it with packaging/dbservers.sh to give it one): "
            "the replica follows a private primary on port "
            << env_["BCDB_MY_PORT"] << " instead");
    script("start", "mariadb");
    primary_url_ = "mysql://bcdb:bcdb@127.0.0.1:" + env_["BCDB_MY_PORT"] + "/bcdb_test";
  }
  env_["BCDB_MY_REPLICA_PORT"] = env_or("BCDB_MY_REPLICA_PORT", "23306");
  replica_url_ = "mysql://bcdb:bcdb@127.0.0.1:" + env_["BCDB_MY_REPLICA_PORT"] + "/bcdb_test";
  script("stop", "mariadb-replica");
  script("start", "mariadb-replica");
}

void TestReplica::stop() const { script("stop", engine_ == Engine::postgres ? "postgres-replica" : "mariadb-replica"); }

TestReplica::~TestReplica() {
  try {
    stop();
    if (!private_root_.empty()) {
      script("stop", "mariadb");
      std::error_code ignored;
      std::filesystem::remove_all(private_root_, ignored);
    }
  } catch (const std::exception& e) {
    MESSAGE("stopping the replica: " << e.what());
  }
}

std::string TestReplica::url(const std::string& database) const { return with_database(replica_url_, database); }

void TestReplica::script(const std::string& action, const std::string& which) const {
  auto r = run("/bin/bash", {(source_dir() / "packaging" / "dbservers.sh").string(), action, which}, source_dir(), env_);
  if (r.exit_code != 0)
    throw std::runtime_error("packaging/dbservers.sh " + action + " " + which + " failed:\n" + r.out + r.err);
}

}  // namespace bcdb::test
