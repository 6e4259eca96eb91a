#pragma once
// Internal to lib/manifest: semantic checks over tables read from one or more manifest files.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/manifest.h"
#include "model/schema.h"

namespace bcdb::manifest::detail {

// One table as read from a manifest, with where its parts were written. Paths in `where` are
// relative to the table and index the model vectors: "columns[2].identity",
// "foreign_keys[0].references.columns[1]", "primary_key.columns[0]", "indexes[1].name".
struct TableSource {
  model::Table table;
  Location at;          // the table's key in [tables.NAME]
  int file_order = 0;   // position of the file in load order, for "declared first"
  std::map<std::string, Location> where;
  std::set<std::string> untyped;  // columns whose type could not be read: no type comparisons

  // The most specific recorded location for `path`, falling back to its parents and finally
  // to the table itself.
  Location locate(std::string_view path) const;
};

// Cross-table checks (duplicates, references, names shared per schema) and the final schema:
// fills result.schema, result.locations and appends to result.diagnostics (unsorted).
// Defaults omitted FK ref_columns to the target's primary key.
void assemble(std::vector<TableSource> tables, LoadResult& result);

}  // namespace bcdb::manifest::detail
