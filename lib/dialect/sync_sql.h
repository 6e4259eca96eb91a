#pragma once
// The engine-neutral parts of a recipe's SQL (plan/recipes/column_sync.h): the conditions of a
// sync trigger and the statements of a backfill's batch loop, spelled through a dialect's
// quoting, null-safe comparison and placeholders. Each engine wraps them in its own trigger
// syntax (a BEFORE trigger that assigns NEW, or an AFTER trigger that updates the row).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"
#include "plan/step.h"

namespace bcdb::dialect {

struct Spelling {
  std::string engine;
  std::function<std::string(std::string_view)> quote;
  std::function<std::string(const std::string&, const std::string&)> same;  // null-safe a = b
  std::function<std::string(int)> placeholder;
};

// `t` over the row, each column spelled `prefix` + its quoted name ("NEW.", or "" in a plain
// statement), in parentheses.
std::string over_row(const model::Transform& t, const std::vector<std::string>& row, const Spelling& s,
                     const std::string& prefix);

// When a sync trigger sets its column (up) and when the old columns (down), over NEW and OLD.
struct SyncConditions {
  std::string up_on_insert;
  std::string up_on_update;
  std::string down_on_insert;  // per target column: "target IS NULL AND ..." is added by the caller
  std::string down_on_update;
  std::string up;                                                   // the new column's value
  std::vector<std::pair<std::string, std::string>> down;           // old column -> its value
  std::vector<std::pair<std::string, std::string>> down_if_null;   // old column -> "NEW.old IS NULL"
};
SyncConditions sync_conditions(const model::ColumnSync& sync, const std::vector<std::string>& row, const Spelling& s);

// The old columns `sync` fills on insert that `table` requires (NOT NULL, no default): once the
// triggers go, an insert that does not name them would fail until they are dropped.
std::vector<const model::Column*> required_old_columns(const model::Sync& sync, const model::Table* table);

// The backfill action of a step: its batch loop's statements (plan::BackfillSql), fingerprinted
// for `s.engine`, and as its SQL the whole-table UPDATE a script runs. `table` is quoted already.
// The select list of a renamed table's compatibility view: every column of `t`, quoted.
std::string view_columns(const model::Table& t, const std::function<std::string(std::string_view)>& quote);

plan::Action backfill_action(const model::Backfill& b, const std::string& table, const Spelling& s);
// The same loop over another batch statement: `batch(range)` is the statement for the rows of a
// key range (a condition over the key; empty: every row).
plan::Action backfill_action(const model::Backfill& b, const std::string& table, const Spelling& s,
                             const std::function<std::string(const std::string&)>& batch);

}  // namespace bcdb::dialect
