#pragma once
// bcdb sends an engine exactly the statement it planned, never a text that could hold more
// (DESIGN.md, "The dialect interface"). Each connection enforces it in the engine's own way:
// SQLite prepares one statement and refuses a tail, PostgreSQL uses the extended protocol
// (one statement per message), MySQL keeps multi-statements off. A NUL byte is refused
// everywhere: C APIs would silently cut the statement short at it.
#include <string>
#include <string_view>

#include "support/error.h"

namespace bcdb::dialect {

inline void require_no_nul(std::string_view sql) {
  if (auto at = sql.find('\0'); at != std::string_view::npos)
    throw DatabaseError("refused to send a statement holding a NUL byte (at byte " + std::to_string(at + 1) +
                        "): " + std::string(sql.substr(0, at)));
}

[[noreturn]] inline void refuse_second_statement(std::string_view sql, std::size_t tail_offset) {
  throw DatabaseError("refused to run a text that holds more than one statement; bcdb planned only the first:\n  " +
                      std::string(sql.substr(0, tail_offset)) + "\n  then: " +
                      std::string(sql.substr(tail_offset, 200)));
}

}  // namespace bcdb::dialect
