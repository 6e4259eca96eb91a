#include <doctest/doctest.h>

#include "model/expression_names.h"

using bcdb::model::names_read;
using Names = std::vector<std::string>;

TEST_CASE("expression names: columns, not functions, keywords, types, literals or qualifiers") {
  CHECK(names_read("substr(fulname, 1, 3)") == Names{"fulname"});
  CHECK(names_read("first_name || ' ' || last_name") == Names{"first_name", "last_name"});
  CHECK(names_read("CASE WHEN a IS NOT NULL THEN b ELSE 'x''y' END") == Names{"a", "b"});
  CHECK(names_read("CAST(total AS double precision) * rate") == Names{"total", "rate"});
  CHECK(names_read("amount::numeric(12, 2) + fee") == Names{"amount", "fee"});
  CHECK(names_read("created_at::timestamp with time zone") == Names{"created_at"});
  CHECK(names_read("x::int BETWEEN lo AND hi") == Names{"x", "lo", "hi"});
  CHECK(names_read("CAST(n AS UNSIGNED)") == Names{"n"});
  CHECK(names_read("DATE '2020-01-01' + INTERVAL '1 day'").empty());
  CHECK(names_read("x'ABCD' || E'\\n' || _utf8mb4'a'").empty());
  CHECK(names_read("lower(name) COLLATE \"C\"") == Names{"name"});
  CHECK(names_read("t.a + \"Mixed Case\" + `tick` + a") == Names{"Mixed Case", "tick", "a"});
  CHECK(names_read("1.5e3 + 0x1F + n") == Names{"n"});
  CHECK(names_read("CURRENT_TIMESTAMP").empty());
  CHECK(names_read("coalesce(a, b, a)") == Names{"a", "b"});
  CHECK(names_read("\"null\"") == Names{"null"});  // quoted: a name whatever it spells
}
