#pragma once
// Internal to lib/manifest. The TOML library stays inside loader.cpp: it converts a parsed
// document into this small neutral tree, and the reader turns the tree into tables. That keeps
// the heavy header in one translation unit and the schema reading free of TOML API details.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/manifest.h"
#include "manifest/validate.h"

namespace bcdb::manifest::detail {

struct Entry;

// A view of one parsed value: texts and children point into storage the loader keeps alive
// while the tree is read, so converting a big document copies no strings and allocates no
// per-node vectors.
struct Node {
  enum class Kind : std::uint8_t { string, integer, floating, boolean, array, table, other };
  Kind kind = Kind::other;
  bool boolean = false;
  Pos at;
  std::string_view text;  // the string value
  std::int64_t integer = 0;
  double floating = 0;
  std::span<const Node> items;     // array elements
  std::span<const Entry> entries;  // table entries in source order

  // Inline: readers look keys up by literal, which the compiler turns into a few compares.
  const Node* find(std::string_view key) const;
};

struct Entry {
  std::string_view key;
  Pos at;  // where the key is written
  Node value;
};

inline const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

// Where the spots of one load are kept: in chunks that never grow past the capacity they are
// made with, so that keeping spots never moves (and copies, and touches afresh) those kept before;
// each table's spots lie together in one chunk.
class SpotStore {
 public:
  // Copies one table's spots in; sets the table's spot_list, first_spot and end_spot.
  void keep(const std::vector<Spot>& spots, TableSource& table);

 private:
  std::shared_ptr<std::vector<Spot>> chunk_;
  std::size_t next_capacity_ = 1024;
};

// What the documents of one load are read into.
struct Sources {
  std::vector<TableSource> tables;
  SpotStore spots;
  std::vector<Spot> scratch;  // the spots of the table being read, reused from table to table
};

// Reads the tables of one document, appending them to `into`. Problems of shape (unknown keys,
// wrong kinds, missing keys, bad types) go to `out`; cross-table checks happen later in assemble().
void read_document(const Node& root, const std::string& file, int file_order, Sources& into,
                   std::vector<Diagnostic>& out);

}  // namespace bcdb::manifest::detail
