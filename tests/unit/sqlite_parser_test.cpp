#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/sqlite/sql_parser.h"

using namespace bcdb::dialect::sqlite;
using Kind = Token::Kind;

namespace {

// normalize_expr, checking on the way that normalising again changes nothing.
std::string norm(std::string_view expr) {
  std::string once = normalize_expr(expr);
  INFO("expression: ", std::string(expr), " -> ", once);
  CHECK(normalize_expr(once) == once);
  return once;
}

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    if (t.kind != Kind::end) out.push_back(t.text);
  return out;
}

std::size_t error_offset(void (*fn)(std::string_view), std::string_view sql) {
  try {
    fn(sql);
  } catch (const ParseError& e) {
    return e.offset;
  }
  FAIL("no ParseError for: ", std::string(sql));
  return 0;
}

void tokenize_only(std::string_view sql) { tokenize(sql); }
void table_only(std::string_view sql) { parse_create_table(sql); }
void index_only(std::string_view sql) { parse_create_index(sql); }

std::string error_message(void (*fn)(std::string_view), std::string_view sql) {
  try {
    fn(sql);
  } catch (const ParseError& e) {
    return e.what();
  }
  FAIL("no ParseError for: ", std::string(sql));
  return {};
}

const ParsedColumn& column(const ParsedTable& t, std::string_view name) {
  for (const auto& c : t.columns)
    if (c.name == name) return c;
  FAIL("no column ", std::string(name));
  return t.columns.front();
}

using Strings = std::vector<std::string>;

// A :memory: SQLite database for the tests that ask SQLite what it stores.
class Db {
 public:
  Db() {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(":memory:", &raw) == SQLITE_OK);
    db_.reset(raw);
  }
  void exec(const std::string& sql) {
    std::string message = try_exec(sql);
    INFO(sql, ": ", message);
    REQUIRE(message.empty());
  }
  // The error message, empty on success.
  std::string try_exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : (rc == SQLITE_OK ? "" : "error " + std::to_string(rc));
    sqlite3_free(err);
    return message;
  }
  // Every row of a one-text-column query; NULL comes back as nullopt.
  std::vector<std::optional<std::string>> column(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) == SQLITE_OK);
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
    std::vector<std::optional<std::string>> out;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
      auto text = sqlite3_column_text(stmt.get(), 0);
      out.push_back(text ? std::optional<std::string>(reinterpret_cast<const char*>(text)) : std::nullopt);
    }
    return out;
  }
  std::string one(const std::string& sql) {
    auto rows = column(sql);
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].has_value());
    return *rows[0];
  }
  std::string table_sql(const std::string& name) {
    return one("SELECT sql FROM sqlite_schema WHERE name = '" + name + "'");
  }

 private:
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_{nullptr, &sqlite3_close};
};

}  // namespace

// --- tokenizer ----------------------------------------------------------------------------------

TEST_CASE("sqlite tokenize: identifiers in every quoting style") {
  auto tokens = tokenize("abc _x1 a$b caf\xc3\xa9 \"q \"\"x\"\"\" `b``t` [sq br]");
  REQUIRE(tokens.size() == 8);
  CHECK(tokens[0].kind == Kind::identifier);
  CHECK(tokens[2].text == "a$b");
  CHECK(tokens[3].text == "caf\xc3\xa9");  // bytes >= 0x80 belong to identifiers
  CHECK(tokens[3].kind == Kind::identifier);
  CHECK(tokens[4].kind == Kind::quoted_identifier);
  CHECK(tokens[4].text == "\"q \"\"x\"\"\"");
  CHECK(tokens[5].text == "`b``t`");
  CHECK(tokens[6].text == "[sq br]");
  CHECK(tokens[6].kind == Kind::quoted_identifier);
  CHECK(tokens[7].kind == Kind::end);
  CHECK(tokens[7].offset == 42);
  CHECK(tokens[1].offset == 4);
}

TEST_CASE("sqlite tokenize: literals and variables") {
  auto tokens = tokenize("'it''s' X'0aFF' x'' 1 1e5 .5 1.5E-3 0x1F 3. ? ?12 :name @v $t");
  Strings expected = {"'it''s'", "X'0aFF'", "x''", "1", "1e5", ".5", "1.5E-3", "0x1F", "3.", "?", "?12",
                      ":name", "@v", "$t"};
  CHECK(texts(tokens) == expected);
  std::vector<Kind> kinds = {Kind::string, Kind::blob, Kind::blob, Kind::number, Kind::number,
                             Kind::number, Kind::number, Kind::number, Kind::number, Kind::variable,
                             Kind::variable, Kind::variable, Kind::variable, Kind::variable};
  for (std::size_t i = 0; i < kinds.size(); ++i) CHECK(tokens[i].kind == kinds[i]);
}

TEST_CASE("sqlite tokenize: operators take the longest match") {
  auto tokens = tokenize("a||b<<c>>d<=e>=f==g!=h<>i->j->>k<l>m=n.o-p+q*r/s%t&u|v~w(x,y);");
  Strings ops;
  for (const auto& t : tokens)
    if (t.kind == Kind::op) ops.push_back(t.text);
  Strings expected = {"||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->", "->>", "<", ">", "=", ".",
                      "-",  "+",  "*",  "/",  "%",  "&",  "|",  "~",  "(",  ",",   ")", ";"};
  CHECK(ops == expected);
}

TEST_CASE("sqlite tokenize: comments are skipped, including inside statements") {
  auto tokens = tokenize("a -- line comment\n+ /* block\n comment */ b -- trailing");
  CHECK(texts(tokens) == Strings{"a", "+", "b"});
  CHECK(tokens[2].offset == 41);
  CHECK(texts(tokenize("a/**/b")) == Strings{"a", "b"});
  CHECK(texts(tokenize("a\t\v\f\r\nb")) == Strings{"a", "b"});
  CHECK(texts(tokenize("a - - b")) == Strings{"a", "-", "-", "b"});
}

TEST_CASE("sqlite tokenize: unterminated forms throw ParseError at their start") {
  CHECK(error_offset(tokenize_only, "SELECT 'abc") == 7);
  CHECK(error_offset(tokenize_only, "a = 'it''s") == 4);
  CHECK(error_offset(tokenize_only, "x \"col") == 2);
  CHECK(error_offset(tokenize_only, "x `col") == 2);
  CHECK(error_offset(tokenize_only, "x [col") == 2);
  CHECK(error_offset(tokenize_only, "x /* never closed") == 2);
  CHECK(error_offset(tokenize_only, "x X'00") == 2);
  CHECK(error_offset(tokenize_only, "X'123'") == 0);  // odd number of hex digits
  CHECK(error_offset(tokenize_only, "1 + 12abc") == 4);
  CHECK(error_offset(tokenize_only, "a ! b") == 2);
  CHECK(error_message(tokenize_only, "SELECT 'abc").find("unterminated string") != std::string::npos);
}

TEST_CASE("sqlite unquote_identifier") {
  CHECK(unquote_identifier("plain") == "plain");
  CHECK(unquote_identifier("\"a\"\"b\"") == "a\"b");
  CHECK(unquote_identifier("[x y]") == "x y");
  CHECK(unquote_identifier("`t`") == "t");
  CHECK(unquote_identifier("`a``b`") == "a`b");
  CHECK(unquote_identifier("'s''q'") == "s'q");
  CHECK(unquote_identifier("\"\"") == "");
}

// --- normalize_expr -----------------------------------------------------------------------------

TEST_CASE("sqlite normalize_expr: the examples from the header") {
  CHECK(norm("( Total>=0 )") == "total >= 0");
  CHECK(norm("\"status\" IN ('a','b')") == "status in ('a', 'b')");
  CHECK(norm("CURRENT_TIMESTAMP") == "current_timestamp");
  CHECK(norm("datetime( 'now' )") == "datetime('now')");
  CHECK(norm("- 1") == "-1");
}

TEST_CASE("sqlite normalize_expr: identifiers and quoting") {
  CHECK(norm("Price * Qty") == "price * qty");
  CHECK(norm("[Price] * `Qty`") == "price * qty");
  CHECK(norm("\"order\" > 0") == "\"order\" > 0");         // keyword: stays quoted
  CHECK(norm("[ORDER] > 0") == "\"order\" > 0");
  CHECK(norm("\"My Col\" = 1") == "\"my col\" = 1");       // not a plain name
  CHECK(norm("\"a\"\"b\" = 1") == "\"a\"\"b\" = 1");       // re-quoted with "" escaping
  CHECK(norm("\"1abc\" = 1") == "\"1abc\" = 1");
  CHECK(norm("\"caf\xc3\xa9\" = 1") == "\"caf\xc3\xa9\" = 1");  // non-ASCII is never bare
  CHECK(norm("Caf\xc3\xa9 = 1") == "\"caf\xc3\xa9\" = 1");
  CHECK(norm("a$B + 1") == norm("\"A$b\" + 1"));
  CHECK(norm("\"true\"") == "\"true\"");                   // a column, unlike bare true
  CHECK(norm("TRUE") == "true");
  // Keywords SQLite reads as names: bare and quoted spellings agree.
  CHECK(norm("key > 0") == norm("\"KEY\" > 0"));
  CHECK(norm("key > 0") == "\"key\" > 0");
  CHECK(norm("action <> no") == "\"action\" <> \"no\"");
  CHECK(norm("T.Col") == "t.col");
  CHECK(norm("t . \"order\"") == "t.\"order\"");
  CHECK(norm("main.t.key") == "main.t.\"key\"");
  CHECK(norm("x COLLATE NOCASE") == "x collate nocase");
}

TEST_CASE("sqlite normalize_expr: literals") {
  CHECK(norm("'It''s'  ||  'X'") == "'It''s' || 'X'");  // strings byte for byte
  CHECK(norm("'  spaced  '") == "'  spaced  '");
  CHECK(norm("X'0A'") == "x'0a'");
  CHECK(norm("1E5 + 0X1F") == "1e5 + 0x1f");
  CHECK(norm(".5") == ".5");
  CHECK(norm(":Name = ?1") == ":Name = ?1");
  CHECK(norm("NULL") == "null");
}

TEST_CASE("sqlite normalize_expr: spacing") {
  CHECK(norm("a+b") == "a + b");
  CHECK(norm("a   AND\n\tb") == "a and b");
  CHECK(norm("f( a , b )") == "f(a, b)");
  CHECK(norm("count( * )") == "count(*)");
  CHECK(norm("coalesce(a,b,c)") == "coalesce(a, b, c)");
  CHECK(norm("CAST ( x AS INTEGER )") == "cast(x as integer)");
  CHECK(norm("x -> '$.a' ->> 'b'") == "x -> '$.a' ->> 'b'");
  CHECK(norm("CASE WHEN a>0 THEN 'p' ELSE 'n' END") == "case when a > 0 then 'p' else 'n' end");
  CHECK(norm("x BETWEEN 1 AND 10") == "x between 1 and 10");
  CHECK(norm("NOT EXISTS (SELECT 1)") == "not exists (select 1)");
  CHECK(norm("x NOT IN(1,2)") == "x not in (1, 2)");
  // LIKE and REPLACE are keywords that double as functions.
  CHECK(norm("like( 'a%' , x )") == "like('a%', x)");
  CHECK(norm("x LIKE ('a%')") == "x like ('a%')");
  CHECK(norm("x NOT LIKE ('a%')") == "x not like ('a%')");
  CHECK(norm("REPLACE(s,'a','b')") == "replace(s, 'a', 'b')");
}

TEST_CASE("sqlite normalize_expr: unary signs") {
  CHECK(norm("-x") == "-x");
  CHECK(norm("a - b") == "a - b");
  CHECK(norm("a-b") == "a - b");
  CHECK(norm("a * - b") == "a * -b");
  CHECK(norm("f(- 1, + 2)") == "f(-1, +2)");
  CHECK(norm("( - 1 )") == "-1");
  CHECK(norm("x > - 1 AND y < - 2") == "x > -1 and y < -2");
  CHECK(norm("CASE WHEN x THEN - 1 ELSE + 2 END - 3") == "case when x then -1 else +2 end - 3");
  CHECK(norm("NULL - 1") == "null - 1");
  CHECK(norm("(a) - 1") == "(a) - 1");
  CHECK(norm("- - 1") == "- -1");  // never "--", which would start a comment
  CHECK(norm("a - -1") == "a - -1");
  CHECK(norm("~ x") == "~x");
  CHECK(norm("- (a + b)") == "-(a + b)");
}

TEST_CASE("sqlite normalize_expr: redundant outer parentheses") {
  CHECK(norm("((( a = 1 )))") == "a = 1");
  CHECK(norm("(a) + (b)") == "(a) + (b)");
  CHECK(norm("((a) + (b))") == "(a) + (b)");
  CHECK(norm("(a = 1) AND (b = 2)") == "(a = 1) and (b = 2)");
  CHECK(norm("(datetime('now'))") == "datetime('now')");
  CHECK(norm("(1, 2)") == "(1, 2)");           // a row value
  CHECK(norm("(SELECT 1)") == "(select 1)");   // a subquery
  CHECK(norm("()") == "()");
  CHECK(norm("") == "");
}

TEST_CASE("sqlite normalize_expr: spellings SQLite treats alike compare equal") {
  CHECK(norm("a == 1") == norm("a = 1"));
  CHECK(norm("a != 1") == norm("a <> 1"));
  CHECK(norm("a != 1") == "a <> 1");
  CHECK(norm("a ISNULL") == "a is null");
  CHECK(norm("a NOTNULL") == "a is not null");
  CHECK(norm("a NOT NULL") == "a is not null");
  CHECK(norm("a IS NOT NULL") == "a is not null");
  CHECK(norm("NOT NULL") == "not null");  // prefix NOT is not the postfix operator
  CHECK(norm("a = 1 /* why */ -- and more") == "a = 1");
  CHECK(norm("length(\"name\")>0") == norm("LENGTH( name ) > 0"));
}

TEST_CASE("sqlite normalize_expr: the keyword list matches the linked SQLite") {
  // Every keyword SQLite knows must stay quoted; a word outside the list must not.
  int count = sqlite3_keyword_count();
  CHECK(count == 147);
  for (int i = 0; i < count; ++i) {
    const char* name = nullptr;
    int length = 0;
    REQUIRE(sqlite3_keyword_name(i, &name, &length) == SQLITE_OK);
    std::string word(name, static_cast<std::size_t>(length));
    std::string lower;
    for (char c : word) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    INFO(word);
    CHECK(norm("\"" + word + "\"") == "\"" + lower + "\"");
  }
  CHECK(norm("\"rowid\"") == "rowid");
  CHECK(norm("\"strict\"") == "strict");
}

TEST_CASE("sqlite normalize_expr: SQLite evaluates the normalised text to the same value") {
  Db db;
  db.exec("CREATE TABLE v(a, b, \"key\", \"order\", s, n)");
  db.exec("INSERT INTO v VALUES (3, -2, 7, 9, 'xAbc', NULL), (0, 5, NULL, 1, 'ABC', 1)");
  const char* expressions[] = {
      "a NOT NULL",        "n ISNULL",           "n NOTNULL",         "a = b NOT NULL",
      "NOT n NOT NULL",    "a == 3",             "a != 3",            "- - a",
      "-a - -b",           "key + 1",            "[key] * \"order\"", "\"KEY\" - 1",
      "v.key + v.\"order\"", "like('x%', s)",   "s NOT LIKE 'x%'",   "s LIKE ('x%')",
      "CASE WHEN a > 0 THEN - 1 ELSE + 2 END - 3", "CAST( a AS TEXT ) || 'x'", "(a) + (b)", "((a + b))",
      "X'0A' = x'0a'",     "0X1F + 1E2",         "replace(s, 'A', 'b')", "s COLLATE NOCASE = 'abc'",
      "a IN (1,3)",        "(a, b) = (3, -2)",   "a BETWEEN -1 AND 10", "~ a",
      "typeof(a)",         "abs(- b)",           "a = 1 ISNULL",      "'it''s' || s",
      "s ->> '$'",         "coalesce(n, key, -1)", "a % 2 = 1 AND b < 0 OR n IS NULL",
      "(SELECT max(a) FROM v)", "EXISTS ( SELECT 1 FROM v WHERE n IS NOT NULL )",
      "1 -- comment\n + /* two */ 2",
  };
  for (const char* expr : expressions) {
    std::string normal = norm(expr);
    INFO(expr, " -> ", normal);
    auto original = db.column(std::string("SELECT quote(") + expr + ") FROM v ORDER BY rowid");
    auto rewritten = db.column("SELECT quote(" + normal + ") FROM v ORDER BY rowid");
    CHECK(original == rewritten);
  }
}

TEST_CASE("sqlite normalize_expr: idempotent on random token soup") {
  // Not valid SQL, only a stress test for the spacing and rewriting rules.
  const char* vocabulary[] = {"a", "KEY", "\"Key\"", "[order]", "NOT", "NULL", "IS", "ISNULL", "-", "+", "~",
                              "(", ")", ",", ".", "1", "'s'", "x'0A'", "like", "Cast", "replace", "end",
                              "case", "==", "!=", "||", "->>", "COLLATE", "no", "exclude", "?", "f", "true"};
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (int round = 0; round < 2000; ++round) {
    std::string expr;
    std::size_t length = 1 + next() % 12;
    for (std::size_t i = 0; i < length; ++i) {
      expr += vocabulary[(next() >> 8) % std::size(vocabulary)];
      expr += (next() >> 4) % 2 ? " " : "";
    }
    std::string once;
    try {
      once = normalize_expr(expr);
    } catch (const ParseError&) {
      continue;  // e.g. "1f" glued into a malformed number
    }
    INFO(expr, " -> ", once);
    REQUIRE(normalize_expr(once) == once);
    CHECK(once.find("--") == std::string::npos);
  }
}

TEST_CASE("sqlite normalize_expr: bad input throws ParseError") {
  CHECK_THROWS_AS(normalize_expr("'open"), ParseError);
}

// --- CREATE TABLE -------------------------------------------------------------------------------

TEST_CASE("sqlite parse_create_table: head variants") {
  CHECK(parse_create_table("CREATE TABLE t(a)").name == "t");
  CHECK(parse_create_table("create temp table if not exists main.\"My T\"(a);").name == "My T");
  CHECK(parse_create_table("CREATE TEMPORARY TABLE [x y](a)").name == "x y");
  CHECK(parse_create_table("CREATE TABLE `s`.`t`(a)").name == "t");
  CHECK(parse_create_table("CREATE TABLE 'str'(a)").name == "str");
  auto t = parse_create_table("  CREATE TABLE t (a INT, b) ;  ");
  REQUIRE(t.columns.size() == 2);
  CHECK(t.columns[1].declared_type.empty());
}

TEST_CASE("sqlite parse_create_table: type names") {
  auto t = parse_create_table(
      "CREATE TABLE t(a UNSIGNED   BIG\n INT, b VARCHAR( 16 ), c DECIMAL (12 , 2), d DOUBLE PRECISION NOT NULL,"
      " e \"my type\", f int, g NUMERIC(-5, +3), h)");
  CHECK(column(t, "a").declared_type == "UNSIGNED BIG INT");
  CHECK(column(t, "b").declared_type == "VARCHAR(16)");
  CHECK(column(t, "c").declared_type == "DECIMAL(12,2)");
  CHECK(column(t, "d").declared_type == "DOUBLE PRECISION");
  CHECK(column(t, "d").not_null);
  CHECK(column(t, "e").declared_type == "\"my type\"");
  CHECK(column(t, "f").declared_type == "int");
  CHECK(column(t, "g").declared_type == "NUMERIC(-5,+3)");
  CHECK(column(t, "h").declared_type.empty());
  // GENERATED is a type word unless GENERATED ALWAYS follows.
  auto g = parse_create_table("CREATE TABLE t(a GENERATED, b INT GENERATED ALWAYS AS (1), c KEY NO ACTION)");
  CHECK(column(g, "a").declared_type == "GENERATED");
  CHECK(column(g, "b").declared_type == "INT");
  CHECK(column(g, "b").generated_expr == std::optional<std::string>("1"));
  CHECK(column(g, "c").declared_type == "KEY NO ACTION");
}

TEST_CASE("sqlite parse_create_table: column constraints in any order") {
  auto t = parse_create_table(R"(CREATE TABLE t(
      id INTEGER CONSTRAINT pk PRIMARY KEY DESC ON CONFLICT ROLLBACK AUTOINCREMENT,
      name TEXT COLLATE NOCASE NOT NULL ON CONFLICT FAIL CONSTRAINT name_uq UNIQUE ON CONFLICT IGNORE,
      note TEXT NULL DEFAULT 'n/a' CHECK (length(note) < 100),
      total REAL CONSTRAINT total_pos CHECK( total >= 0 ) NOT NULL DEFAULT 0.0,
      tag TEXT UNIQUE COLLATE "binary"
  ))");
  const auto& id = column(t, "id");
  CHECK(id.primary_key);
  CHECK(id.autoincrement);
  CHECK(t.primary_key == Strings{"id"});
  CHECK(t.primary_key_name == "pk");
  const auto& name = column(t, "name");
  CHECK(name.not_null);
  CHECK(name.collation == std::optional<std::string>("NOCASE"));
  CHECK_FALSE(name.primary_key);
  REQUIRE(t.uniques.size() == 2);
  CHECK(t.uniques[0].name == "name_uq");
  CHECK(t.uniques[0].columns == Strings{"name"});
  CHECK(t.uniques[1].name.empty());
  CHECK(t.uniques[1].columns == Strings{"tag"});
  CHECK(column(t, "tag").collation == std::optional<std::string>("binary"));
  const auto& note = column(t, "note");
  CHECK_FALSE(note.not_null);
  CHECK(note.default_expr == std::optional<std::string>("'n/a'"));
  REQUIRE(t.checks.size() == 2);
  CHECK(t.checks[0].name.empty());
  CHECK(t.checks[0].expr == "length(note) < 100");
  CHECK(t.checks[1].name == "total_pos");
  CHECK(t.checks[1].expr == "total >= 0");  // as written, trimmed
  CHECK(column(t, "total").default_expr == std::optional<std::string>("0.0"));
  CHECK(column(t, "total").not_null);
}

TEST_CASE("sqlite parse_create_table: every DEFAULT form") {
  auto t = parse_create_table(R"(CREATE TABLE t(
      a DEFAULT 'x', b DEFAULT 42, c DEFAULT -1, d DEFAULT + 2.5, e DEFAULT - 1, f DEFAULT (datetime('now')),
      g DEFAULT CURRENT_TIMESTAMP, h DEFAULT current_date, i DEFAULT CURRENT_TIME, j DEFAULT TRUE,
      k DEFAULT false, l DEFAULT NULL, m DEFAULT X'ff', n DEFAULT abc, o DEFAULT "q", p DEFAULT ( 1 + 2 ),
      q DEFAULT 0x10, r DEFAULT 1e3, s DEFAULT ((a))
  ))");
  std::map<std::string, std::string> expected = {
      {"a", "'x'"},         {"b", "42"},
      {"c", "-1"},          {"d", "+ 2.5"},
      {"e", "- 1"},         {"f", "(datetime('now'))"},
      {"g", "CURRENT_TIMESTAMP"}, {"h", "current_date"},
      {"i", "CURRENT_TIME"}, {"j", "TRUE"},
      {"k", "false"},       {"l", "NULL"},
      {"m", "X'ff'"},       {"n", "abc"},
      {"o", "\"q\""},       {"p", "( 1 + 2 )"},
      {"q", "0x10"},        {"r", "1e3"},
      {"s", "((a))"}};
  for (const auto& [name, text] : expected) {
    INFO(name);
    CHECK(column(t, name).default_expr == std::optional<std::string>(text));
  }
  CHECK(norm(*column(t, "f").default_expr) == "datetime('now')");
  CHECK(norm(*column(t, "e").default_expr) == "-1");
  CHECK_FALSE(parse_create_table("CREATE TABLE t(a)").columns[0].default_expr.has_value());
}

TEST_CASE("sqlite parse_create_table: generated columns") {
  auto t = parse_create_table(
      "CREATE TABLE t(a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS ( a+1 ), d TEXT AS (upper(x)) VIRTUAL,"
      " e INT NOT NULL AS (a) stored)");
  CHECK_FALSE(column(t, "a").generated_expr.has_value());
  CHECK(column(t, "b").generated_expr == std::optional<std::string>("a * 2"));
  CHECK(column(t, "b").generated_stored);
  CHECK(column(t, "c").generated_expr == std::optional<std::string>("a+1"));
  CHECK_FALSE(column(t, "c").generated_stored);
  CHECK(column(t, "d").generated_expr == std::optional<std::string>("upper(x)"));
  CHECK_FALSE(column(t, "d").generated_stored);
  CHECK(column(t, "e").generated_stored);
  CHECK(column(t, "e").not_null);
}

TEST_CASE("sqlite parse_create_table: foreign keys") {
  auto t = parse_create_table(R"(CREATE TABLE t(
      a INT REFERENCES p,
      b INT CONSTRAINT fk_b REFERENCES "Parent"(id) ON DELETE CASCADE ON UPDATE SET NULL MATCH SIMPLE
          DEFERRABLE INITIALLY DEFERRED,
      c INT, d INT,
      CONSTRAINT fk_cd FOREIGN KEY (c, d) REFERENCES q(x, y) ON UPDATE RESTRICT ON DELETE SET DEFAULT
          NOT DEFERRABLE INITIALLY DEFERRED,
      FOREIGN KEY(c) REFERENCES r ON DELETE NO ACTION DEFERRABLE,
      FOREIGN KEY(d) REFERENCES s(z) ON INSERT CASCADE DEFERRABLE INITIALLY IMMEDIATE
  ))");
  REQUIRE(t.foreign_keys.size() == 5);
  const auto& a = t.foreign_keys[0];
  CHECK(a.name.empty());
  CHECK(a.columns == Strings{"a"});
  CHECK(a.ref_table == "p");
  CHECK(a.ref_columns.empty());
  CHECK(a.on_delete == "no action");
  CHECK(a.on_update == "no action");
  CHECK_FALSE(a.deferrable);
  const auto& b = t.foreign_keys[1];
  CHECK(b.name == "fk_b");
  CHECK(b.ref_table == "Parent");
  CHECK(b.ref_columns == Strings{"id"});
  CHECK(b.on_delete == "cascade");
  CHECK(b.on_update == "set null");
  CHECK(b.deferrable);
  CHECK(b.initially_deferred);
  const auto& cd = t.foreign_keys[2];
  CHECK(cd.name == "fk_cd");
  CHECK(cd.columns == Strings{"c", "d"});
  CHECK(cd.ref_columns == Strings{"x", "y"});
  CHECK(cd.on_update == "restrict");
  CHECK(cd.on_delete == "set default");
  CHECK_FALSE(cd.deferrable);
  CHECK_FALSE(cd.initially_deferred);
  CHECK(t.foreign_keys[3].deferrable);
  CHECK_FALSE(t.foreign_keys[3].initially_deferred);
  CHECK(t.foreign_keys[4].deferrable);
  CHECK_FALSE(t.foreign_keys[4].initially_deferred);
  CHECK(t.foreign_keys[4].on_delete == "no action");
}

TEST_CASE("sqlite parse_create_table: table constraints") {
  auto t = parse_create_table(R"(CREATE TABLE t(
      a TEXT, b INT, c INT,
      CONSTRAINT t_pk PRIMARY KEY (a COLLATE NOCASE DESC, "b" ASC) ON CONFLICT REPLACE,
      UNIQUE (b, c) ON CONFLICT ABORT
      CONSTRAINT c_uq UNIQUE ([c]),
      CHECK (b > 0) CONSTRAINT bc CHECK (b < c)
  ))");
  CHECK(t.primary_key == Strings{"a", "b"});
  CHECK(t.primary_key_name == "t_pk");
  CHECK_FALSE(column(t, "a").primary_key);  // only column-level PRIMARY KEY sets this
  REQUIRE(t.uniques.size() == 2);
  CHECK(t.uniques[0].name.empty());
  CHECK(t.uniques[0].columns == Strings{"b", "c"});
  CHECK(t.uniques[1].name == "c_uq");
  CHECK(t.uniques[1].columns == Strings{"c"});
  REQUIRE(t.checks.size() == 2);
  CHECK(t.checks[0].expr == "b > 0");
  CHECK(t.checks[1].name == "bc");
  CHECK(t.checks[1].expr == "b < c");
}

TEST_CASE("sqlite parse_create_table: a CONSTRAINT name lasts until the next column or comma") {
  auto t = parse_create_table(
      "CREATE TABLE t(a CONSTRAINT x NOT NULL CHECK (a > 0) CHECK (a < 10), b CHECK (b > 0), "
      "c CONSTRAINT n1 CONSTRAINT n2 CHECK (c > 0), "
      "CONSTRAINT y CHECK (a > 1) CHECK (b > 1), CHECK (c > 1) CONSTRAINT z, CHECK (a > 2))");
  Strings names;
  for (const auto& c : t.checks) names.push_back(c.name);
  CHECK(names == Strings{"x", "x", "", "n2", "y", "y", "", ""});
}

TEST_CASE("sqlite parse_create_table: table-level PRIMARY KEY with AUTOINCREMENT") {
  auto t = parse_create_table("CREATE TABLE t(id INTEGER, v, PRIMARY KEY(id AUTOINCREMENT))");
  CHECK(t.primary_key == Strings{"id"});
  CHECK(column(t, "id").autoincrement);
  CHECK_FALSE(column(t, "v").autoincrement);
}

TEST_CASE("sqlite parse_create_table: checks keep declaration order and text as written") {
  auto t = parse_create_table(
      "CREATE TABLE t(a INT CHECK (a > 0), b INT CONSTRAINT b_ok CHECK ( b IN ( 'x' , 'y' ) ), "
      "CHECK ((a + b) /* sum */ < 10))");
  REQUIRE(t.checks.size() == 3);
  CHECK(t.checks[0].expr == "a > 0");
  CHECK(t.checks[1].expr == "b IN ( 'x' , 'y' )");
  CHECK(t.checks[2].expr == "(a + b) /* sum */ < 10");
  CHECK(norm(t.checks[2].expr) == "(a + b) < 10");
}

TEST_CASE("sqlite parse_create_table: table options") {
  CHECK(parse_create_table("CREATE TABLE t(a PRIMARY KEY) WITHOUT ROWID").without_rowid);
  CHECK_FALSE(parse_create_table("CREATE TABLE t(a PRIMARY KEY) WITHOUT ROWID").strict);
  CHECK(parse_create_table("CREATE TABLE t(a INT) STRICT").strict);
  auto both = parse_create_table("CREATE TABLE t(a INT PRIMARY KEY) strict , without rowid;");
  CHECK(both.strict);
  CHECK(both.without_rowid);
  auto other = parse_create_table("CREATE TABLE t(a INT PRIMARY KEY) WITHOUT ROWID, STRICT");
  CHECK(other.strict);
  CHECK(other.without_rowid);
  auto none = parse_create_table("CREATE TABLE t(a)");
  CHECK_FALSE(none.strict);
  CHECK_FALSE(none.without_rowid);
}

TEST_CASE("sqlite parse_create_table: keyword-named columns and quoting styles") {
  auto t = parse_create_table(
      "CREATE TABLE \"select\"(\"order\" INT, [group] TEXT, `from` REAL, key TEXT, action TEXT, no INT, "
      "desc INT, replace INT, \"a\"\"b\" INT, 'str' INT, [x y] INT, current_timestamp INT, "
      "PRIMARY KEY(\"order\", key))");
  CHECK(t.name == "select");
  Strings names;
  for (const auto& c : t.columns) names.push_back(c.name);
  CHECK(names == Strings{"order", "group", "from", "key", "action", "no", "desc", "replace", "a\"b", "str", "x y",
                         "current_timestamp"});
  CHECK(column(t, "key").declared_type == "TEXT");
  CHECK(column(t, "desc").declared_type == "INT");
  CHECK(t.primary_key == Strings{"order", "key"});
}

TEST_CASE("sqlite parse_create_table: keywords as bare names and type words agree with SQLite") {
  // For each keyword the linked SQLite knows, the parser accepts it bare as a column name and as
  // a type word exactly when SQLite does.
  Db db;
  for (int i = 0; i < sqlite3_keyword_count(); ++i) {
    const char* name = nullptr;
    int length = 0;
    REQUIRE(sqlite3_keyword_name(i, &name, &length) == SQLITE_OK);
    std::string word(name, static_cast<std::size_t>(length));
    for (const std::string& sql : {"CREATE TABLE t(" + word + " INT)", "CREATE TABLE t(a " + word + ")"}) {
      INFO(sql);
      bool sqlite_accepts = db.try_exec(sql).empty();
      bool parser_accepts = true;
      try {
        auto t = parse_create_table(sql);
        CHECK((t.columns[0].name == word || t.columns[0].declared_type == word ||
               t.columns[0].declared_type.empty()));
      } catch (const ParseError&) {
        parser_accepts = false;
      }
      CHECK(parser_accepts == sqlite_accepts);
      if (sqlite_accepts) db.exec("DROP TABLE t");
    }
  }
}

TEST_CASE("sqlite parse_create_table: comments anywhere") {
  auto t = parse_create_table(
      "CREATE /* c1 */ TABLE t -- the table\n"
      "( -- columns\n a INT /* the key */ PRIMARY KEY, -- trailing\n"
      "  b TEXT DEFAULT /* none */ 'x' CHECK (b <> '' /* not empty */) )  -- done");
  REQUIRE(t.columns.size() == 2);
  CHECK(t.primary_key == Strings{"a"});
  CHECK(column(t, "a").declared_type == "INT");
  CHECK(column(t, "b").default_expr == std::optional<std::string>("'x'"));
  REQUIRE(t.checks.size() == 1);
  CHECK(t.checks[0].expr == "b <> '' /* not empty */");
}

TEST_CASE("sqlite parse_create_table: errors") {
  CHECK(error_offset(table_only, "CREATE VIEW v AS SELECT 1") == 7);
  CHECK(error_message(table_only, "CREATE VIEW v AS SELECT 1").find("expected TABLE") != std::string::npos);
  CHECK(error_offset(table_only, "CREATE INDEX i ON t(a)") == 7);
  CHECK(error_offset(table_only, "CREATE VIRTUAL TABLE v USING fts5(a)") == 7);
  CHECK(error_offset(table_only, "SELECT 1") == 0);
  CHECK(error_offset(table_only, "") == 0);
  CHECK(error_offset(table_only, "CREATE TABLE t AS SELECT 1") == 15);
  CHECK(error_message(table_only, "CREATE TABLE t AS SELECT 1").find("AS SELECT") != std::string::npos);
  CHECK(error_offset(table_only, "CREATE TABLE t(a DEFAULT 'x)") == 25);
  CHECK(error_offset(table_only, "CREATE TABLE t(a INT") == 20);
  CHECK(error_offset(table_only, "CREATE TABLE t(a CHECK (a > 0)") == 30);
  CHECK(error_offset(table_only, "CREATE TABLE t(a CHECK (a > 0") == 29);
  CHECK(error_offset(table_only, "CREATE TABLE t(a INT, PRIMARY KEY(a),)") == 37);
  CHECK(error_offset(table_only, "CREATE TABLE t()") == 15);
  CHECK(error_offset(table_only, "CREATE TABLE t(a) WITHOUT ROWS") == 26);
  CHECK(error_offset(table_only, "CREATE TABLE t(a) STRICT x") == 25);
  CHECK(error_offset(table_only, "CREATE TABLE t(a REFERENCES p ON DELETE EXPLODE)") == 40);
  CHECK(error_offset(table_only, "CREATE TABLE t(a PRIMARY KEY, b PRIMARY KEY)") == 32);
  CHECK(error_offset(table_only, "CREATE TABLE t(a VARCHAR(max))") == 25);
  CHECK(error_offset(table_only, "CREATE TABLE t(a, UNIQUE(lower(a)))") == 30);
  CHECK(error_offset(table_only, "CREATE TABLE t(a INT NOT FOO)") == 25);
  CHECK(error_offset(table_only, "CREATE TABLE t(NOT NULL)") == 15);    // NOT cannot be a bare name
  CHECK(error_offset(table_only, "CREATE TABLE t(a VARCHAR MATCH FULL)") == 31);  // nor FULL a type word
  CHECK(error_offset(table_only, "CREATE TABLE select(a)") == 13);
  std::string message = error_message(table_only, "CREATE TABLE t(a INT 5)");
  CHECK(message.find("expected a column constraint") != std::string::npos);
  CHECK(message.find("offset 21") != std::string::npos);
  CHECK(message.find("'5'") != std::string::npos);
}

// --- CREATE INDEX -------------------------------------------------------------------------------

TEST_CASE("sqlite parse_create_index: column terms") {
  auto i = parse_create_index(
      "CREATE UNIQUE INDEX IF NOT EXISTS main.\"Ix\" ON \"T\" (a, \"b\" DESC, [c] COLLATE NOCASE ASC, "
      "d COLLATE \"rtrim\")");
  CHECK(i.name == "Ix");
  CHECK(i.table == "T");
  CHECK(i.unique);
  CHECK(i.where.empty());
  REQUIRE(i.parts.size() == 4);
  CHECK(i.parts[0].column == "a");
  CHECK_FALSE(i.parts[0].desc);
  CHECK_FALSE(i.parts[0].collation.has_value());
  CHECK(i.parts[1].column == "b");
  CHECK(i.parts[1].desc);
  CHECK(i.parts[2].column == "c");
  CHECK(i.parts[2].collation == std::optional<std::string>("NOCASE"));
  CHECK_FALSE(i.parts[2].desc);
  CHECK(i.parts[3].column == "d");
  CHECK(i.parts[3].collation == std::optional<std::string>("rtrim"));
  for (const auto& p : i.parts) CHECK(p.expr.empty());
}

TEST_CASE("sqlite parse_create_index: expression terms and partial indexes") {
  auto i = parse_create_index(
      "create index ix on t(lower(name) COLLATE nocase DESC, a + b, (c), json_extract(d, '$.x'), 'e', desc desc)"
      " WHERE deleted_at IS NULL AND ( kind = 'x' ) ;");
  CHECK_FALSE(i.unique);
  REQUIRE(i.parts.size() == 6);
  CHECK(i.parts[0].column.empty());
  CHECK(i.parts[0].expr == "lower(name)");
  CHECK(i.parts[0].collation == std::optional<std::string>("nocase"));
  CHECK(i.parts[0].desc);
  CHECK(i.parts[1].expr == "a + b");
  CHECK(i.parts[2].column == "c");  // parentheses make no expression in SQLite
  CHECK(i.parts[2].expr.empty());
  CHECK(i.parts[3].expr == "json_extract(d, '$.x')");
  CHECK(i.parts[4].column == "e");  // SQLite reads a lone 'string' term as a column name
  CHECK(i.parts[5].column == "desc");
  CHECK(i.parts[5].desc);
  CHECK(i.where == "deleted_at IS NULL AND ( kind = 'x' )");
  CHECK(norm(i.where) == "deleted_at is null and (kind = 'x')");
}

TEST_CASE("sqlite parse_create_index: parentheses and stacked COLLATEs") {
  auto i = parse_create_index(
      "CREATE INDEX i ON t(((b)) DESC, (a COLLATE nocase), (a) COLLATE rtrim, (a COLLATE x) COLLATE y, "
      "(lower(a) COLLATE z), a COLLATE p COLLATE q)");
  REQUIRE(i.parts.size() == 6);
  CHECK(i.parts[0].column == "b");
  CHECK(i.parts[0].desc);
  CHECK(i.parts[1].column == "a");
  CHECK(i.parts[1].collation == std::optional<std::string>("nocase"));
  CHECK(i.parts[2].collation == std::optional<std::string>("rtrim"));
  CHECK(i.parts[3].column == "a");
  CHECK(i.parts[3].collation == std::optional<std::string>("y"));
  CHECK(i.parts[4].expr == "lower(a)");
  CHECK(i.parts[4].collation == std::optional<std::string>("z"));
  CHECK(i.parts[5].column == "a");
  CHECK(i.parts[5].collation == std::optional<std::string>("q"));
  // COLLATE binds to its nearest operand, so here it belongs to b, not to the term.
  auto j = parse_create_index("CREATE INDEX j ON t(a + b COLLATE nocase, -a COLLATE x DESC, NOT a COLLATE y)");
  REQUIRE(j.parts.size() == 3);
  CHECK(j.parts[0].expr == "a + b COLLATE nocase");
  CHECK_FALSE(j.parts[0].collation.has_value());
  CHECK(j.parts[1].expr == "-a");
  CHECK(j.parts[1].collation == std::optional<std::string>("x"));
  CHECK(j.parts[1].desc);
  CHECK(j.parts[2].expr == "NOT a COLLATE y");
  CHECK_FALSE(j.parts[2].collation.has_value());
}

TEST_CASE("sqlite parse_create_index: errors") {
  CHECK(error_offset(index_only, "CREATE TABLE t(a)") == 7);
  CHECK(error_offset(index_only, "CREATE INDEX i ON t") == 19);
  CHECK(error_offset(index_only, "CREATE INDEX i ON t()") == 20);
  CHECK(error_offset(index_only, "CREATE INDEX i ON t(a") == 21);
  CHECK(error_offset(index_only, "CREATE INDEX i ON t(a) WHERE") == 28);
  CHECK(error_offset(index_only, "CREATE INDEX i t(a)") == 15);
}

// --- against real SQLite ------------------------------------------------------------------------

TEST_CASE("sqlite parser reads back what SQLite stores") {
  Db db;
  db.exec(R"(CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE))");
  db.exec(R"(CREATE TABLE IF NOT EXISTS main."Order Line" (
      order_id INTEGER NOT NULL CONSTRAINT fk_order REFERENCES parent(id) ON DELETE CASCADE,
      line_no INTEGER NOT NULL CHECK (line_no > 0),
      sku TEXT COLLATE NOCASE NOT NULL,
      qty INT DEFAULT 1, price DECIMAL( 10 , 2 ) DEFAULT 0.0,
      total REAL GENERATED ALWAYS AS (qty * price) STORED,
      label TEXT AS (upper(sku)),
      "key" TEXT, [group] TEXT,
      CONSTRAINT line_pk PRIMARY KEY (order_id, line_no),
      CONSTRAINT qty_pos CHECK (qty >= 0),
      FOREIGN KEY (sku) REFERENCES parent(code) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
  ) WITHOUT ROWID)");
  db.exec("CREATE TABLE s(id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '') STRICT");
  db.exec("CREATE TABLE sw(id INTEGER PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID");
  db.exec("CREATE INDEX line_sku ON \"Order Line\"(sku COLLATE BINARY DESC, lower(label)) WHERE qty > 0");

  auto parent = parse_create_table(db.table_sql("parent"));
  CHECK(parent.primary_key == Strings{"id"});
  CHECK(column(parent, "id").autoincrement);
  CHECK(parent.uniques.size() == 1);
  CHECK(parse_create_table(db.table_sql("sqlite_sequence")).columns.size() == 2);

  std::string stored = db.table_sql("Order Line");
  // SQLite rewrites the statement's head: no IF NOT EXISTS, no schema name.
  CHECK(stored.rfind("CREATE TABLE \"Order Line\" (", 0) == 0);
  auto t = parse_create_table(stored);
  CHECK(t.name == "Order Line");
  CHECK(t.without_rowid);
  CHECK_FALSE(t.strict);
  CHECK(t.primary_key == Strings{"order_id", "line_no"});
  CHECK(t.primary_key_name == "line_pk");
  REQUIRE(t.checks.size() == 2);
  CHECK(t.checks[0].expr == "line_no > 0");
  CHECK(t.checks[1].name == "qty_pos");
  REQUIRE(t.foreign_keys.size() == 2);
  CHECK(t.foreign_keys[0].name == "fk_order");
  CHECK(t.foreign_keys[0].on_delete == "cascade");
  CHECK(t.foreign_keys[1].columns == Strings{"sku"});
  CHECK(t.foreign_keys[1].ref_columns == Strings{"code"});
  CHECK(t.foreign_keys[1].on_update == "set null");
  CHECK(t.foreign_keys[1].initially_deferred);
  CHECK(column(t, "sku").collation == std::optional<std::string>("NOCASE"));
  CHECK(column(t, "price").declared_type == "DECIMAL(10,2)");
  CHECK(column(t, "total").generated_expr == std::optional<std::string>("qty * price"));
  CHECK(column(t, "total").generated_stored);
  CHECK(column(t, "label").generated_expr == std::optional<std::string>("upper(sku)"));
  CHECK_FALSE(column(t, "label").generated_stored);
  CHECK(column(t, "key").declared_type == "TEXT");
  CHECK(column(t, "group").declared_type == "TEXT");

  // The parser sees the same columns, in the same order, as PRAGMA table_xinfo.
  auto pragma_names = db.column("SELECT name FROM pragma_table_xinfo('Order Line') ORDER BY cid");
  REQUIRE(pragma_names.size() == t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) CHECK(pragma_names[i] == t.columns[i].name);
  // And the same foreign keys as PRAGMA foreign_key_list.
  auto fk_actions = db.column("SELECT \"from\" || ':' || on_delete || ':' || on_update "
                              "FROM pragma_foreign_key_list('Order Line') ORDER BY \"from\"");
  CHECK(fk_actions == std::vector<std::optional<std::string>>{"order_id:CASCADE:NO ACTION", "sku:NO ACTION:SET NULL"});

  auto s = parse_create_table(db.table_sql("s"));
  CHECK(s.strict);
  CHECK_FALSE(s.without_rowid);
  auto sw = parse_create_table(db.table_sql("sw"));
  CHECK(sw.strict);
  CHECK(sw.without_rowid);

  auto index = parse_create_index(db.table_sql("line_sku"));
  CHECK(index.table == "Order Line");
  REQUIRE(index.parts.size() == 2);
  CHECK(index.parts[0].column == "sku");
  CHECK(index.parts[0].desc);
  CHECK(index.parts[0].collation == std::optional<std::string>("BINARY"));
  CHECK(index.parts[1].expr == "lower(label)");
  CHECK(index.where == "qty > 0");
  // PRAGMA index_xinfo agrees: cid -2 marks an expression term.
  auto cids = db.column("SELECT cid FROM pragma_index_xinfo('line_sku') WHERE key = 1 ORDER BY seqno");
  CHECK(cids == std::vector<std::optional<std::string>>{"2", "-2"});
}

TEST_CASE("sqlite index terms agree with PRAGMA index_xinfo") {
  Db db;
  db.exec("CREATE TABLE t(a, b, c, \"key\", [x y])");
  db.exec("CREATE INDEX i ON t((c), ((b)) DESC, (a COLLATE nocase), (a) COLLATE rtrim, key, [x y] DESC, "
          "lower(a), a + b COLLATE nocase, (c COLLATE rtrim) COLLATE NOCASE, 'b', -a COLLATE rtrim, "
          "abs(c) COLLATE nocase DESC, (a + b) COLLATE rtrim)");
  auto index = parse_create_index(db.table_sql("i"));
  auto rows = db.column("SELECT cid || '|' || coalesce(name, '') || '|' || desc || '|' || coll "
                        "FROM pragma_index_xinfo('i') WHERE key = 1 ORDER BY seqno");
  REQUIRE(rows.size() == index.parts.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& part = index.parts[i];
    std::string parsed = (part.column.empty() ? std::string("-2") : std::string("?")) + "|" + part.column + "|" +
                         (part.desc ? "1" : "0") + "|" + part.collation.value_or("BINARY");
    std::string pragma = *rows[i];
    if (!part.column.empty()) pragma.replace(0, pragma.find('|'), "?");  // the cid is not ours to know
    INFO("term ", i);
    CHECK(parsed == pragma);
  }
}

TEST_CASE("sqlite names a CHECK the way the parser does") {
  // SQLite reports a failed CHECK by its constraint name, or by its text when unnamed.
  Db db;
  db.exec("CREATE TABLE t(a CONSTRAINT x NOT NULL CHECK (a > 0) CHECK (a < 10), b CHECK (b <> 5), "
          "CONSTRAINT y CHECK (a <> 3) CHECK (b <> 4), CHECK (b <> 6))");
  auto t = parse_create_table(db.table_sql("t"));
  REQUIRE(t.checks.size() == 6);
  const std::pair<const char*, std::size_t> violations[] = {
      {"(-1, 1)", 0}, {"(11, 1)", 1}, {"(1, 5)", 2}, {"(3, 1)", 3}, {"(1, 4)", 4}, {"(1, 6)", 5}};
  for (const auto& [row, check] : violations) {
    const auto& parsed = t.checks[check];
    INFO(row);
    CHECK(db.try_exec(std::string("INSERT INTO t VALUES ") + row) ==
          "CHECK constraint failed: " + (parsed.name.empty() ? parsed.expr : parsed.name));
  }
}

TEST_CASE("sqlite stored SQL keeps the body as written but rewrites the head") {
  Db db;
  db.exec("create temp table if not exists temp.tt(a /* kept */ int)");
  db.exec("create table if not exists main . \"Tq\"  (a int)");
  db.exec("create index if not exists main.ix on \"Tq\"(a) where a>0");
  db.exec("alter table \"Tq\" add column e int default 3");
  db.exec("alter table \"Tq\" rename column a to \"order\"");
  CHECK(db.one("SELECT sql FROM sqlite_temp_schema WHERE name = 'tt'") == "CREATE TABLE tt(a /* kept */ int)");
  CHECK(db.table_sql("Tq") == "CREATE TABLE \"Tq\"  (\"order\" int, e int default 3)");
  // RENAME COLUMN rewrites every mention, the partial-index predicate included, quoting as needed.
  CHECK(db.table_sql("ix") == "CREATE INDEX ix on \"Tq\"(\"order\") where \"order\">0");
  auto t = parse_create_table(db.table_sql("Tq"));
  CHECK(column(t, "order").declared_type == "int");
  CHECK(column(t, "e").default_expr == std::optional<std::string>("3"));
}

TEST_CASE("sqlite PRAGMA table_xinfo dflt_value agrees with the parsed DEFAULT") {
  Db db;
  // name, DEFAULT clause, what PRAGMA table_xinfo reports as dflt_value.
  struct Case {
    const char* column;
    const char* clause;
    const char* dflt_value;
  };
  const Case cases[] = {
      {"expr", "(datetime('now'))", "datetime('now')"},  // outer parentheses dropped
      {"spaced", "(  1 + 2 )", "1 + 2"},                 // ... and the inside trimmed
      {"nested", "((1))", "(1)"},                        // only one level dropped
      {"ts", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},  // the keyword, as written
      {"ts_lower", "current_timestamp", "current_timestamp"},
      {"neg", "-1", "-1"},
      {"neg_spaced", "- 1", "- 1"},  // the sign's spacing survives
      {"pos", "+5", "+5"},
      {"str", "'x'", "'x'"},  // quotes kept
      {"str_quote", "'it''s'", "'it''s'"},
      {"num", "1.5e3", "1.5e3"},
      {"hex", "0x10", "0x10"},
      {"blob", "X'AB'", "X'AB'"},
      {"bool", "TRUE", "TRUE"},
      {"null", "NULL", "NULL"},
      {"bare", "abc", "abc"},
      {"dq", "\"abc\"", "\"abc\""},
      {"cmt", "/* c */ 7", "7"},
  };
  std::string sql = "CREATE TABLE d(";
  for (std::size_t i = 0; i < std::size(cases); ++i)
    sql += std::string(i ? ", " : "") + "\"" + cases[i].column + "\" DEFAULT " + cases[i].clause;
  sql += ", plain INT)";
  db.exec(sql);
  auto t = parse_create_table(db.table_sql("d"));
  for (const auto& c : cases) {
    INFO(c.column, " DEFAULT ", c.clause);
    std::string dflt = db.one(std::string("SELECT dflt_value FROM pragma_table_xinfo('d') WHERE name = '") +
                              c.column + "'");
    CHECK(dflt == c.dflt_value);
    const auto& parsed = column(t, c.column).default_expr;
    REQUIRE(parsed.has_value());
    CHECK(norm(dflt) == norm(*parsed));
  }
  CHECK(norm("(datetime('now'))") == "datetime('now')");
  CHECK(norm("CURRENT_TIMESTAMP") == "current_timestamp");
  // No DEFAULT: dflt_value is NULL and the parser reports none.
  auto none = db.column("SELECT dflt_value FROM pragma_table_xinfo('d') WHERE name = 'plain'");
  REQUIRE(none.size() == 1);
  CHECK_FALSE(none[0].has_value());
  CHECK_FALSE(column(t, "plain").default_expr.has_value());
}

TEST_CASE("sqlite parser accepts every table SQLite accepted and stored") {
  // Every table statement used above with a schema SQLite accepts must also parse after SQLite
  // stored it; a parse failure here means the grammar misses something SQLite allows.
  const char* statements[] = {
      "CREATE TABLE k(key, action, no, \"order\", desc, asc, generated, left, indexed, replace, like, "
      "current_timestamp, temp, [if])",
      "CREATE TABLE c(a INTEGER PRIMARY KEY ASC ON CONFLICT ABORT, b TEXT CONSTRAINT x NOT NULL CONSTRAINT y "
      "DEFAULT 'q' COLLATE rtrim, c REFERENCES k(key) NOT DEFERRABLE, d REFERENCES k MATCH FULL ON DELETE "
      "RESTRICT, UNIQUE(b, c), CHECK(c IS NOT NULL) ON CONFLICT FAIL)",
      "CREATE TABLE u(a 'text type', b VARCHAR(+10), c REAL DEFAULT -0.5 NOT NULL, "
      "d GENERATED ALWAYS AS (c * 2) VIRTUAL, PRIMARY KEY(a DESC, b))",
  };
  Db db;
  for (const char* statement : statements) {
    INFO(statement);
    db.exec(statement);
  }
  for (const auto& sql : db.column("SELECT sql FROM sqlite_schema WHERE type = 'table'")) {
    REQUIRE(sql.has_value());
    INFO(*sql);
    CHECK_NOTHROW(parse_create_table(*sql));
  }
  auto k = parse_create_table(db.table_sql("k"));
  CHECK(k.columns.size() == 14);
  CHECK(k.columns.back().name == "if");
  auto c = parse_create_table(db.table_sql("c"));
  REQUIRE(c.foreign_keys.size() == 2);
  CHECK_FALSE(c.foreign_keys[0].deferrable);
  CHECK(c.foreign_keys[1].on_delete == "restrict");
  CHECK(column(c, "b").not_null);
  CHECK(column(c, "b").collation == std::optional<std::string>("rtrim"));
  CHECK(column(c, "b").default_expr == std::optional<std::string>("'q'"));
  auto u = parse_create_table(db.table_sql("u"));
  CHECK(column(u, "a").declared_type == "'text type'");
  CHECK(column(u, "b").declared_type == "VARCHAR(+10)");
  CHECK(column(u, "c").default_expr == std::optional<std::string>("-0.5"));
  CHECK(u.primary_key == Strings{"a", "b"});
}
