#pragma once
// Values as the rows carry them: text every engine reads the same way. Amounts in fixed
// decimals made from integer cents, timestamps in UTC as "YYYY-MM-DD HH:MM:SS" (no zone),
// dates as "YYYY-MM-DD", booleans as 1 and 0 (PostgreSQL's boolean input takes them too).
// The setters reuse the value's buffer, so a row refilled for every record allocates nothing.
#include <cstdint>
#include <string>
#include <string_view>

#include "dialect/connection.h"

namespace bcdb::seed {

using dialect::Row;
using dialect::Value;

// Seconds since 1970-01-01 00:00:00 UTC of a calendar date and time (proleptic Gregorian).
std::int64_t epoch_seconds(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
inline constexpr std::int64_t kDay = 86400;

inline void set(Value& v, std::string_view text) {
  if (v) v->assign(text.data(), text.size());
  else v.emplace(text);
}
inline void set_null(Value& v) { v.reset(); }
void set_int(Value& v, std::int64_t n);
inline void set_id(Value& v, std::uint64_t id) { set_int(v, static_cast<std::int64_t>(id)); }
void set_bool(Value& v, bool b);
void set_money(Value& v, std::int64_t cents);  // 1234 -> "12.34", -5 -> "-0.05"
void set_time(Value& v, std::int64_t epoch);    // "2024-03-01 12:34:56"
void set_date(Value& v, std::int64_t epoch);    // "2024-03-01"

// Appenders for composed values.
void append_int(std::string& out, std::int64_t n, int width = 0);  // zero-padded to width
void append_hex(std::string& out, std::uint64_t n, int digits);
void append_base36(std::string& out, std::uint64_t n, int digits);  // lowercase, zero-padded
void append_base64(std::string& out, std::uint64_t a, std::uint64_t b, int chars);  // unpadded, "+/" alphabet
// A version-4 UUID whose last 48 bits are `unique48` (unique keys stay unique), the rest `random`.
void append_uuid(std::string& out, std::uint64_t random, std::uint64_t unique48);
// "word-word-17": lowercase, spaces as dashes, ASCII.
void append_slug(std::string& out, std::string_view text);

// A value built with the appenders: clears v, passes its buffer, leaves it non-null.
template <typename Build>
void compose(Value& v, Build build) {
  if (!v) v.emplace();
  v->clear();
  build(*v);
}

}  // namespace bcdb::seed
