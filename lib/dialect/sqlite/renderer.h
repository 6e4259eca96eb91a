#pragma once
#include <vector>

#include "dialect/dialect.h"

namespace bcdb::dialect::sqlite {

// The changes of one phase as SQLite steps: ALTER TABLE where SQLite can make the change in
// place, otherwise one table rebuild per table in the documented order
// (https://www.sqlite.org/lang_altertable.html#otheralter).
std::vector<plan::Draft> render(const RenderRequest& request);

}  // namespace bcdb::dialect::sqlite
