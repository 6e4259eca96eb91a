#pragma once
// The vocabulary of plans, shared by the planner, the dialect renderers, the executor and
// the reports. Plain values; no SQL is generated here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::plan {

// DESIGN.md, "Plans: blue/green safety".
enum class Phase { expand, backfill, contract };
std::string_view to_string(Phase phase);
std::optional<Phase> parse_phase(std::string_view text);

enum class Safety { online, brief_lock, rewrite, destructive };
std::string_view to_string(Safety safety);  // "online", "brief-lock", "rewrite", "destructive"
std::optional<Safety> parse_safety(std::string_view text);

// What an operation costs the engine, as the renderer knows it; the planner turns cost,
// table size and data loss into a Safety class.
enum class Cost {
  none,           // touches no existing object (a new table)
  metadata,       // catalog-only change (brief exclusive or metadata lock)
  online_build,   // reads the table without blocking writes (CONCURRENTLY, INPLACE LOCK=NONE)
  blocking_scan,  // reads every row under a lock that blocks writes (index build, validation)
  rewrite,        // rewrites the table under a lock that blocks writes
};
std::string_view to_string(Cost cost);
std::optional<Cost> parse_cost(std::string_view text);

// The statements of one backfill, as the dialect renders them; the executor runs them in its
// batch loop (migrate/backfill.h), each batch in a short transaction of its own with its
// checkpoint. Parameters are the engine's placeholders, bound in order: k key values for a
// lower bound, then k for an upper bound. The bound queries end in LIMIT 1; the executor
// appends the batch's OFFSET.
struct BackfillSql {
  std::string name;         // the checkpoint row (the table)
  std::string fingerprint;  // what it computes: a checkpoint of another computation restarts
  std::string table;        // qualified, for progress and errors
  std::vector<std::string> columns;  // what it sets
  int key_columns = 1;
  std::string first_bound;   // the first key (+ OFFSET n: the key n rows on)
  std::string next_bound;    // the first key after a key:                  key...
  std::string update_first;  // rows up to a key:                           key...
  std::string update_next;   // rows after a key, up to another:            key..., key...
  std::string update_rest;   // rows after a key:                           key...
  std::string update_all;    // every row (the table fits in one batch)
  std::string count;         // how many rows (for progress), one value
  // Run before each batch's transaction begins (its isolation level); empty: nothing.
  std::string before_batch;
  friend bool operator==(const BackfillSql&, const BackfillSql&) = default;
};

// One statement of a step. `assert_empty` runs a query that must return no rows (or a single
// zero): a guard before a risky statement or a check before commit. Its message says what a
// returned row means, for the error the user sees. `backfill` runs a batch loop (`backfill`).
struct Action {
  enum class Kind { exec, assert_empty, backfill };
  enum class Stage { setup, body, teardown };  // setup/teardown run outside the transaction
  Kind kind = Kind::exec;
  Stage stage = Stage::body;
  std::string sql;
  std::string message;
  std::optional<BackfillSql> backfill;
  friend bool operator==(const Action&, const Action&) = default;
};

// One step as a dialect renders it, before the planner classes it.
struct Draft {
  std::string summary;   // "create table customers", "rebuild table orders (...)"
  std::string table;     // qualified table the step works on; empty for none
  std::vector<Action> actions;
  Cost cost = Cost::metadata;
  std::string lock;      // the lock taken, in the engine's words
  std::string reason;    // why this form is safe, one sentence
  bool transactional = true;  // may run inside a transaction (with its history record)
  bool destructive = false;   // loses data; set by the planner from the changes it implements
  std::optional<std::int64_t> rows;  // rows scanned or rewritten, when known
};

struct Step {
  int ordinal = 0;
  Phase phase = Phase::expand;
  Safety safety = Safety::online;
  std::string summary;
  std::string table;
  std::string lock;
  std::string reason;
  bool transactional = true;
  std::vector<Action> actions;

  // The executable statements of the step in order (setup, body, teardown), for display.
  std::vector<std::string> statements() const;
};

}  // namespace bcdb::plan
