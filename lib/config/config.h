#pragma once
// Where the database and the manifests come from (DESIGN.md, "URLs and configuration"):
// flag > BCDB_DATABASE_URL > DATABASE_URL > bcdb.toml (its --env section first) > sqlite:bcdb.db.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bcdb::config {

inline constexpr const char* kDefaultDatabase = "sqlite:bcdb.db";
inline constexpr const char* kDefaultManifests = "manifests";
inline constexpr const char* kConfigFile = "bcdb.toml";

// bcdb.toml:
//   database  = "sqlite:app.db"
//   manifests = "db/manifests"
//   schemas   = ["app", "audit"]      # engines with schemas: the ones bcdb owns
//   [env.staging]
//   database  = "postgres://app:${env:STAGING_DB_PASSWORD}@db.internal/app"
// A value as written, with where: ${env:NAME} is replaced only when the value is used, so a
// secret that is unset for an unused setting (the default database, when --db is given) is
// no error.
struct RawValue {
  std::string text;
  std::string location;  // "bcdb.toml:3:13"
};

struct FileConfig {
  std::optional<RawValue> database;
  std::optional<RawValue> manifests;
  std::optional<std::vector<std::string>> schemas;
  std::string schemas_location;  // where schemas is written
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment process_environment();

// Reads `path`; values of section [env.NAME] override the top level when `env` names it.
// Throws ConfigError with file:line:col for bad TOML, unknown keys and an unknown --env name.
FileConfig load_file(const std::filesystem::path& path, const std::optional<std::string>& env);

// The value with each ${env:NAME} replaced by the environment variable (ConfigError naming the
// value's location when unset).
std::string interpolate(const RawValue& value, const Environment& environment);

struct Resolved {
  std::string database;   // a URL
  // Where each setting comes from, for the errors about it: "--db", "BCDB_DATABASE_URL",
  // "DATABASE_URL", "bcdb.toml:3:12" (where the value is written), "the default".
  std::string database_origin;
  std::filesystem::path manifests;
  std::string manifests_origin;  // "--manifests", "bcdb.toml:4:13", "the default"
  std::vector<std::string> schemas;  // --schema, else bcdb.toml; empty: the default schema and those manifests name
  std::string schemas_origin;        // "--schema", "bcdb.toml:5:11"
};

// `message` about a setting, prefixed with where the setting comes from ("bcdb.toml:3:12:
// database: ...", "--db: ..."), so that the error can be found and fixed.
std::string with_origin(const std::string& origin, const std::string& setting, const std::string& message);

// Applies the precedence. bcdb.toml is read from `directory` when present; --env without it
// is a ConfigError.
Resolved resolve(const std::optional<std::string>& db_flag, const std::optional<std::string>& manifests_flag,
                 const std::vector<std::string>& schema_flags, const std::optional<std::string>& env, const std::filesystem::path& directory,
                 const Environment& environment);

}  // namespace bcdb::config
