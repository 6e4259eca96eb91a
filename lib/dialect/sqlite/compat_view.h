#pragma once
// The view that keeps a renamed table's old name live on SQLite (plan/recipes/table_rename.h).
// SQLite views take no writes of their own: INSTEAD OF triggers pass each INSERT, UPDATE and
// DELETE on to the table, finding the row by its primary key. Dropping the view drops them.
#include <string>
#include <vector>

#include "model/schema.h"

namespace bcdb::dialect::sqlite {

// CREATE VIEW `view` over `table` (named as it is now) with the columns of `shown`, then its
// triggers. `shown` must have a primary key.
std::vector<std::string> compat_view_sql(const model::Table& shown, const std::string& view, const std::string& table);

}  // namespace bcdb::dialect::sqlite
