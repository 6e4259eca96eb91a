#pragma once
// The engine-specific table options a manifest may set (`sqlite = { strict = true }`), shared
// by the reader, which checks them, and the writer, which formats them.
#include <string>
#include <vector>

#include "model/schema.h"

namespace bcdb::manifest {

struct EngineOptions {
  const char* engine;
  std::vector<std::string> booleans;
  std::vector<std::string> strings;
};

inline const std::vector<EngineOptions>& engine_options() {
  static const std::vector<EngineOptions> options{
      {model::kEngineSqlite, {"strict", "without_rowid", "autoincrement"}, {}},
      {model::kEngineMysql, {}, {"engine", "charset", "collation", "row_format"}},
      {model::kEnginePostgres, {}, {}},
  };
  return options;
}

// "sqlite.strict" -> true
inline bool is_boolean_option(const std::string& option) {
  for (const auto& e : engine_options())
    for (const auto& b : e.booleans)
      if (option == std::string(e.engine) + "." + b) return true;
  return false;
}

}  // namespace bcdb::manifest
