#pragma once
// Internal to lib/manifest. The TOML library stays inside loader.cpp: it converts a parsed
// document into this small neutral tree, and the reader turns the tree into tables. That keeps
// the heavy header in one translation unit and the schema reading free of TOML API details.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/manifest.h"
#include "manifest/validate.h"

namespace bcdb::manifest::detail {

struct Pos {
  int line = 0;
  int column = 0;
};

struct Entry;

struct Node {
  enum class Kind { string, integer, floating, boolean, array, table, other };
  Kind kind = Kind::other;
  Pos at;
  std::string text;  // the string value
  std::int64_t integer = 0;
  double floating = 0;
  bool boolean = false;
  std::vector<Node> items;     // array elements
  std::vector<Entry> entries;  // table entries in source order

  const Node* find(std::string_view key) const;
};

struct Entry {
  std::string key;
  Pos at;  // where the key is written
  Node value;
};

// Reads the tables of one document. Problems of shape (unknown keys, wrong kinds, missing keys,
// bad types) go to `out`; cross-table checks happen later in assemble().
std::vector<TableSource> read_document(const Node& root, const std::string& file, int file_order,
                                       std::vector<Diagnostic>& out);

}  // namespace bcdb::manifest::detail
