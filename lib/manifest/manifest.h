#pragma once
// Manifests: folders of TOML files holding the desired schema (DESIGN.md, "Manifests").
// Loading reports every problem at once as Diagnostics with file:line:col; commands that
// need a valid schema turn them into a ManifestError (exit code 2).
#include <cstdint>
#include <filesystem>
#include <functional>
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
  // Empty: wrong on every engine. Else a problem only on these engines (model::kEngine*): a
  // name too long for PostgreSQL, MySQL's 'it\'s' read by SQLite. `verify`, which knows no
  // database, shows those as warnings; a command with a database refuses its engine's.
  std::vector<std::string> engines;
  // Advice, never refused: what may be wrong though the manifest alone cannot tell (an
  // expression naming a column the manifest does not declare, which the live table may hold).
  bool advice = false;
  std::string to_string() const;  // "file:line:col: message (hint)"
  bool applies_to(std::string_view engine) const;
};

// Where each object is declared, by name: "orders" (a table), "orders.total" (a column),
// "orders.orders_customer_idx" (an index or constraint by name); tables in a named schema are
// "sales.orders". When several objects share a name, the first recorded wins: tables in load
// order, each table before its columns, columns before its indexes and constraints.
// Positions are held compactly: a Location (which copies the file name) is made on lookup.
class Locations {
 public:
  std::optional<Location> find(std::string_view object) const;
  Location at(std::string_view object) const;  // throws std::out_of_range for an unknown object
  std::size_t count(std::string_view object) const { return find(object) ? 1 : 0; }

  // Filling, in declaration order: a table (qualified names are unique), then its objects.
  void reserve(std::size_t tables, std::size_t objects);
  void add_table(const std::string& qualified, const std::string& file, int line, int column);
  void add(std::string_view object, int line, int column);  // in the table added last

 private:
  struct Table {
    std::uint32_t file = 0;
    int line = 0;
    int column = 0;
    std::uint32_t first = 0;  // its objects are objects_[first, end)
    std::uint32_t end = 0;
  };
  struct Object {
    std::uint32_t offset = 0;  // the name is names_.substr(offset, size)
    std::uint32_t size = 0;
    int line = 0;
    int column = 0;
  };
  std::vector<std::string> files_;
  std::vector<Table> tables_;
  std::vector<Object> objects_;
  std::string names_;
  std::map<std::string, std::uint32_t, std::less<>> by_name_;  // qualified name -> index in tables_
};

struct LoadResult {
  model::Schema schema;
  std::vector<Diagnostic> diagnostics;         // problems on every engine, sorted by file, line, column
  std::vector<Diagnostic> engine_diagnostics;  // problems on some engines only (Diagnostic::engines), sorted
  std::vector<Diagnostic> advice;              // Diagnostic::advice, sorted: verify's warnings only
  std::vector<std::string> files;              // the files read, sorted
  std::string checksum;                        // SHA-256 over the sorted file names and contents
  Locations locations;
  bool ok() const { return diagnostics.empty(); }
  // Every problem on `engine` (empty: the engine-neutral ones), sorted.
  std::vector<Diagnostic> problems_for(std::string_view engine) const;
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
// load_directory, throwing ManifestError unless the manifests are valid on `engine` (empty: on
// every engine, ignoring engine-specific problems).
LoadResult load_valid(const std::filesystem::path& dir, std::string_view engine = {});
// The same check on a result already loaded.
void require_valid(const LoadResult& loaded, std::string_view engine);

// The schema as manifest text, one [tables.NAME] section per table, formatted for people
// (inline tables one per line, as in DESIGN.md). load_text(to_toml(s)) yields s again.
std::string to_toml(const model::Table& table);
// Writes one file per table into `dir` (created if needed): "<table>.toml", or
// "<schema>.<table>.toml" for tables in a named schema. Returns the paths written.
std::vector<std::filesystem::path> write_directory(const model::Schema& schema, const std::filesystem::path& dir);

}  // namespace bcdb::manifest
