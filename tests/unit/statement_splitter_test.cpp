#include <doctest/doctest.h>

#include "dialect/statement_splitter.h"
#include "support/error.h"

using namespace bcdb::dialect;

namespace {

std::vector<SqlStatement> split(std::string_view text, std::string_view engine = "postgres") {
  return split_statements(text, SplitRules::for_engine(engine), "q.sql");
}

std::vector<std::string> texts(const std::vector<SqlStatement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.text);
  return out;
}

std::string split_error(std::string_view text, std::string_view engine = "postgres") {
  try {
    split(text, engine);
  } catch (const bcdb::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("statements are cut at ';', a last one without ';' counts, empty ones are left out") {
  CHECK(texts(split("SELECT 1; SELECT 2;\n;;  \nSELECT 3")) == std::vector<std::string>{"SELECT 1", "SELECT 2", "SELECT 3"});
  CHECK(split("").empty());
  CHECK(split("  ;\n -- nothing\n /* at all */ ;").empty());
  CHECK(texts(split("SELECT 1  \n\t")) == std::vector<std::string>{"SELECT 1"});
}

TEST_CASE("a ';' inside quotes does not end a statement") {
  CHECK(texts(split("INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"x;y\" FROM t")) ==
        std::vector<std::string>{"INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"x;y\" FROM t"});
  CHECK(texts(split("SELECT `a;b` FROM t; SELECT 1", "mysql")) == std::vector<std::string>{"SELECT `a;b` FROM t", "SELECT 1"});
  // MySQL reads a backslash as an escape inside strings; PostgreSQL and SQLite do not.
  CHECK(texts(split(R"(SELECT 'a\';b'; SELECT 2)", "mysql")) == std::vector<std::string>{R"(SELECT 'a\';b')", "SELECT 2"});
  CHECK(texts(split(R"(SELECT 'a\'; SELECT 2)", "sqlite")) == std::vector<std::string>{R"(SELECT 'a\')", "SELECT 2"});
  CHECK(texts(split("SELECT [a;b] FROM t; SELECT 2", "sqlite")) == std::vector<std::string>{"SELECT [a;b] FROM t", "SELECT 2"});
  // PostgreSQL's E'...' strings take backslash escapes.
  CHECK(texts(split(R"(SELECT E'a\';b'; SELECT 2)")) == std::vector<std::string>{R"(SELECT E'a\';b')", "SELECT 2"});
}

TEST_CASE("comments hide ';' and are not statements of their own") {
  auto s = split("-- a; b\nSELECT 1 /* x; y */ + 2; /* lead; */ SELECT 3 -- tail;\n");
  CHECK(texts(s) == std::vector<std::string>{"SELECT 1 /* x; y */ + 2", "SELECT 3 -- tail;"});
  // PostgreSQL nests block comments; MySQL does not.
  CHECK(texts(split("/* a /* b; */ c; */ SELECT 1")) == std::vector<std::string>{"SELECT 1"});
  CHECK(texts(split("/* a /* b */ SELECT 1; SELECT 2", "mysql")) == std::vector<std::string>{"SELECT 1", "SELECT 2"});
  // '#' is a comment on MySQL only, and MySQL wants a space after "--".
  CHECK(texts(split("# a; b\nSELECT 1", "mysql")) == std::vector<std::string>{"SELECT 1"});
  CHECK(texts(split("SELECT 5--1; SELECT 2", "mysql")) == std::vector<std::string>{"SELECT 5--1", "SELECT 2"});
  CHECK(texts(split("SELECT 1 # x\n; SELECT 2", "postgres")) == std::vector<std::string>{"SELECT 1 # x", "SELECT 2"});
}

TEST_CASE("PostgreSQL dollar quotes hide ';', and $1 is a parameter, not a quote") {
  auto s = split("SELECT $$a;b$$; SELECT $fn$ x; $$ y; $fn$ FROM t WHERE id = $1; SELECT a$b$c FROM t; SELECT 2");
  CHECK(texts(s) == std::vector<std::string>{"SELECT $$a;b$$", "SELECT $fn$ x; $$ y; $fn$ FROM t WHERE id = $1",
                                             "SELECT a$b$c FROM t", "SELECT 2"});
  // Elsewhere '$' quotes nothing.
  CHECK(texts(split("SELECT $$a; SELECT 2", "mysql")) == std::vector<std::string>{"SELECT $$a", "SELECT 2"});
}

TEST_CASE("each statement carries the line and column of its first token") {
  auto s = split("SELECT 1;\n\n  -- note\n  /* c */ SELECT\n    2;  UPDATE t SET a = 'x\n;y';\n\xc3\xa9t\xc3\xa9; SELECT 'h\xc3\xa9'; SELECT 3");
  REQUIRE(s.size() == 6);
  CHECK(s[0].line == 1);
  CHECK(s[0].column == 1);
  CHECK(s[1].line == 4);
  CHECK(s[1].column == 11);
  CHECK(s[1].text == "SELECT\n    2");
  CHECK(s[2].line == 5);
  CHECK(s[2].column == 9);
  CHECK(s[3].line == 7);  // after a newline inside a string
  CHECK(s[3].column == 1);
  CHECK(s[4].column == 6);  // after "été; ": five characters, seven bytes
  CHECK(s[5].column == 19);
}

TEST_CASE("a quote or comment never closed is an error naming file, line and column") {
  CHECK(split_error("SELECT 1;\nSELECT 'abc;\nSELECT 2") == "q.sql:2:8: a ' quote opens here and is never closed");
  CHECK(split_error("SELECT \"x") == "q.sql:1:8: a \" quote opens here and is never closed");
  CHECK(split_error("SELECT `x", "mysql") == "q.sql:1:8: a ` quote opens here and is never closed");
  CHECK(split_error("SELECT 1 /* x") == "q.sql:1:10: a /* comment opens here and is never closed");
  CHECK(split_error("/* a /* b */ SELECT 1") == "q.sql:1:1: a /* comment opens here and is never closed");
  CHECK(split_error("SELECT $tag$ x $$") == "q.sql:1:8: the dollar quote $tag$ opens here and is never closed");
  CHECK(split_error("SELECT [x", "sqlite") == "q.sql:1:8: a [ opens here and is never closed");
}

TEST_CASE("the leading keyword says which statements a prepare checks") {
  CHECK(leading_keyword("select 1") == "SELECT");
  CHECK(leading_keyword("( (SELECT 1) UNION (SELECT 2))") == "SELECT");
  CHECK(leading_keyword("drop_table") == "DROP_TABLE");
  CHECK(leading_keyword("$1") == "");
  for (const char* data : {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "REPLACE"})
    CHECK(is_data_statement(data));
  for (const char* other : {"DROP", "CREATE", "ALTER", "BEGIN", "SET", "COMMIT", "TRUNCATE", ""})
    CHECK_FALSE(is_data_statement(other));
}
