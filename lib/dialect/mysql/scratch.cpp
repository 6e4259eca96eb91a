#include "dialect/mysql/scratch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cctype>
#include <set>

#include "dialect/mysql/ddl.h"
#include "dialect/mysql/inspector.h"
#include "dialect/sql_text.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql::scratch {
namespace {

// The error number MyConnection puts in its messages: "MySQL: ... (error 1067, SQLSTATE 42000)".
int error_number(const std::string& message) {
  auto at = message.find(" (error ");
  if (at == std::string::npos) return 0;
  return std::atoi(message.c_str() + at + 8);
}

// Scratch databases left by sessions that are gone: their GET_LOCK was released with them.
// A database being made holds its lock before it exists, so none is swept from under its owner.
void sweep_leftovers(MyConnection& c) {
  auto leftovers = c.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
                           {std::string(kScratchDatabasePrefix) + "\\_%"});
  for (const auto& row : leftovers.rows) {
    if (!row.at(0)) continue;
    const std::string& name = *row[0];
    try {
      if (c.query("SELECT IS_FREE_LOCK(?)", {name}).rows.at(0).at(0).value_or("0") == "1")
        c.execute("DROP DATABASE IF EXISTS " + quote(name));
    } catch (const DatabaseError&) {
      // Not ours to drop (no privilege), or dropped meanwhile: the next run tries again.
    }
  }
}

// BCDB_TEST_KILL_IN_SCRATCH=1: the process kills itself once its scratch database exists, as a
// SIGKILL during planning would (test-only).
void test_kill_point() {
  const char* v = std::getenv("BCDB_TEST_KILL_IN_SCRATCH");
  if (v && std::string(v) == "1") std::raise(SIGKILL);
}

}  // namespace

bool is_rejection(const std::string& message) {
  static const std::set<int> kNotTheObject{
      1040,  // too many connections
      1044,  // access denied to the database
      1045,  // access denied
      1142,  // command denied on a table
      1143,  // command denied on a column
      1205,  // lock wait timeout
      1213,  // deadlock
      1227,  // needs a privilege
      1290,  // --read-only
      1792,  // read-only transaction
      1836,  // read-only mode
      2006,  // server gone
      2013,  // lost connection
  };
  int n = error_number(message);
  return n >= 1000 && n < 5000 && !kNotTheObject.count(n);
}

std::string server_message(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  if (line.rfind("MySQL: ", 0) == 0) line = line.substr(7);
  if (auto at = line.find(" (error "); at != std::string::npos) line.resize(at);
  return str::trim(line);
}

std::optional<std::string> not_single_expression(std::string_view s) {
  int depth = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char ch = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    std::size_t end = i + 1;
    if (ch == '\'' || ch == '"' || ch == '`') {
      // In '...' and "..." a backslash escapes (unless NO_BACKSLASH_ESCAPES, where reading it so
      // only errs on the safe side).
      end = skip_quoted(s, i, ch, ch != '`');
    } else if (ch == '#' || (ch == '-' && next == '-' && (i + 2 >= s.size() || std::isspace(static_cast<unsigned char>(s[i + 2]))))) {
      end = s.find('\n', i);  // without one, it would comment out what follows the expression
      if (end != std::string_view::npos) ++end;
    } else if (ch == '/' && next == '*') {
      // /*! ... */ and /*M! ... */ are executed, not skipped.
      if (i + 2 < s.size() && (s[i + 2] == '!' || (s[i + 2] == 'M' && i + 3 < s.size() && s[i + 3] == '!')))
        return "it holds an executable comment (/*! ... */)";
      auto close = s.find("*/", i + 2);
      end = close == std::string_view::npos ? close : close + 2;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')') {
      if (--depth < 0) return "it closes a parenthesis it did not open";
    } else if (ch == ',' && depth == 0) {
      return "a ',' outside parentheses ends it";
    } else if (ch == ';') {
      return "a ';' ends it";
    }
    if (end == std::string_view::npos) return "a quote or comment is not closed";
    i = end;
  }
  // An unclosed parenthesis only makes the statement a syntax error, which the server reports.
  return std::nullopt;
}

Database::Database(MyConnection& connection) : c_(connection) {
  static std::atomic<int> counter{0};
  std::string id = c_.query("SELECT CONNECTION_ID()").rows.at(0).at(0).value_or("0");
  name_ = std::string(kScratchDatabasePrefix) + "_" + std::to_string(getpid()) + "_" + id + "_" +
          std::to_string(counter++);
  try {
    sweep_leftovers(c_);
    if (c_.query("SELECT GET_LOCK(?, 0)", {name_}).rows.at(0).at(0).value_or("0") != "1")
      throw DatabaseError("the scratch database name " + name_ + " is locked by another session");
    locked_ = true;
    c_.execute("DROP DATABASE IF EXISTS " + quote(name_));  // a leftover of a killed run with the same ids
    exists_ = true;
    // The same defaults as the database bcdb works on, so that a collation reads the same in both.
    std::string defaults = " CHARACTER SET utf8mb4";
    auto r = c_.query("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                      "WHERE SCHEMA_NAME = DATABASE()");
    auto plain = [](const Value& v) {
      return v && !v->empty() && std::all_of(v->begin(), v->end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
      });
    };
    if (!r.rows.empty() && plain(r.rows[0][0]) && plain(r.rows[0][1]))
      defaults = " CHARACTER SET " + *r.rows[0][0] + " COLLATE " + *r.rows[0][1];
    c_.execute("CREATE DATABASE " + quote(name_) + defaults);
    test_kill_point();
  } catch (const LockTimeout&) {
    throw;
  } catch (const DatabaseError& e) {
    throw DatabaseError(
        "bcdb lets the server normalise the desired defaults, checks and types in a scratch database that it drops "
        "at once, and could not create it: " + server_message(e.what()) + " (the user needs the CREATE and DROP "
        "privileges on databases named " + std::string(kScratchDatabasePrefix) + "_%)");
  }
}

Database::~Database() {
  try {
    drop();
  } catch (const std::exception&) {
    // The connection failed: nothing can drop it now. inspect() never reads it.
  }
}

void Database::drop() {
  if (exists_) {
    exists_ = false;
    c_.execute("DROP DATABASE IF EXISTS " + quote(name_));
  }
  if (locked_) {
    locked_ = false;
    c_.query("SELECT RELEASE_LOCK(?)", {name_});
  }
}

std::string Database::qualified(const std::string& table) const { return quote(name_) + "." + quote(table); }

std::string Database::in_database(const std::string& create_table, const std::string& table) const {
  std::string head = "CREATE TABLE " + quote(table);
  if (create_table.rfind(head, 0) != 0) throw DatabaseError("internal: not a CREATE TABLE of " + table + ": " + create_table);
  return "CREATE TABLE " + qualified(table) + create_table.substr(head.size());
}

void Database::create(const Object& object) {
  for (const auto& statement : object.statements) {
    try {
      c_.execute(statement);
    } catch (const LockTimeout&) {
      throw;
    } catch (const DatabaseError& e) {
      if (!is_rejection(e.what())) throw;
      throw ConfigError(object.label + ": " + server_message(e.what()));
    }
  }
}

bool Database::create(const std::string& statement, const std::vector<Object>& replay) {
  try {
    c_.execute(statement);
    return true;
  } catch (const LockTimeout&) {
    throw;
  } catch (const DatabaseError& e) {
    if (!is_rejection(e.what())) throw;
  }
  for (const auto& object : replay) create(object);
  return false;
}

}  // namespace bcdb::dialect::mysql::scratch
