#pragma once
// The sequence-overflow fix (PostgreSQL int -> bigint on a primary key that other tables
// reference) as one recipe over several tables: the key and every referencing column whose
// type changes with it get shadow columns, synced and backfilled like any type change; the
// key's unique index is built on its shadow concurrently; and one cut-over drops the foreign
// keys, swaps every shadow in, moves the primary key (and the identity) to the new column and
// adds the foreign keys again NOT VALID, to be validated online.
#include <string>
#include <vector>

#include "diff/change.h"
#include "model/schema.h"
#include "plan/recipes/column_sync.h"

namespace bcdb::plan::recipes {

struct KeyReference {
  std::string table;
  model::ForeignKey foreign_key;  // as the desired table has it
  bool shadowed = false;          // its column's type changes too, through a shadow
};

struct KeyFamily {
  std::string table;   // the referenced table
  std::string column;  // its one-column primary key, whose type changes
  std::vector<KeyReference> references;
};

// Every key that qualifies: the engine can (RecipeOptions::shadow_keys), blocking was not
// allowed (or the key's shadow is under way), the table is above the rewrite threshold, the
// change widens or has a `using`, and every foreign key on the key is a one-column one whose
// table can take a shadow. A key that does not qualify keeps the single ALTER.
std::vector<KeyFamily> key_families(const diff::ChangeSet& changes, const model::Schema& desired,
                                    const model::Schema& live, const RecipeOptions& options);

}  // namespace bcdb::plan::recipes
