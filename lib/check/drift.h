#pragma once
// drift: the ChangeSet told as differences between the live database and the desired schema.
#include <string>
#include <vector>

#include "diff/change.h"

namespace bcdb::check {

struct Difference {
  std::string kind;         // "missing", "extra" or "changed"
  std::string object;       // "table", "column", "index", "unique", "foreign_key", "check", "primary_key", "options", "comment"
  std::string table;
  std::string name;         // column, index or constraint; empty for table-level differences
  std::string attribute;    // for "changed": what differs ("type", "nullable", ...)
  std::string desired;      // for "changed"
  std::string live;         // for "changed"
  std::string message;      // one line for people
};

struct Labels {
  std::string desired = "manifest";  // "in manifest"
  std::string live = "database";     // "in database"
};

// One Difference per missing or extra object and per differing attribute.
std::vector<Difference> differences(const diff::ChangeSet& changes, const Labels& labels = {});

}  // namespace bcdb::check
