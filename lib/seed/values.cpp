#include "seed/values.h"

#include <charconv>

namespace bcdb::seed {
namespace {

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms, integer only).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

void two(std::string& out, unsigned n) {
  out += static_cast<char>('0' + n / 10);
  out += static_cast<char>('0' + n % 10);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void append_date(std::string& out, std::int64_t epoch) {
  Civil c = civil_from_days(floor_div(epoch, kDay));
  append_int(out, c.year, 4);
  out += '-';
  two(out, c.month);
  out += '-';
  two(out, c.day);
}

}  // namespace

std::int64_t epoch_seconds(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDay + hour * 3600 +
         minute * 60 + second;
}

void append_int(std::string& out, std::int64_t n, int width) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);
  (void)ec;
  auto length = static_cast<int>(end - buffer);
  if (n >= 0 && length < width) out.append(static_cast<std::size_t>(width - length), '0');
  out.append(buffer, end);
}

void set_int(Value& v, std::int64_t n) {
  compose(v, [n](std::string& s) { append_int(s, n); });
}

void set_bool(Value& v, bool b) { set(v, b ? "1" : "0"); }

void set_money(Value& v, std::int64_t cents) {
  compose(v, [cents](std::string& s) {
    std::uint64_t magnitude = cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    if (cents < 0) s += '-';
    append_int(s, static_cast<std::int64_t>(magnitude / 100));
    s += '.';
    two(s, static_cast<unsigned>(magnitude % 100));
  });
}

void set_time(Value& v, std::int64_t epoch) {
  compose(v, [epoch](std::string& s) {
    append_date(s, epoch);
    auto t = static_cast<unsigned>(epoch - floor_div(epoch, kDay) * kDay);
    s += ' ';
    two(s, t / 3600);
    s += ':';
    two(s, t / 60 % 60);
    s += ':';
    two(s, t % 60);
  });
}

void set_date(Value& v, std::int64_t epoch) {
  compose(v, [epoch](std::string& s) { append_date(s, epoch); });
}

void append_hex(std::string& out, std::uint64_t n, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out += kDigits[(n >> (4 * i)) & 0xf];
}

void append_base36(std::string& out, std::uint64_t n, int digits) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buffer[16];
  for (int i = digits - 1; i >= 0; --i) {
    buffer[i] = kDigits[n % 36];
    n /= 36;
  }
  out.append(buffer, static_cast<std::size_t>(digits));
}

void append_base64(std::string& out, std::uint64_t a, std::uint64_t b, int chars) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < chars; ++i) {
    std::uint64_t& word = i % 2 ? b : a;
    out += kDigits[word & 63];
    word = (word >> 6) | (word << 58);  // rotate: more characters than 128 bits give still vary
  }
}

void append_uuid(std::string& out, std::uint64_t random, std::uint64_t unique48) {
  append_hex(out, random >> 32, 8);
  out += '-';
  append_hex(out, random >> 16, 4);
  out += "-4";
  append_hex(out, random, 3);
  out += '-';
  append_hex(out, 0x8 | ((random >> 12) & 0x3), 1);
  append_hex(out, random >> 52, 3);
  out += '-';
  append_hex(out, unique48, 12);
}

namespace {

// The ASCII letter of a Latin-1 letter in UTF-8 (C3 xx): "ü" -> 'u'; 0 for anything else.
char fold_latin1(unsigned char second) {
  static constexpr std::string_view kFolded = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // from 0xA0 (or 0x80)
  unsigned index = (second & 0x3f) >= 0x20 ? (second & 0x3f) - 0x20 : second & 0x3f;
  if (second < 0x80 || second > 0xbf || index >= kFolded.size()) return 0;
  char c = kFolded[index];
  return c == '/' ? 0 : c;
}

}  // namespace

void append_slug(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    char folded = 0;
    if (c >= 'A' && c <= 'Z') folded = static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) folded = static_cast<char>(c);
    else if (c == 0xc3 && i + 1 < text.size()) folded = fold_latin1(static_cast<unsigned char>(text[++i]));
    if (folded) out += folded;
    else if (!out.empty() && out.back() != '-' && out.back() != '.' && out.back() != '@') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
}

}  // namespace bcdb::seed
