#pragma once
// How logical types are spelled in PostgreSQL: exactly as format_type() prints them, so that
// a desired column and an inspected one compare as plain strings.
#include <string>
#include <string_view>

#include "model/schema.h"

namespace bcdb::dialect::postgres {

std::string spelling(const model::Type& type);
// The closest logical type for a format_type() spelling; `exact` says whether spelling() of
// the result gives the same text back (otherwise the column keeps a native override).
model::Type logical_type(std::string_view formatted, bool& exact);
// The column's type in DDL: its postgres native override or the spelling of its logical type.
std::string column_type(const model::Column& column);
// varchar(n) -> varchar(m >= n) or text, and numeric(p,s) -> numeric(q >= p,s), only change
// the catalog; every other type change rewrites the table (and its indexes).
bool binary_coercible(const model::Column& from, const model::Column& to);

}  // namespace bcdb::dialect::postgres
