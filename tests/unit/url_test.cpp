#include <doctest/doctest.h>

#include "dialect/url.h"
#include "support/error.h"

using bcdb::dialect::Url;

TEST_CASE("SQLite URLs name a file, an absolute file or memory") {
  CHECK(Url::parse("sqlite:bcdb.db").database == "bcdb.db");
  CHECK(Url::parse("sqlite:///var/lib/app.db").database == "/var/lib/app.db");
  CHECK(Url::parse("sqlite::memory:").database == ":memory:");
  CHECK(Url::parse("sqlite:dir/x.db").engine == "sqlite");
}

TEST_CASE("server URLs carry user, password, host, port, database and options") {
  Url u = Url::parse("postgresql://app:p%40ss@db.internal:6432/shop?sslmode=require&application_name=bcdb");
  CHECK(u.engine == "postgres");
  CHECK(u.user == "app");
  CHECK(u.password == "p@ss");
  CHECK(u.host == "db.internal");
  CHECK(u.port == 6432);
  CHECK(u.database == "shop");
  CHECK(u.params.at("sslmode") == "require");
  CHECK(Url::parse("mariadb://root@[::1]:3306/x").host == "::1");
  CHECK(Url::parse("mysql://h/x").engine == "mysql");
}

TEST_CASE("the password never appears in a redacted URL or a redacted message") {
  Url u = Url::parse("postgres://app:s3cret-pw@db:5432/shop");
  CHECK(u.redacted() == "postgres://app:***@db:5432/shop");
  std::string message = "could not connect with postgres://app:s3cret-pw@db:5432/shop: password s3cret-pw rejected";
  std::string clean = bcdb::dialect::redact(message, u);
  CHECK(clean.find("s3cret-pw") == std::string::npos);
  CHECK(clean.find("postgres://app:***@db:5432/shop") != std::string::npos);
  Url encoded = Url::parse("mysql://u:a%2Fb%3Ac@h/x");
  CHECK(encoded.redacted().find("a%2Fb%3Ac") == std::string::npos);
}

TEST_CASE("malformed URLs are configuration errors") {
  CHECK_THROWS_AS(Url::parse("oracle://x/y"), bcdb::ConfigError);
  CHECK_THROWS_AS(Url::parse("bcdb.db"), bcdb::ConfigError);
  CHECK_THROWS_AS(Url::parse("postgres://h:99999/x"), bcdb::ConfigError);
  CHECK_THROWS_AS(Url::parse("postgres:x"), bcdb::ConfigError);
  CHECK_THROWS_AS(Url::parse("sqlite:"), bcdb::ConfigError);
}
