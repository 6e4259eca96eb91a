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

}  // namespace bcdb::dialect::postgres
