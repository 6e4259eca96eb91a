#pragma once
// Views bcdb does not manage yet that read a column the plan drops, renames or retypes: the
// engine would refuse the step half-way through the plan (PostgreSQL), or leave the view broken
// without a word (MySQL). Found at plan time instead, from the views' definitions.
#include <string>
#include <vector>

#include "diff/change.h"
#include "model/schema.h"

namespace bcdb::plan {

// One line per view and column: "view v reads orders.total, which this plan ...".
std::vector<std::string> views_in_the_way(const diff::ChangeSet& changes, const model::Schema& desired,
                                          const model::Schema& live);

}  // namespace bcdb::plan
