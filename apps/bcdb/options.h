#pragma once
// What the command line says, as plain values: filled by cli.cpp (the only file that sees
// CLI11), read by the commands.
#include <optional>
#include <string>
#include <vector>

namespace bcdb::app {

struct GlobalOptions {
  std::optional<std::string> db;
  std::optional<std::string> manifests;
  std::optional<std::string> env;
  std::vector<std::string> schemas;  // --schema, repeatable
  std::optional<std::string> format;  // validated per command
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
};

struct PlanningOptions {
  std::optional<std::string> to;           // a database URL as the desired side
  std::string rewrite_threshold = "10000";  // rows
  std::string lock_timeout = "2s";          // per statement: what migrate sets, and what a SQL export starts with
  bool copy_tables = false;                 // insist on copying tables (refused where the engine cannot)
  bool no_copy_tables = false;              // MySQL: type changes fill a shadow column instead of copying the table
};

struct MigrateOptions {
  PlanningOptions planning;
  std::string phase = "all";
  bool allow_destructive = false;
  bool allow_blocking = false;
  bool dry_run = false;
  std::optional<std::string> plan_file;
  std::string retries = "3";
  std::string lock_wait = "5m";
  std::string batch_time = "100ms";           // backfill: what a batch should take
  std::optional<std::string> max_rows_per_second;
  std::string batch_rows = "1000";            // backfill: the first batch; later ones adapt
  std::vector<std::string> replicas;          // --replica URL, repeatable: the backfill waits while one lags
  std::optional<std::string> max_lag;         // how much lag it waits out (default 1s); only with --replica
};

struct DiffOptions {
  PlanningOptions planning;
  std::optional<std::string> out;  // save the plan as JSON
  bool exit_code = false;          // exit 1 when steps are pending, as git diff --exit-code
};

struct DriftOptions {
  std::optional<std::string> to;
};

struct VerifyOptions {
  std::vector<std::string> queries;  // --queries FILE, repeatable: check these against the database
};

struct InspectOptions {
  std::string out;
  bool force = false;
};

struct SeedOptions {
  std::string vertical;
  std::string scale = "1000";  // rows of the vertical's main table
  std::string seed = "1";
  bool migrate = false;   // migrate to the vertical's manifests first
  bool truncate = false;  // empty the vertical's tables first
  std::string lock_wait = "5m";
};

struct CompletionsOptions {
  std::string shell;
};

}  // namespace bcdb::app
