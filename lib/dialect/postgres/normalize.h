#pragma once
// The expression part of canonicalize(): PostgreSQL parses the desired defaults, generated
// columns, checks, index expressions and predicates and native types in a scratch schema, and
// its deparser prints them back (canonical.h).
#include "dialect/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::postgres {

// Expects the structural part done (schemas, names, natives of other engines dropped).
// Throws ConfigError naming the object when PostgreSQL rejects one.
void normalize_expressions(model::Schema& schema, Connection& connection);

}  // namespace bcdb::dialect::postgres
