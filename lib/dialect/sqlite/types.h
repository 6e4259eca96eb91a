#pragma once
// How logical types are spelled in SQLite, and read back from declared types. SQLite keeps
// the declared type text verbatim, so bcdb compares declared types, not affinities.
#include <string>
#include <string_view>

#include "model/schema.h"

namespace bcdb::dialect::sqlite {

// The declared type bcdb writes for a logical type in an ordinary table.
std::string spelling(const model::Type& type);
// In a STRICT table, where only INT, INTEGER, REAL, TEXT, BLOB and ANY are allowed.
std::string strict_spelling(const model::Type& type);
// The closest logical type for a declared type (SQLite's affinity rules for unknown names).
model::Type logical_type(std::string_view declared);

// True when `column` is the table's rowid alias: the single-column primary key of a rowid
// table, declared exactly INTEGER. Such a column generates its own values (identity).
bool is_rowid_alias(const model::Table& table, const model::Column& column, std::string_view declared);

// The declared type of `column` in `table`: its sqlite native override, or the spelling of
// its logical type (INTEGER for an identity key, so that it becomes the rowid alias).
std::string column_type(const model::Table& table, const model::Column& column);

// Declared types compare case-insensitively with whitespace collapsed.
std::string normalize_declared(std::string_view declared);

}  // namespace bcdb::dialect::sqlite
