#pragma once
#include "model/schema.h"

namespace bcdb::dialect::sqlite {

// Puts a schema into the form SQLite itself would report for it (Dialect::canonicalize).
// Applied to inspected schemas too, so both sides of a comparison agree.
void canonicalize(model::Schema& schema);

}  // namespace bcdb::dialect::sqlite
