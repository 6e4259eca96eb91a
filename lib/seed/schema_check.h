#pragma once
// "Is the database migrated to the vertical?": only the vertical's own tables count, so that
// several verticals (and an application's tables) can share one database.
#include <vector>

#include "check/drift.h"
#include "plan/pipeline.h"

namespace bcdb::seed {

// The differences of the comparison that concern the desired side's tables.
std::vector<check::Difference> vertical_differences(const plan::Comparison& comparison);

// The vertical's manifests plus every other table `live` holds, as it is: migrating to this
// creates or changes the vertical's tables and leaves the others alone.
plan::Desired with_other_tables(plan::Desired vertical, const model::Schema& live);

}  // namespace bcdb::seed
