#pragma once
// How logical types are spelled in MySQL/MariaDB: as information_schema.COLUMNS.COLUMN_TYPE
// prints them once display widths are dropped, so a desired column and an inspected one
// compare as plain strings.
#include <string>
#include <string_view>

#include "dialect/mysql/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::mysql {

// text and bytes take the long forms: a value another engine holds must fit.
// timestamp and timestamptz are both datetime(6) (the session is UTC; TIMESTAMP ends in 2038).
std::string spelling(const model::Type& type, const Server& server);
// "int(11)" -> "int", "bigint(20) unsigned" -> "bigint unsigned", "tinyint(1)" stays.
std::string without_display_width(std::string_view column_type);
// The closest logical type for a COLUMN_TYPE (display width already dropped); `exact` says
// whether spelling() of the result gives the same text back (else the column keeps a native).
model::Type logical_type(std::string_view column_type, const Server& server, bool& exact);
// The column's type in DDL: its mysql native override or the spelling of its logical type.
std::string column_type(const model::Column& column, const Server& server);
// A wider varchar whose length prefix keeps its size (1 byte up to 255 bytes of utf8mb4) changes
// only the catalog; every other type change copies the table (ALGORITHM=COPY).
bool widens_in_place(const model::Column& from, const model::Column& to);

}  // namespace bcdb::dialect::mysql
