#pragma once
// The statements of a table copy on MySQL (model::TableCopy, plan/recipes/table_copy.h).
#include <string>
#include <vector>

#include "dialect/mysql/connection.h"
#include "dialect/sync_sql.h"
#include "model/schema.h"
#include "plan/step.h"

namespace bcdb::dialect::mysql {

// How the engine-neutral recipe SQL (dialect/sync_sql.h) is spelled here.
const Spelling& spelling();

// DROP TRIGGER IF EXISTS for each trigger a sync named `name` may have: a column sync's insert
// and update triggers, a table copy's delete trigger too.
std::vector<std::string> drop_sync_triggers_sql(const std::string& name);

// The copy made afresh (what a run that died half-way left of it goes first), and its
// triggers on `table`: delete, then update, then insert, so that no row reaches the copy
// before its deletes do. `on_empty` runs once the old copy is gone, before the new one is made.
std::vector<std::string> create_copy_sql(const model::TableCopy& copy, const std::string& table, const Server& server,
                                         const std::vector<std::string>& on_empty);

// The batch loop that copies the existing rows: INSERT ... SELECT of each key range, reading
// the original's rows under a shared lock (a write waits for the batch, or the batch for the
// write, and the copy ends with the row's last value either way); a row the triggers copied
// already is overwritten with the same values. Conversion errors stop the batch: no IGNORE.
// Each batch runs READ COMMITTED where the binary log allows (not STATEMENT): then it locks the
// rows it reads and no gap, so the application's inserts at the end of the key never wait for
// it, nor deadlock with it (InnoDB would roll back the application's smaller transaction).
plan::Action copy_backfill_action(const model::Backfill& backfill, const std::string& table, const Server& server);

// How many rows the original holds beyond the copy (0 when they agree): the swap's last check,
// both counted in one statement's snapshot, which a concurrent write, trigger and all, is wholly
// in or out of. (Counts, not an anti-join: at 2,000,000 rows the join took 2.7 s, the counts
// a fraction; a row lost and a stray one at once are what it would miss.)
std::string row_count_difference_query(const model::TableCopy& copy, const std::string& table);

// The copy takes the table's name in one atomic RENAME, its AUTO_INCREMENT first brought to the
// original's (no key handed out before is handed out again).
std::vector<std::string> swap_copy_sql(const model::TableCopy& copy, const std::string& table);

}  // namespace bcdb::dialect::mysql
