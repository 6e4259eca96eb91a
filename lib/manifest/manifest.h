#pragma once
// Manifests: folders of TOML files holding the desired schema (DESIGN.md, "Manifests").
// Loading reports every problem at once as Diagnostics with file:line:col; commands that
// need a valid schema turn them into a ManifestError (exit code 2).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"
#include "support/error.h"

namespace bcdb::manifest {

struct Location {
  std::string file;  // as given to the loader (relative paths stay relative)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string to_string() const;  // "manifests/orders.toml:12:5" (line/column left out when 0)
};

struct Diagnostic {
  Location where;
  std::string message;  // one sentence, names the object: "table orders: column total: unknown type 'decimel(12,2)'"
  std::string hint;     // optional: "did you mean 'decimal(12,2)'?"
  std::string to_string() const;  // "file:line:col: message (hint)"
};

struct LoadResult {
  model::Schema schema;
  std::vector<Diagnostic> diagnostics;      // sorted by file, line, column
  std::vector<std::string> files;           // the files read, sorted
  std::string checksum;                     // SHA-256 over the sorted file names and contents
  // Where each object is declared: "orders", "orders.total" (column), "orders.orders_customer_idx"
  // (index or constraint by name).
  std::map<std::string, Location> locations;
  bool ok() const { return diagnostics.empty(); }
};

struct ManifestError : Error {
  explicit ManifestError(std::vector<Diagnostic> diagnostics);
  std::vector<Diagnostic> diagnostics;
};

// Reads every *.toml file directly inside `dir` (not subfolders), in name order.
// Throws ConfigError when the folder is missing or holds no .toml file (naming subfolders that
// do, as a hint).
LoadResult load_directory(const std::filesystem::path& dir);
// One document, for tests and for a single file.
LoadResult load_text(std::string_view toml, const std::string& file_name);
// load_directory, throwing ManifestError unless the manifests are valid.
LoadResult load_valid(const std::filesystem::path& dir);

// The schema as manifest text, one [tables.NAME] section per table, formatted for people
// (inline tables one per line, as in DESIGN.md). load_text(to_toml(s)) yields s again.
std::string to_toml(const model::Table& table);
// Writes one file per table into `dir` (created if needed): "<table>.toml", or
// "<schema>.<table>.toml" for tables in a named schema. Returns the paths written.
std::vector<std::filesystem::path> write_directory(const model::Schema& schema, const std::filesystem::path& dir);

}  // namespace bcdb::manifest
