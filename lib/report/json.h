#pragma once
// JSON for machines: every document has "format" and "version" and is validated against its
// JSON Schema in schemas/ by the tests. nlohmann/json stays inside json.cpp.
#include <string>
#include <string_view>
#include <vector>

#include "check/drift.h"
#include "check/sync_check.h"
#include "manifest/manifest.h"
#include "migrate/executor.h"
#include "plan/plan.h"
#include "seed/seeder.h"

namespace bcdb::report {

inline constexpr int kJsonVersion = 1;

std::string plan_json(const plan::Plan& plan, const std::vector<plan::Step>& steps);
// A plan saved with `bcdb diff --out`; throws ConfigError naming `source` when it is not one.
plan::Plan plan_from_json(std::string_view text, const std::string& source);

std::string drift_json(const std::string& database, const std::string& desired_source,
                       const std::vector<check::Difference>& differences, const std::vector<std::string>& unmanaged);
std::string sync_json(const check::SyncReport& report);
// sync-check on manifests that do not load: the gate fails before it reaches the database.
std::string sync_invalid_json(const std::string& desired_source, const std::vector<manifest::Diagnostic>& problems);
std::string verify_json(const std::string& source, const manifest::LoadResult& loaded);
std::string migrate_json(const migrate::Outcome& outcome, bool dry_run, const std::string& phase);
std::string inspect_json(const std::string& database, const std::string& directory,
                         const std::vector<std::string>& files, std::size_t tables,
                         const std::vector<std::string>& unrepresented);

// bcdb seed: what each table holds and what this run inserted; `migrated`: steps applied first.
std::string seed_json(const std::string& database, const seed::Options& options, int migrated,
                      const seed::Outcome& outcome, double seconds);

}  // namespace bcdb::report
