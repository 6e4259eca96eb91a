#pragma once
#include <functional>
#include <string>

#include "diff/change.h"

namespace bcdb::diff {

struct CompareContext {
  // The engine whose native type overrides count ("sqlite", ...); empty compares logical types.
  std::string engine;
  // The engine's spelling of a column's type (Dialect::column_type).
  std::function<std::string(const model::Table&, const model::Column&)> column_type;
};

// Everything that must change for `live` to equal `desired`. Both schemas are expected in the
// engine's canonical form (Dialect::canonicalize). Renames come only from `renamed_from`
// hints on the desired side; nothing is guessed. The result is in a stable order.
ChangeSet compare(const model::Schema& desired, const model::Schema& live, const CompareContext& context);

// The type a column has on the context's engine, as the engine spells it.
std::string effective_type(const model::Table& table, const model::Column& column, const CompareContext& context);

}  // namespace bcdb::diff
