#pragma once
#include <string>

#include "model/schema.h"

namespace bcdb::model {

// A deterministic text form of everything in `schema` that comparison looks at. Order of
// tables, columns, indexes and constraints does not matter (two schemas that differ only in
// order serialise the same); rename hints and unrepresented notes are left out.
std::string canonical_text(const Schema& schema);

// SHA-256 of canonical_text: equal fingerprints mean diff::compare finds nothing.
std::string fingerprint(const Schema& schema);

// Sorts tables, indexes and constraints into canonical order (columns keep declaration order),
// and the notes and engine objects, so that reports list them the same way every time.
void sort_canonically(Schema& schema);

}  // namespace bcdb::model
