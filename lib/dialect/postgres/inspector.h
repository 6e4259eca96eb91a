#pragma once
#include "dialect/dialect.h"
#include "model/schema.h"

namespace bcdb::dialect::postgres {

// The schema bcdb never reports or touches: where scratch normalisation happens.
inline constexpr const char* kScratchSchemaPrefix = "bcdb_scratch";

// Reads every user schema (or only options.schemas) in a fixed number of catalog queries,
// whatever the number of tables, into the canonical form of canonical.h.
model::Schema inspect(Connection& connection, const InspectOptions& options);

}  // namespace bcdb::dialect::postgres
