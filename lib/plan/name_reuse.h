#pragma once
// Names a plan would create while the live database still holds them elsewhere: on engines
// where tables and indexes share one namespace per schema, a new table's index named like an
// index of a table that goes only in the contract phase (or, where names fold case, a table
// respelled) would fail half-way through expand. Found at plan time instead.
#include "dialect/dialect.h"
#include "diff/change.h"

namespace bcdb::plan {

// One line per such name, each starting with its object's label ("table b: index x_idx: ...").
std::vector<std::string> names_still_held(const diff::ChangeSet& changes, const model::Schema& live,
                                          const dialect::Capabilities& caps);

}  // namespace bcdb::plan
