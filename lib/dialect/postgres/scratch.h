#pragma once
// A scratch schema where canonicalize() lets PostgreSQL parse and deparse desired objects
// (DESIGN.md, "Expressions ... are compared in the engine's canonical form").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::postgres::scratch {

// Statements that create one desired object, and the start of the error message that names
// it when PostgreSQL rejects them ("table orders: column status: PostgreSQL rejects the
// default 'bogus('").
struct Object {
  std::string label;
  std::vector<std::string> statements;
};

// A schema that exists only inside a transaction (or a savepoint, when the caller already has
// a transaction open) which is always rolled back, with the schema first on search_path for
// that transaction only. The connection is back as it was once close() or the destructor ran.
class Session {
 public:
  Session(Connection& connection, std::string schema, const std::string& search_path);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::string& schema() const { return schema_; }
  // Runs `script` (a fast equivalent of `objects`: fewer statements, fewer columns) in one
  // round trip. When PostgreSQL rejects it, replays `objects` one by one, each under its own
  // savepoint, and throws ConfigError naming the first one rejected and quoting PostgreSQL's
  // message; when none is, the objects stand as the replay created them. Either way the
  // objects read back carry the same names.
  void create(const std::string& script, const std::vector<Object>& objects);
  // What PostgreSQL made of the objects, read by the inspector.
  model::Schema inspect();
  void close();

 private:
  void create_schema();
  void replay(const std::vector<Object>& objects);
  void abandon() noexcept;

  Connection& c_;
  std::string schema_;
  bool nested_ = false;
  bool open_ = false;
};

// Why `text` cannot be pasted into a statement as one expression or type: a ';' outside quotes
// and comments, a ')' it did not open, or a quote or comment it does not close would end or
// reshape the statements around it. nullopt when it can.
std::optional<std::string> not_single_expression(std::string_view text);

}  // namespace bcdb::dialect::postgres::scratch
