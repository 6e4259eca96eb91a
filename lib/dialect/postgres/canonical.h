#pragma once
// The canonical form of a schema on PostgreSQL, which inspect() produces and canonicalize()
// gives a schema from elsewhere (manifests, another engine):
//  - tables of the default schema ("public") have schema ""; foreign keys name their target
//    the same way;
//  - a column carries a "postgres" native type only when format_type() spells it differently
//    from spelling(logical type); natives of other engines and options not "postgres.*" are gone;
//  - defaults, generated expressions, checks, index expressions and predicates are in the text
//    PostgreSQL's own deparser (pg_get_expr, pg_get_constraintdef) prints for them, which
//    canonicalize() obtains by creating the objects in a scratch schema inside a transaction
//    that is rolled back;
//  - an unnamed primary key is named as PostgreSQL names it (<table>_pkey); index method
//    btree is the default, written "".
#include "dialect/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::postgres {

inline constexpr const char* kDefaultSchema = "public";

// "public" and "" -> ""; other names as they are.
std::string canonical_schema(std::string_view schema);

// Throws ConfigError naming the object when PostgreSQL rejects one of its expressions or types.
void canonicalize(model::Schema& schema, Connection& connection);

}  // namespace bcdb::dialect::postgres
