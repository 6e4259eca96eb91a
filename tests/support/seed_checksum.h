#pragma once
// Checksums of a seeded vertical's tables that are equal across engines when the rows are:
// each column is rendered by a SELECT into the same text on SQLite, PostgreSQL and MySQL
// (booleans as 1/0, decimals with their scale, timestamps as UTC "YYYY-MM-DD HH:MM:SS"),
// the rendered rows are sorted and hashed.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bcdb::test {

enum class SeedEngine { sqlite, postgres, mysql };
using Rows = std::vector<std::vector<std::string>>;  // "NULL" for NULL, as the test databases give them
using Query = std::function<Rows(const std::string& sql)>;

// Table -> checksum, for every table of manifests/<vertical>.
std::map<std::string, std::string> seed_checksums(SeedEngine engine, const std::string& vertical, const Query& query);

class ServerDatabase;
// seed_checksums() of a test server's database (SeedEngine from its engine).
std::map<std::string, std::string> server_seed_checksums(ServerDatabase& db, const std::string& vertical);

// What the same seed gives on SQLite: seeds a fresh SQLite database with `bcdb seed VERTICAL
// --migrate --scale SCALE --seed SEED` in a temporary folder and returns its checksums.
std::map<std::string, std::string> sqlite_seed_checksums(const std::string& vertical, const std::string& scale,
                                                         const std::string& seed);

// The tables of manifests/<vertical>, and of those the ones with an "id" column.
std::vector<std::string> vertical_tables(const std::string& vertical);
std::vector<std::string> vertical_id_tables(const std::string& vertical);

}  // namespace bcdb::test
