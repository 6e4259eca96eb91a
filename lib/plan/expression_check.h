#pragma once
// The `up` and `using` expressions of a plan, compiled by the engine against the live tables
// before any step runs: SQLite and MySQL accept any text in a trigger body and PostgreSQL's
// PL/pgSQL resolves names only when the trigger fires, so a misspelt column would otherwise
// surface in the backfill, after expand has been applied. Each expression is prepared as
// `SELECT <expr> FROM <table>` and never run.
#include <string>
#include <vector>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "diff/change.h"

namespace bcdb::plan {

// One line per expression the engine rejects, labelled "table t: column c: up: ..." (so a
// manifest location can be found for it); empty when all compile.
std::vector<std::string> expression_errors(const dialect::Dialect& dialect, dialect::Connection& connection,
                                           const diff::ChangeSet& changes, const model::Schema& desired,
                                           const model::Schema& live);

}  // namespace bcdb::plan
