#pragma once
// Looking into inspected schemas from the inspector tests of every engine: lookups that fail
// the test (REQUIRE) when the object is missing, the notes, and a readable list of changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "diff/change.h"
#include "model/schema.h"

namespace bcdb::test {

const model::Table& table(const model::Schema& s, const std::string& name);
const model::Column& column(const model::Table& t, const std::string& name);
const model::Index& index(const model::Table& t, const std::string& name);

// The constraint called `name` among `items` (uniques, foreign keys, checks).
template <typename T>
const T& named(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  REQUIRE_MESSAGE(it != items.end(), "no constraint " << name);
  return *it;
}

// The column's native type for `engine`, "" when it has none.
std::string native_of(const model::Column& c, const std::string& engine);

bool has_note(const model::Schema& s, const std::string& text);
bool note_contains(const model::Schema& s, const std::string& fragment);
std::string notes(const model::Schema& s);  // one per line
const model::EngineObject* object(const model::Schema& s, const std::string& kind, const std::string& name);

// diff::compare as the engine's dialect compares, and the result one change per line.
diff::ChangeSet compare_on(const std::string& engine, const model::Schema& desired, const model::Schema& live);
std::string describe(const diff::ChangeSet& changes);

// A column of a logical type, as a manifest would declare it.
model::Column col(std::string name, const std::string& type);

}  // namespace bcdb::test
