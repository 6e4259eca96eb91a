#pragma once
// The backfill checkpoints (bcdb_backfills): one row per table a backfill walks, with what it
// computes (fingerprint), how far it got (the last key of the last committed batch) and
// whether it finished. Written by the backfill loop in the same transaction as each batch, so
// a run killed at any point resumes after the last batch that committed.
#include <optional>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "plan/recipes/column_sync.h"

namespace bcdb::migrate {

struct Checkpoint {
  std::string name;
  std::string fingerprint;
  bool done = false;
  std::vector<dialect::Value> last_key;  // empty: no batch committed yet
  long long rows_done = 0;
  std::vector<std::string> columns;  // the columns it sets
};

class Checkpoints {
 public:
  Checkpoints(const dialect::Dialect& dialect, dialect::Connection& connection);

  bool exists();
  void ensure();
  std::optional<Checkpoint> find(const std::string& name);
  // Starts `name` afresh (a new computation, or the first run).
  void start(const Checkpoint& checkpoint);
  void advance(const std::string& name, const std::vector<dialect::Value>& last_key, long long rows_done, bool done);

  // What the planner needs: which tables' backfills finished, computing what.
  plan::recipes::RecipeState finished();

 private:
  const dialect::Dialect& dialect_;
  dialect::Connection& connection_;
};

}  // namespace bcdb::migrate
