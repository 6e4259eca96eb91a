#include <doctest/doctest.h>

#include "model/type.h"

using namespace bcdb::model;

TEST_CASE("logical types parse and print back in their manifest spelling") {
  for (const char* text : {"bool", "int64", "decimal(12,2)", "varchar(16)", "char(3)", "timestamptz", "json"}) {
    auto t = parse_type(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    CHECK(to_string(*t) == text);
  }
  CHECK(to_string(*parse_type(" Decimal( 10 , 0 ) ")) == "decimal(10,0)");
}

TEST_CASE("malformed types are rejected") {
  for (const char* text : {"varchar", "varchar(0)", "decimal(2,3)", "decimal(10)", "int128", "text(5)", "int64)"})
    CHECK_FALSE_MESSAGE(parse_type(text).has_value(), text);
}

TEST_CASE("type changes are classed by what they do to stored values") {
  auto t = [](const char* s) { return *parse_type(s); };
  CHECK(classify_type_change(t("int32"), t("int64")) == TypeChange::widening);
  CHECK(classify_type_change(t("int64"), t("int16")) == TypeChange::narrowing);
  CHECK(classify_type_change(t("varchar(10)"), t("varchar(20)")) == TypeChange::widening);
  CHECK(classify_type_change(t("varchar(10)"), t("text")) == TypeChange::widening);
  CHECK(classify_type_change(t("text"), t("varchar(10)")) == TypeChange::narrowing);
  CHECK(classify_type_change(t("decimal(10,2)"), t("decimal(12,2)")) == TypeChange::widening);
  CHECK(classify_type_change(t("decimal(10,2)"), t("decimal(10,3)")) == TypeChange::narrowing);
  CHECK(classify_type_change(t("text"), t("int64")) == TypeChange::conversion);
  CHECK(classify_type_change(t("int64"), t("int64")) == TypeChange::same);
}
