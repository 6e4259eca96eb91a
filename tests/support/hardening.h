#pragma once
// The hardening checks, engine by engine (issue: "no statement bcdb did not plan ever runs"):
// each runs the real binary against a ConvergenceTarget of targets.h in the project folder `dir`.
#include "convergence.h"
#include "targets.h"

namespace bcdb::test {

// Expressions that would end bcdb's statement and start another (in a default, a check, an
// index predicate, a native type, a generated column) are verify errors with file:line:col,
// and migrate refuses them (exit 2) with the victim table and its rows intact.
void check_hidden_statements_refused(ConvergenceTarget& target, const TempDir& dir);

// bcdb's own connection refuses a text holding two statements, and runs neither.
void check_connection_runs_one_statement(ConvergenceTarget& target);

}  // namespace bcdb::test

namespace bcdb::test {

// Names the target's engine cannot hold (too long, an emoji or a trailing space on MySQL, over
// 63 bytes on PostgreSQL, a NUL byte anywhere) are verify warnings, or errors for a NUL, and
// every command with a database on that engine refuses them, exit 2 with file:line:col, before
// any step.
void check_names_the_engine_cannot_hold(ConvergenceTarget& target, const TempDir& dir);

}  // namespace bcdb::test

namespace bcdb::test {

// A saved plan's JSON with its digest recomputed, as someone forging an edited plan would.
std::string with_forged_digest(const std::string& plan_json);

}  // namespace bcdb::test

namespace bcdb::test {

// with_forged_digest when `text` is a JSON object, else `text` as it is.
std::string with_forged_digest_if_json(const std::string& text);

}  // namespace bcdb::test
