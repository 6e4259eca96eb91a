#pragma once
// bcdb seed scenarios every server engine passes (tests/pg/pg_seed_test.cpp, tests/my/my_seed_test.cpp).
#include <map>
#include <string>
#include <vector>

#include "process.h"
#include "server_db.h"

namespace bcdb::test {

// `bcdb --db <db> seed ARGS...` from a temporary folder.
RunResult seed_server(ServerDatabase& db, std::vector<std::string> args,
                      const std::map<std::string, std::string>& env = {});

// Each of `verticals`, seeded into a fresh database of the engine, holds the rows SQLite gets
// with the same scale and seed.
void check_same_rows_as_sqlite(ServerDatabase::Engine engine, const std::vector<std::string>& verticals,
                               const std::string& scale, const std::string& seed,
                               const std::map<std::string, std::string>& env = {});

// A seed killed after some chunks is completed by the next run (same rows as an uninterrupted
// one, ledger balanced); a third run inserts nothing.
void check_killed_seed_resumes(ServerDatabase& db);

// Another seed is refused, --truncate replaces it with the rows SQLite gets; bcdb_seeds is no drift.
void check_truncate_replaces(ServerDatabase& db);

}  // namespace bcdb::test
