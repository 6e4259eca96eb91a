#pragma once
// Internal to lib/manifest: semantic checks over tables read from one or more manifest files.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/manifest.h"
#include "model/schema.h"

namespace bcdb::manifest::detail {

struct Pos {
  int line = 0;
  int column = 0;
};

// The parts of a table whose elements have recorded positions, in the order they are read.
enum class Part : std::uint8_t { primary_key, columns, indexes, uniques, foreign_keys, checks };

// What inside an element a position belongs to; `self` is the element itself. In the path
// language of diagnostics these are ".name", ".references.columns", ...
enum class Attr : std::uint8_t {
  self, name, default_, identity, generated, renamed_from, up, down, using_,
  columns, include, references, references_table, references_columns,
};

// One recorded position: element `element` of `part` (0 for the primary key), attribute `attr`,
// entry `item` of that attribute when it is a list (-1 for the attribute as a whole).
struct Spot {
  Part part = Part::columns;
  Attr attr = Attr::self;
  std::uint32_t element = 0;
  std::int32_t item = -1;
  Pos at;
};

// One table as read from a manifest, with where its parts were written. Positions are kept as
// bare line/column pairs and become Locations (which copy the file name) only when a diagnostic
// or LoadResult::locations needs one: a big schema records hundreds of thousands of them.
struct TableSource {
  model::Table table;
  std::shared_ptr<const std::string> file;  // shared by every table of one file
  Pos at;                                   // the table's key in [tables.NAME]
  int file_order = 0;                       // position of the file in load order, for "declared first"
  // Table-level keys: "schema", "renamed_from", "columns" (the array), "sqlite.strict", ...
  std::vector<std::pair<std::string, Pos>> keys;
  // Positions inside elements: (*spot_list)[first_spot, end_spot), ordered by (part, element);
  // within one element a later spot for the same attribute wins. Tables share the lists (see
  // SpotStore): a small one per table cost an allocation each.
  std::shared_ptr<const std::vector<Spot>> spot_list;
  std::uint32_t first_spot = 0;
  std::uint32_t end_spot = 0;
  std::set<std::string> untyped;  // columns whose type could not be read: no type comparisons

  Location location(Pos p) const { return {*file, p.line, p.column}; }
  Location declared() const { return location(at); }
  // The most specific recorded position, falling back to the attribute's parents
  // (".references.columns" -> ".references"), the element, the list's key and finally the table.
  Pos position(Part part, std::size_t element, Attr attr = Attr::self, int item = -1) const;
  // position(part, e, Attr::name) for every e < count, in one pass over the spots: recording
  // the locations of a big schema asks for every column's name.
  void name_positions(Part part, std::size_t count, std::vector<Pos>& out) const;
  // A table-level key, falling back to its parents ("sqlite.strict" -> "sqlite") and the table.
  Pos key_position(std::string_view key) const;
  Location locate(Part part, std::size_t element, Attr attr = Attr::self, int item = -1) const {
    return location(position(part, element, attr, item));
  }
  Location locate(std::string_view key) const { return location(key_position(key)); }

 private:
  // position() within the spots [first, last) of one element.
  Pos resolve(const Spot* first, const Spot* last, Part part, Attr attr, int item) const;
};

// Cross-table checks (duplicates, references, names shared per schema) and the final schema:
// fills result.schema, result.locations and appends to result.diagnostics (unsorted).
// Defaults omitted FK ref_columns to the target's primary key.
void assemble(std::vector<TableSource> tables, LoadResult& result);

}  // namespace bcdb::manifest::detail
