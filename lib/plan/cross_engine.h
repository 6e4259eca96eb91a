#pragma once
// A desired side read from a database of another engine (`--to postgres://...` for a SQLite
// target): types are logical and carry over as they are; expressions are each engine's own
// SQL, so the spellings that differ only in form are rewritten (PostgreSQL's 'x'::text casts
// and E'' strings, MySQL's backslash escapes, `quotes` and _charset introducers, now()), and
// the target engine's own normaliser then accepts or rejects each one, naming it. What has no
// counterpart at all (a native type of the source engine) is listed and refused.
#include <string>
#include <string_view>

#include "model/schema.h"

namespace bcdb::plan {

// Rewrites `schema`, read from an engine `from` database, for an engine `to` database; throws
// UsageError listing every object that cannot be carried over.
void carry_over(model::Schema& schema, std::string_view from, std::string_view to);

// One expression of engine `from` in the spelling the others share (exposed for tests).
std::string carry_expression(std::string_view expr, std::string_view from);

}  // namespace bcdb::plan
