#pragma once
// One row as a line of PostgreSQL's COPY text format, which MySQL's LOAD DATA reads too with
// FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n': fields separated by tabs,
// NULL as \N, backslash, tab, newline and carriage return escaped. Byte-wise, which is exact
// for UTF-8 (no multi-byte character holds one of those bytes).
#include <string>

#include "dialect/connection.h"

namespace bcdb::dialect {

inline void append_copy_line(std::string& out, const Row& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) out += '\t';
    if (!row[i]) {
      out += "\\N";
      continue;
    }
    for (char c : *row[i]) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
  }
}

}  // namespace bcdb::dialect
