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
