#include "config/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <vector>

#include "support/error.h"
#include "support/strings.h"

namespace bcdb::config {
namespace {

std::string where(const std::filesystem::path& file, const toml::source_region& region) {
  return file.string() + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

std::string expand(const std::string& value, const std::string& location, const Environment& environment) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto start = value.find("${env:", pos);
    if (start == std::string::npos) break;
    auto end = value.find('}', start);
    if (end == std::string::npos) throw ConfigError(location + ": unterminated ${env:...} in value");
    std::string name = value.substr(start + 6, end - start - 6);
    auto v = environment(name);
    if (!v) throw ConfigError(location + ": environment variable " + name + " is not set (used as ${env:" + name + "})");
    out += value.substr(pos, start - pos) + *v;
    pos = end + 1;
  }
  return out + value.substr(pos);
}

std::vector<std::string> read_schemas(const toml::node& node, const std::filesystem::path& file,
                                      const std::string& location) {
  const auto* array = node.as_array();
  if (!array) throw ConfigError(location + ": schemas must be an array of schema names, such as [\"public\", \"audit\"]");
  std::vector<std::string> names;
  for (const auto& element : *array) {
    const auto* name = element.as_string();
    if (!name || name->get().empty())
      throw ConfigError(where(file, element.source()) + ": each of schemas must be a non-empty string");
    names.push_back(name->get());
  }
  return names;
}

void read_section(const toml::table& table, const std::filesystem::path& file, FileConfig& out, bool top_level) {
  static const std::vector<std::string> top_keys = {"database", "manifests", "schemas", "env"};
  static const std::vector<std::string> env_keys = {"database", "manifests", "schemas"};
  const auto& keys = top_level ? top_keys : env_keys;
  for (const auto& [key, node] : table) {
    std::string k(key.str());
    std::string location = where(file, node.source());
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
      auto hint = str::did_you_mean(k, keys);
      throw ConfigError(where(file, key.source()) + ": unknown key '" + k + "'" +
                        (hint ? " (did you mean '" + *hint + "'?)" : ""));
    }
    if (k == "env") continue;
    if (k == "schemas") {
      out.schemas = read_schemas(node, file, location);
      out.schemas_location = location;
      continue;
    }
    const auto* s = node.as_string();
    if (!s) throw ConfigError(location + ": " + k + " must be a string");
    (k == "database" ? out.database : out.manifests) = RawValue{s->get(), location};
  }
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::string interpolate(const RawValue& value, const Environment& environment) {
  return expand(value.text, value.location, environment);
}

FileConfig load_file(const std::filesystem::path& path, const std::optional<std::string>& env) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(where(path, e.source()) + ": " + std::string(e.description()));
  }
  FileConfig out;
  read_section(root, path, out, true);
  if (!env) return out;
  const toml::table* envs = root["env"].as_table();
  std::vector<std::string> names;
  if (envs)
    for (const auto& [key, node] : *envs) names.emplace_back(key.str());
  const toml::table* section = envs ? (*envs)[*env].as_table() : nullptr;
  if (!section) {
    auto hint = str::did_you_mean(*env, names);
    throw ConfigError(path.string() + ": no environment '" + *env + "' (it defines: " +
                      (names.empty() ? std::string("none") : str::join(names, ", ")) + ")" +
                      (hint ? "; did you mean '" + *hint + "'?" : ""));
  }
  read_section(*section, path, out, false);
  return out;
}

Resolved resolve(const std::optional<std::string>& db_flag, const std::optional<std::string>& manifests_flag,
                 const std::vector<std::string>& schema_flags, const std::optional<std::string>& env, const std::filesystem::path& directory,
                 const Environment& environment) {
  FileConfig file;
  std::filesystem::path config_path = (directory / kConfigFile).lexically_normal();
  if (std::filesystem::exists(config_path)) {
    file = load_file(config_path, env);
  } else if (env) {
    throw ConfigError("--env " + *env + " needs a " + std::string(kConfigFile) + " in " +
                      std::filesystem::absolute(directory).string() + " defining [env." + *env + "]");
  }
  Resolved r;
  if (db_flag) {
    r.database = *db_flag, r.database_origin = "--db";
  } else if (auto v = environment("BCDB_DATABASE_URL"); v && !v->empty()) {
    r.database = *v, r.database_origin = "BCDB_DATABASE_URL";
  } else if (auto d = environment("DATABASE_URL"); d && !d->empty()) {
    r.database = *d, r.database_origin = "DATABASE_URL";
  } else if (file.database) {
    r.database = interpolate(*file.database, environment), r.database_origin = file.database->location;
  } else {
    r.database = kDefaultDatabase, r.database_origin = "the default";
  }
  if (!schema_flags.empty()) {
    r.schemas = schema_flags, r.schemas_origin = "--schema";
  } else if (file.schemas) {
    r.schemas = *file.schemas, r.schemas_origin = file.schemas_location;
  }
  if (manifests_flag) {
    r.manifests = *manifests_flag, r.manifests_origin = "--manifests";
  } else if (file.manifests) {
    r.manifests = interpolate(*file.manifests, environment), r.manifests_origin = file.manifests->location;
  } else {
    r.manifests = kDefaultManifests, r.manifests_origin = "the default";
  }
  return r;
}

std::string with_origin(const std::string& origin, const std::string& setting, const std::string& message) {
  // No line to point at: say which setting it is and where it could be set.
  if (origin == "the default")
    return setting + " (the default, which " + std::string(kConfigFile) + " or a flag can set): " + message;
  // A flag names itself; a file location or a variable is followed by the setting's name.
  if (origin.rfind("--", 0) == 0) return origin + ": " + message;
  return origin + ": " + setting + ": " + message;
}

}  // namespace bcdb::config
