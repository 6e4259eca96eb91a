#pragma once
// What a plan cannot do to the database as it is, found before any step runs (so that nothing
// is applied half-way): a NOT NULL column with no value for the rows a table already holds, a
// rename whose source the database does not have. Each line starts with its object's label.
#include <functional>
#include <string>
#include <vector>

#include "diff/change.h"

namespace bcdb::plan {

struct Refusals {
  std::vector<std::string> manifest;  // mistakes in the manifests: exit 2
  std::vector<std::string> plan;      // the manifests ask what cannot be done to these rows: exit 4
  bool empty() const { return manifest.empty() && plan.empty(); }
};

// `has_rows(table)` tells whether a live table holds a row (asked only where it matters).
Refusals refusals(const diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                  const std::function<bool(const std::string&)>& has_rows);

}  // namespace bcdb::plan
