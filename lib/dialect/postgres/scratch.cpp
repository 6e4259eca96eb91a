#include "dialect/postgres/scratch.h"

#include <cctype>

#include "dialect/postgres/ddl.h"
#include "dialect/sql_text.h"
#include "dialect/postgres/inspector.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres::scratch {
namespace {

constexpr const char* kSessionSavepoint = "bcdb_scratch_session";
constexpr const char* kScriptSavepoint = "bcdb_scratch_script";
constexpr const char* kObjectSavepoint = "bcdb_scratch_object";

// The SQLSTATE PgConnection appends to its messages: "... (SQLSTATE 42601)".
std::string sqlstate(const std::string& message) {
  auto at = message.rfind("(SQLSTATE ");
  return at == std::string::npos ? std::string() : message.substr(at + 10, 5);
}

// Classes that mean "this object is wrong as written" (data exception, syntax or access rule,
// feature not supported, program limit), as opposed to a failing session or server.
bool is_rejection(const std::string& state) {
  std::string cls = state.substr(0, 2);
  return cls == "22" || cls == "42" || cls == "0A" || cls == "54";
}

// PostgreSQL's own words, without the driver's decoration: the first line after "ERROR:".
std::string primary_message(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  if (line.rfind("PostgreSQL: ", 0) == 0) line = line.substr(12);
  if (auto state = line.find(" (SQLSTATE "); state != std::string::npos) line.resize(state);
  if (line.rfind("ERROR:", 0) == 0) line = line.substr(6);
  return str::trim(line);
}

bool identifier_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$' || (ch & 0x80) != 0;
}

// A dollar-quoted string ($$...$$, $tag$...$tag$) starting at `i`: its end, or i when there is none.
std::size_t skip_dollar_quoted(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return i;  // $1: a parameter
  while (j < s.size() && s[j] != '$' && identifier_char(s[j])) ++j;
  if (j >= s.size() || s[j] != '$') return i;
  std::string_view tag = s.substr(i, j - i + 1);
  std::size_t close = s.find(tag, j + 1);
  return close == std::string_view::npos ? std::string_view::npos : close + tag.size();
}

std::size_t skip_block_comment(std::string_view s, std::size_t i) {
  int depth = 0;  // PostgreSQL's block comments nest
  for (std::size_t j = i; j + 1 < s.size(); ++j) {
    if (s[j] == '/' && s[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (s[j] == '*' && s[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> not_single_expression(std::string_view s) {
  int depth = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char ch = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    std::size_t end = i + 1;
    if (ch == '\'') {
      bool escapes = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !identifier_char(s[i - 2]));
      end = skip_quoted(s, i, '\'', escapes);
    } else if (ch == '"') {
      end = skip_quoted(s, i, '"', false);
    } else if (ch == '-' && next == '-') {
      end = s.find('\n', i);  // without one, it would comment out what follows the expression
      if (end != std::string_view::npos) ++end;
    } else if (ch == '/' && next == '*') {
      end = skip_block_comment(s, i);
    } else if (ch == '$' && (i == 0 || !identifier_char(s[i - 1]))) {
      end = skip_dollar_quoted(s, i);
      if (end == i) end = i + 1;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')') {
      if (--depth < 0) return "it closes a parenthesis it did not open";
    } else if (ch == ';') {
      return "a ';' ends it";
    }
    if (end == std::string_view::npos) return "a quote or comment is not closed";
    i = end;
  }
  // An unclosed parenthesis only makes the statement a syntax error, which PostgreSQL reports.
  return std::nullopt;
}

Session::Session(Connection& connection, std::string schema, const std::string& search_path)
    : c_(connection), schema_(std::move(schema)) {
  nested_ = c_.in_transaction();
  if (nested_) c_.execute(std::string("SAVEPOINT ") + kSessionSavepoint);
  else c_.begin();
  open_ = true;
  try {
    create_schema();
    // Local to the transaction: rolled back with it. The session's own path stays behind the
    // scratch schema so that types the desired objects use (enums in public) still resolve.
    c_.query("SELECT set_config('search_path', $1, true)", {quote(schema_) + ", " + search_path});
  } catch (...) {
    abandon();
    throw;
  }
}

Session::~Session() { abandon(); }

void Session::create_schema() {
  try {
    c_.execute("CREATE SCHEMA " + quote(schema_));
  } catch (const DatabaseError& e) {
    if (dynamic_cast<const LockTimeout*>(&e)) throw;
    // Typically a user without CREATE on the database, or a read-only standby.
    throw DatabaseError("bcdb lets PostgreSQL normalise the desired expressions in a scratch schema that is rolled "
                        "back at once, and could not create it: " + primary_message(e.what()) +
                        " (the user needs the CREATE privilege on the database, on a primary server)");
  }
}

void Session::close() {
  if (!open_) return;
  open_ = false;
  if (!nested_) {
    c_.rollback();
    return;
  }
  c_.execute(std::string("ROLLBACK TO SAVEPOINT ") + kSessionSavepoint);
  c_.execute(std::string("RELEASE SAVEPOINT ") + kSessionSavepoint);
}

void Session::abandon() noexcept {
  try {
    close();
  } catch (const std::exception&) {
    // The connection failed; the server rolls the transaction back when the session ends.
  }
}

void Session::create(const std::string& script, const std::vector<Object>& objects) {
  c_.execute(std::string("SAVEPOINT ") + kScriptSavepoint);
  try {
    c_.execute(script);
  } catch (const DatabaseError& e) {
    if (!is_rejection(sqlstate(e.what()))) throw;
    c_.execute(std::string("ROLLBACK TO SAVEPOINT ") + kScriptSavepoint);
    replay(objects);  // throws on the first object rejected; when none is, they all exist now
  }
  c_.execute(std::string("RELEASE SAVEPOINT ") + kScriptSavepoint);
}

void Session::replay(const std::vector<Object>& objects) {
  for (const auto& object : objects) {
    c_.execute(std::string("SAVEPOINT ") + kObjectSavepoint);
    for (const auto& statement : object.statements) {
      try {
        c_.execute(statement);
      } catch (const DatabaseError& e) {
        if (!is_rejection(sqlstate(e.what()))) throw;
        throw ConfigError(object.label + ": " + primary_message(e.what()));
      }
    }
    c_.execute(std::string("RELEASE SAVEPOINT ") + kObjectSavepoint);
  }
}

model::Schema Session::inspect() { return postgres::inspect(c_, InspectOptions{{schema_}}); }

}  // namespace bcdb::dialect::postgres::scratch
