#pragma once
// The characters of an unquoted SQL identifier, as the expression scanners of lib/model read
// them: a letter, '_' or any byte of a multi-byte UTF-8 character first; digits and '$' after.
#include <cctype>

namespace bcdb::model {

inline bool word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
inline bool word_char(char c) { return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

}  // namespace bcdb::model
