#pragma once
#include <vector>

#include "dialect/dialect.h"

namespace bcdb::dialect::postgres {

// The changes of one phase as PostgreSQL steps, in their online forms: indexes built
// CONCURRENTLY outside transactions, constraints added NOT VALID then validated, NOT NULL
// through a validated check, unique constraints attached to a concurrently built index.
std::vector<plan::Draft> render(const RenderRequest& request);
void adopt_leftovers(diff::ChangeSet& changes, const model::Schema& live);

}  // namespace bcdb::dialect::postgres
