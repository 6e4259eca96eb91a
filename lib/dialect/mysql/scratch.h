#pragma once
// A scratch database where canonicalize() lets MySQL/MariaDB parse and print desired defaults,
// types, checks and generated expressions (DESIGN.md, "Expressions ... are compared in the
// engine's canonical form"). DDL is not transactional on MySQL: nothing is rolled back, so the
// database is dropped instead, in every path.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/mysql/connection.h"

namespace bcdb::dialect::mysql::scratch {

// Statements that create one desired object, and the start of the error message that names it
// when the server rejects them ("table orders: column status: MySQL rejects the default 'x'").
struct Object {
  std::string label;
  std::vector<std::string> statements;
};

// A database named kScratchDatabasePrefix_<pid>_<connection id>_<n>, created on construction
// and dropped (DROP DATABASE IF EXISTS) by drop() or, failing that, the destructor, which
// swallows errors. While it exists, its session holds GET_LOCK(<its name>): a process killed
// while planning leaves the database behind, and the next Database sweeps every scratch
// database whose lock is free (its owner is gone), whoever made it.
class Database {
 public:
  explicit Database(MyConnection& connection);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& name() const { return name_; }
  // `database`.`table`
  std::string qualified(const std::string& table) const;
  // "CREATE TABLE `t` ..." as ddl.cpp writes it -> "CREATE TABLE `database`.`t` ...".
  std::string in_database(const std::string& create_table, const std::string& table) const;
  // Runs one statement; when the server rejects it, runs `replay` object by object and throws
  // ConfigError naming the first object rejected and quoting the server. Returns false when
  // the replay ran (and none of its objects was rejected: they all stand now).
  bool create(const std::string& statement, const std::vector<Object>& replay);
  // Runs the statements of one object; throws ConfigError naming it when the server rejects one.
  void create(const Object& object);
  void drop();

 private:
  MyConnection& c_;
  std::string name_;
  bool locked_ = false;  // GET_LOCK(name_) held
  bool exists_ = false;
};

// Whether a DatabaseError's message means "this statement is wrong as written" (a syntax
// error, an unknown column or collation, an invalid default, a row too large...) rather than
// a failing session, a missing privilege or a read-only server.
bool is_rejection(const std::string& message);
// The server's own words from a MyConnection error: "Invalid default value for 'c0'".
std::string server_message(const std::string& message);

// Why `text` cannot be pasted into a statement as one expression or type: a ';' outside quotes
// and comments, a ')' it did not open, a ',' at its top level (which would start another
// column), an executable comment, or a quote or comment it does not close. nullopt when it can.
std::optional<std::string> not_single_expression(std::string_view text);

}  // namespace bcdb::dialect::mysql::scratch
