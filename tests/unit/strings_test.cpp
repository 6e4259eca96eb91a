#include <doctest/doctest.h>

#include "support/strings.h"

using namespace bcdb;

TEST_CASE("did_you_mean suggests a close candidate and nothing for a wild guess") {
  std::vector<std::string> keys = {"columns", "indexes", "foreign_keys", "checks"};
  CHECK(str::did_you_mean("colums", keys) == std::optional<std::string>("columns"));
  CHECK(str::did_you_mean("foreign_key", keys) == std::optional<std::string>("foreign_keys"));
  CHECK_FALSE(str::did_you_mean("zzz", keys).has_value());
}

TEST_CASE("split keeps empty fields and join is its inverse") {
  auto parts = str::split("a,,b", ',');
  REQUIRE(parts.size() == 3);
  CHECK(parts[1].empty());
  CHECK(str::join(parts, ",") == "a,,b");
}

TEST_CASE("lower_outside_quotes folds words and keeps quoted strings as written") {
  CHECK(str::lower_outside_quotes("ENUM('Red','green')") == "enum('Red','green')");
  CHECK(str::lower_outside_quotes("SET('It''s','Mon') NOT NULL") == "set('It''s','Mon') not null");
  CHECK(str::lower_outside_quotes("VARCHAR(40)") == "varchar(40)");
}
