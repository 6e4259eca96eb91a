#pragma once
// Random pairs of schemas (A, B) for the convergence property test, with rows for A that
// satisfy the constraints of both A and B (so that migrating A -> B can always succeed).
//
// Naming carries the meaning: column "id" is the key; "n*" columns hold integers, "s*" text,
// "r*" non-integral reals (each family only changes type within itself, so SQLite's type
// affinity never rewrites a stored value); "ref_<table>" columns are nullable foreign keys to
// <table>.id.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "model/schema.h"

namespace bcdb::test {

struct SchemaPair {
  model::Schema a;
  model::Schema b;
  // Per table of A: its rows as SQL INSERT statements.
  std::vector<std::string> inserts;
};

SchemaPair random_schema_pair(std::uint64_t seed, const std::string& engine);

// The manifest text of a schema (one file).
std::string manifest_text(const model::Schema& schema);

// The name a column of A has in B (following renamed_from hints), or empty when B lacks it.
std::string name_in_b(const model::Table& b_table, const std::string& a_column);

}  // namespace bcdb::test
