#include "mutator.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace bcdb::test {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 r(seed ^ (stream * 0xd1b54a32d192ed03ULL));
  r.next();
  return r.next();
}

const std::vector<std::string>& interesting_tokens() {
  static const std::vector<std::string> tokens = {
      // punctuation of SQL, TOML and JSON
      ";", "'", "\"", "\\", "(", ")", "--", "/*", "*/", "${env:", "}", "{", "=", "[", "]", ",", ".", ":", "#", "\n",
      "\r", "\t", "\"\"\"", "'''", "[[", "]]", "[]", "{}",
      // bytes and encodings
      std::string(1, '\0'), "\xFF", "\xC3\x28", "\xED\xA0\x80", "\xF0\x28\x8C\x28", "\xC0\xAF", "\xF4\x90\x80\x80",
      "\xEF\xBB\xBF", std::string(300, 'x'), "\xF0\x9F\x98\x80", "t\xC3\xA4" "ble_\xF0\x9F\x98\x80",
      // numbers
      "4294967296", "-1", "0", "-0", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "18446744073709551616", "1e309", "-1e309", "nan", "inf", "0x10", "1_000", "0.5",
      // values
      "1; DROP TABLE x", "true", "false", "null", "\"\"", "''", "", "\"1; DROP TABLE x\"",
      "\"'); DROP TABLE x; --\"", "\"${env:BCDB_FUZZ_UNSET}\"", "${env:}", "\"\\u0000\"", "\"\\ud800\"", "\"\\x\"",
      "\"" + std::string(300, 'x') + "\"", "\"\xF0\x9F\x98\x80\"", "\" \"", "\"NULL\""};
  return tokens;
}

namespace {

enum class Kind { space, newline, string, number, word, punct, other };

struct Token {
  std::size_t begin = 0, end = 0;
  Kind kind = Kind::other;
};

bool is_word_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$'; }
bool is_word(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$'; }

std::size_t scan_string(const std::string& s, std::size_t i) {
  char q = s[i];
  if (s.compare(i, 3, std::string(3, q)) == 0) {
    auto close = s.find(std::string(3, q), i + 3);
    return close == std::string::npos ? s.size() : close + 3;
  }
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\n') return j;
    if (q == '"' && s[j] == '\\') {
      ++j;
      continue;
    }
    if (s[j] == q) return j + 1;
  }
  return s.size();
}

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    Token t;
    t.begin = i;
    if (c == ' ' || c == '\t') {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      t.kind = Kind::space;
    } else if (c == '\n' || c == '\r') {
      ++i;
      t.kind = Kind::newline;
    } else if (c == '"' || c == '\'') {
      i = scan_string(s, i);
      t.kind = Kind::string;
    } else if (std::isdigit(c) || ((c == '-' || c == '+') && i + 1 < s.size() &&
                                   std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      ++i;
      while (i < s.size()) {
        char d = s[i];
        bool exponent_sign = (d == '-' || d == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E');
        if (!(std::isalnum(static_cast<unsigned char>(d)) || d == '.' || d == '_' || exponent_sign)) break;
        ++i;
      }
      t.kind = Kind::number;
    } else if (is_word_start(c)) {
      while (i < s.size() && is_word(static_cast<unsigned char>(s[i]))) ++i;
      t.kind = Kind::word;
    } else if (c < 0x80) {
      ++i;
      t.kind = Kind::punct;
    } else {
      ++i;
      t.kind = Kind::other;
    }
    t.end = i;
    out.push_back(t);
  }
  return out;
}

bool solid(const Token& t) { return t.kind != Kind::space && t.kind != Kind::newline; }

// Values: strings, numbers and words right after '=', ':', '[' or ',' (TOML and JSON alike).
std::vector<std::size_t> value_tokens(const std::string& s, const std::vector<Token>& tokens) {
  std::vector<std::size_t> out;
  int previous = -1;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!solid(t)) continue;
    if (previous >= 0 && (t.kind == Kind::string || t.kind == Kind::number || t.kind == Kind::word)) {
      const Token& p = tokens[static_cast<std::size_t>(previous)];
      char pc = s[p.begin];
      if (p.kind == Kind::punct && (pc == '=' || pc == ':' || pc == '[' || pc == ',')) out.push_back(i);
    }
    previous = static_cast<int>(i);
  }
  return out;
}

std::vector<std::size_t> indexes_of(const std::vector<Token>& tokens, bool (*keep)(const Token&)) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (keep(tokens[i])) out.push_back(i);
  return out;
}

struct Lines {
  std::vector<std::string> lines;
  bool final_newline = false;
  explicit Lines(const std::string& s) {
    std::size_t start = 0;
    while (start < s.size()) {
      auto nl = s.find('\n', start);
      if (nl == std::string::npos) {
        lines.push_back(s.substr(start));
        return;
      }
      lines.push_back(s.substr(start, nl - start));
      start = nl + 1;
    }
    final_newline = !s.empty();
  }
  std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out += lines[i];
      if (i + 1 < lines.size() || final_newline) out += '\n';
    }
    return out;
  }
};

std::string short_text(const std::string& token) {
  std::string p = printable(token);
  return p.size() > 40 ? p.substr(0, 37) + "..." : p;
}

class Mutator {
 public:
  Mutator(std::uint64_t seed, const MutatorOptions& options) : rng_(seed), options_(options) {}

  void apply(std::string& text, std::vector<std::string>& log) {
    // Value edits are weighted up: they reach the checks behind the parser.
    static const int kOps[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 10, 11, 11, 12, 12,
                               12, 13, 13, 13, 14, 15, 16, 17, 17, 18, 19, 19, 20, 20, 20};
    static const int kStructuredOps[] = {4, 5, 6, 7, 8, 9, 11, 12, 12, 12, 13, 13, 14, 16, 17, 17, 18, 20, 20, 20};
    int op = options_.structured ? kStructuredOps[rng_.below(sizeof kStructuredOps / sizeof kStructuredOps[0])]
                                 : kOps[rng_.below(sizeof kOps / sizeof kOps[0])];
    std::vector<Token> tokens = tokenize(text);
    auto solid_tokens = indexes_of(tokens, solid);
    auto values = value_tokens(text, tokens);
    if (text.empty()) op = 10;
    switch (op) {
      case 0: {  // flip one bit
        std::size_t at = rng_.below(text.size());
        int bit = static_cast<int>(rng_.below(8));
        text[at] = static_cast<char>(text[at] ^ (1 << bit));
        log.push_back("flip bit " + std::to_string(bit) + " of byte " + std::to_string(at));
        return;
      }
      case 1: {  // set a byte
        static const std::vector<char> bytes = {'\0', '\xFF', '\x7F', '\n', '"', '\'', '\\', '=', ' ', '\x80'};
        std::size_t at = rng_.below(text.size());
        text[at] = rng_.pick(bytes);
        log.push_back("set byte " + std::to_string(at) + " to " + printable(std::string(1, text[at])));
        return;
      }
      case 2: {  // insert random bytes
        std::size_t at = rng_.below(text.size() + 1);
        std::string bytes;
        for (std::uint64_t n = 1 + rng_.below(4); n > 0; --n) bytes += static_cast<char>(rng_.below(256));
        text.insert(at, bytes);
        log.push_back("insert bytes " + printable(bytes) + " at " + std::to_string(at));
        return;
      }
      case 3: {  // delete bytes
        std::size_t at = rng_.below(text.size());
        std::size_t n = 1 + rng_.below(16);
        log.push_back("delete " + std::to_string(std::min(n, text.size() - at)) + " bytes at " + std::to_string(at) +
                      ": " + short_text(text.substr(at, n)));
        text.erase(at, n);
        return;
      }
      case 4:
      case 5:
      case 6:
      case 18: {
        Lines l(text);
        if (l.lines.empty()) break;
        std::size_t i = rng_.below(l.lines.size());
        std::size_t j = rng_.below(l.lines.size());
        if (op == 4) {
          log.push_back("delete line " + std::to_string(i + 1) + ": " + short_text(l.lines[i]));
          l.lines.erase(l.lines.begin() + static_cast<std::ptrdiff_t>(i));
        } else if (op == 5) {
          log.push_back("copy line " + std::to_string(i + 1) + " before line " + std::to_string(j + 1) + ": " +
                        short_text(l.lines[i]));
          l.lines.insert(l.lines.begin() + static_cast<std::ptrdiff_t>(j), l.lines[i]);
        } else if (op == 6) {
          log.push_back("swap lines " + std::to_string(i + 1) + " and " + std::to_string(j + 1));
          std::swap(l.lines[i], l.lines[j]);
        } else {
          log.push_back("move line " + std::to_string(i + 1) + " before line " + std::to_string(j + 1) + ": " +
                        short_text(l.lines[i]));
          std::string line = l.lines[i];
          l.lines.erase(l.lines.begin() + static_cast<std::ptrdiff_t>(i));
          l.lines.insert(l.lines.begin() + static_cast<std::ptrdiff_t>(std::min(j, l.lines.size())), line);
        }
        text = l.text();
        return;
      }
      case 7:
      case 8:
      case 9: {
        if (solid_tokens.empty()) break;
        const Token& a = tokens[rng_.pick(solid_tokens)];
        std::string ta = text.substr(a.begin, a.end - a.begin);
        if (op == 7) {
          log.push_back("delete token " + short_text(ta) + " at " + std::to_string(a.begin));
          text.erase(a.begin, a.end - a.begin);
        } else if (op == 8) {
          log.push_back("duplicate token " + short_text(ta) + " at " + std::to_string(a.begin));
          text.insert(a.end, " " + ta);
        } else {
          const Token& b = tokens[rng_.pick(solid_tokens)];
          if (a.begin == b.begin) break;
          const Token& first = a.begin < b.begin ? a : b;
          const Token& second = a.begin < b.begin ? b : a;
          std::string t1 = text.substr(first.begin, first.end - first.begin);
          std::string t2 = text.substr(second.begin, second.end - second.begin);
          log.push_back("swap tokens " + short_text(t1) + " and " + short_text(t2));
          text.replace(second.begin, second.end - second.begin, t1);
          text.replace(first.begin, first.end - first.begin, t2);
        }
        return;
      }
      case 10: {  // insert an interesting token
        std::string token = choose_token();
        std::size_t at = tokens.empty() || rng_.percent(25) ? rng_.below(text.size() + 1)
                                                            : tokens[rng_.below(tokens.size())].begin;
        log.push_back("insert " + short_text(token) + " at " + std::to_string(at));
        text.insert(at, token);
        return;
      }
      case 11: {  // replace a token with an interesting one
        if (solid_tokens.empty()) break;
        const Token& t = tokens[rng_.pick(solid_tokens)];
        std::string token = choose_token();
        log.push_back("replace token " + short_text(text.substr(t.begin, t.end - t.begin)) + " with " +
                      short_text(token));
        text.replace(t.begin, t.end - t.begin, token);
        return;
      }
      case 12: {  // replace a value with another value of the text
        if (values.size() < 2) break;
        const Token& t = tokens[rng_.pick(values)];
        const Token& other = tokens[rng_.pick(values)];
        std::string replacement = text.substr(other.begin, other.end - other.begin);
        log.push_back("replace value " + short_text(text.substr(t.begin, t.end - t.begin)) + " with value " +
                      short_text(replacement));
        text.replace(t.begin, t.end - t.begin, replacement);
        return;
      }
      case 13:
      case 17: {  // replace a value with an interesting (or target-specific) value
        if (values.empty()) break;
        const Token& t = tokens[rng_.pick(values)];
        std::string token = op == 17 && !options_.extra_tokens.empty() ? rng_.pick(options_.extra_tokens)
                                                                       : choose_token();
        if (t.kind == Kind::string && rng_.percent(50) && (token.empty() || token[0] != '"')) token = '"' + token + '"';
        log.push_back("replace value " + short_text(text.substr(t.begin, t.end - t.begin)) + " with " +
                      short_text(token));
        text.replace(t.begin, t.end - t.begin, token);
        return;
      }
      case 14: {  // replace a number with an interesting number
        auto numbers = indexes_of(tokens, [](const Token& t) { return t.kind == Kind::number; });
        if (numbers.empty()) break;
        static const std::vector<std::string> ints = {"4294967296", "-1", "0", "2147483648", "9223372036854775807",
                                                      "9223372036854775808", "-9223372036854775809", "1e309",
                                                      "65536", "100000", "-0", "1.5"};
        const Token& t = tokens[rng_.pick(numbers)];
        std::string n = rng_.pick(ints);
        log.push_back("replace number " + short_text(text.substr(t.begin, t.end - t.begin)) + " with " + n);
        text.replace(t.begin, t.end - t.begin, n);
        return;
      }
      case 15: {  // truncate
        std::size_t at = rng_.below(text.size());
        log.push_back("truncate at " + std::to_string(at));
        text.resize(at);
        return;
      }
      case 16: {  // change the case of a word
        auto words = indexes_of(tokens, [](const Token& t) { return t.kind == Kind::word; });
        if (words.empty()) break;
        const Token& t = tokens[rng_.pick(words)];
        std::string w = text.substr(t.begin, t.end - t.begin);
        bool upper = rng_.percent(50);
        for (auto& c : w) c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                                      : std::tolower(static_cast<unsigned char>(c)));
        if (upper) w[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(w[0])));  // mixed case
        log.push_back("change case " + short_text(text.substr(t.begin, t.end - t.begin)) + " -> " + short_text(w));
        text.replace(t.begin, t.end - t.begin, w);
        return;
      }
      case 19:
      case 20: {  // edit inside a string: splice a token, or swap a word for another word of the text
        auto strings = indexes_of(tokens, [](const Token& t) { return t.kind == Kind::string && t.end - t.begin > 2; });
        if (strings.empty()) break;
        const Token& t = tokens[rng_.pick(strings)];
        std::size_t inner_begin = t.begin + 1, inner_end = t.end - 1;
        std::string inner = text.substr(inner_begin, inner_end - inner_begin);
        if (op == 19) {
          std::string token = choose_token();
          std::size_t at = inner_begin + rng_.below(inner.size() + 1);
          log.push_back("insert " + short_text(token) + " into string " + short_text(text.substr(t.begin, t.end - t.begin)) +
                        " at " + std::to_string(at));
          text.insert(at, token);
          return;
        }
        std::vector<Token> inner_tokens = tokenize(inner);
        auto inner_words = indexes_of(inner_tokens, [](const Token& x) { return x.kind == Kind::word || x.kind == Kind::number; });
        auto words = indexes_of(tokens, [](const Token& x) { return x.kind == Kind::word; });
        if (inner_words.empty() || words.empty()) break;
        const Token& w = inner_tokens[rng_.pick(inner_words)];
        const Token& other = tokens[rng_.pick(words)];
        std::string replacement = text.substr(other.begin, other.end - other.begin);
        log.push_back("replace " + short_text(inner.substr(w.begin, w.end - w.begin)) + " in string " +
                      short_text(text.substr(t.begin, t.end - t.begin)) + " with " + short_text(replacement));
        text.replace(inner_begin + w.begin, w.end - w.begin, replacement);
        return;
      }
      default:
        break;
    }
    // The chosen edit did not fit the text: insert an interesting token instead.
    std::string token = choose_token();
    std::size_t at = rng_.below(text.size() + 1);
    log.push_back("insert " + short_text(token) + " at " + std::to_string(at));
    text.insert(at, token);
  }

  int count() {
    int n = 1;
    while (n < options_.max_mutations && rng_.percent(35)) ++n;
    return n;
  }

 private:
  std::string choose_token() {
    if (!options_.extra_tokens.empty() && rng_.percent(35)) return rng_.pick(options_.extra_tokens);
    return rng_.pick(interesting_tokens());
  }

  SplitMix64 rng_;
  const MutatorOptions& options_;
};

}  // namespace

Mutated mutate(const std::string& text, std::uint64_t seed, const MutatorOptions& options) {
  Mutator m(seed, options);
  Mutated out{text, {}};
  for (int i = m.count(); i > 0; --i) {
    // An edit that happens to change nothing (a line moved onto itself) is retried.
    for (int attempt = 0; attempt < 4; ++attempt) {
      std::string before = out.text;
      m.apply(out.text, out.log);
      if (out.text != before) break;
      out.log.pop_back();
    }
  }
  return out;
}

std::string printable(const std::string& text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7F)) {
      out += ch;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    }
  }
  return out;
}

std::string changed_lines(const std::string& original, const std::string& mutated) {
  Lines a(original), b(mutated);
  std::size_t prefix = 0;
  while (prefix < a.lines.size() && prefix < b.lines.size() && a.lines[prefix] == b.lines[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.lines.size() - prefix && suffix < b.lines.size() - prefix &&
         a.lines[a.lines.size() - 1 - suffix] == b.lines[b.lines.size() - 1 - suffix])
    ++suffix;
  std::string out;
  for (std::size_t i = prefix; i < a.lines.size() - suffix; ++i)
    out += "-" + std::to_string(i + 1) + ": " + printable(a.lines[i]) + "\n";
  for (std::size_t i = prefix; i < b.lines.size() - suffix; ++i)
    out += "+" + std::to_string(i + 1) + ": " + printable(b.lines[i]) + "\n";
  if (out.empty() && original != mutated) out = "(only the final newline differs)\n";
  return out;
}

}  // namespace bcdb::test
