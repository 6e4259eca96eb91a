#pragma once
#include "diff/change.h"

namespace bcdb::diff {

// `schema` with `change` made: used to compute the schema between plan phases, and by tests
// to prove that compare() and apply() agree (apply(live, compare(desired, live)) == desired).
void apply(model::Schema& schema, const Change& change);
void apply(model::Schema& schema, const ChangeSet& changes);

}  // namespace bcdb::diff
