#include "dialect/url.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect {
namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int value = 0;
      auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16);
      if (ec == std::errc{} && end == s.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string engine_of(const std::string& scheme) {
  if (scheme == "sqlite" || scheme == "sqlite3") return "sqlite";
  if (scheme == "postgres" || scheme == "postgresql" || scheme == "pg") return "postgres";
  if (scheme == "mysql" || scheme == "mariadb") return "mysql";
  return "";
}

// Option names whose values are secrets (libpq's password and sslpassword, tokens, ...).
bool secret_option(std::string_view key) {
  std::string k = str::lower(key);
  for (const char* word : {"password", "passwd", "pwd", "secret", "token"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

// A URL that does not parse is never echoed: any part of it may be a password (a '/' or a '?'
// in one moves every boundary). The error names the scheme and what is wrong, nothing else.
[[noreturn]] void malformed(std::string_view scheme, const std::string& what) {
  throw ConfigError("invalid database URL (" + std::string(scheme) + "://...; not shown, as it may hold a password): " +
                    what);
}

}  // namespace

void Url::parse_query(std::string_view query, std::size_t offset) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = std::min(query.find('&', start), query.size());
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      if (secret_option(key) && eq != std::string_view::npos)
        secrets_.push_back({offset + start + eq + 1, pair.size() - eq - 1, value});
      params[key] = value;
    }
    start = end + 1;
  }
}

Url Url::parse(std::string_view text) {
  Url url;
  url.raw_ = std::string(text);
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || text.substr(0, colon).find_first_of("/@?") != std::string_view::npos)
  {
    // A bare file name is the one slip worth echoing: it holds no '@' and no ':'.
    bool file_name = text.find_first_of(":@") == std::string_view::npos &&
                     (text.ends_with(".db") || text.ends_with(".sqlite") || text.ends_with(".sqlite3"));
    throw ConfigError("invalid database URL: expected sqlite:PATH, postgres://... or mysql://..." +
                      (file_name ? "; did you mean sqlite:" + std::string(text) + "?"
                                 : std::string(" (the text given is not shown, as it may hold a password)")));
  }
  url.scheme = str::lower(text.substr(0, colon));
  url.engine = engine_of(url.scheme);
  if (url.engine.empty()) {
    // Shown only when it is a slip of a known scheme: the text before the first ':' may be a
    // user name or a password (user:password@host without a scheme).
    static const std::vector<std::string> known = {"sqlite", "postgres", "postgresql", "mysql", "mariadb"};
    auto hint = str::did_you_mean(url.scheme, known);
    throw ConfigError("unknown database URL scheme" +
                      (hint ? " '" + url.scheme + "' (did you mean '" + *hint + "'?)" : std::string()) +
                      ": use sqlite:, postgres://, postgresql://, mysql:// or mariadb://");
  }
  std::string_view rest = text.substr(colon + 1);
  std::size_t offset = colon + 1;

  if (url.engine == "sqlite") {
    // sqlite:path, sqlite://relative?, sqlite:///abs/path, sqlite::memory:, sqlite:file:x.db?mode=ro
    auto q = rest.find('?');
    if (q != std::string_view::npos) {
      url.parse_query(rest.substr(q + 1), offset + q + 1);
      rest = rest.substr(0, q);
    }
    if (rest.substr(0, 2) == "//") rest.remove_prefix(2);  // sqlite:///abs -> /abs ; sqlite://rel -> rel
    url.database = percent_decode(rest);
    if (url.database.empty()) throw ConfigError("SQLite URL '" + url.raw_ + "' names no file: use sqlite:path/to.db");
    return url;
  }

  if (rest.substr(0, 2) != "//") malformed(url.scheme, "expected " + url.scheme + "://host/database after the scheme");
  rest.remove_prefix(2);
  offset += 2;
  // The user information ends at the last '@': passwords often hold '/', '?', ':' or '@'
  // unencoded, host names never hold '@' (option values holding one must be percent-encoded).
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    auto c = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, c));
    if (c != std::string_view::npos) {
      url.password_as_written_ = std::string(userinfo.substr(c + 1));
      url.password = percent_decode(url.password_as_written_);
      url.has_password = true;
      url.secrets_.push_back({offset + c + 1, url.password_as_written_.size(), url.password});
    }
    rest = rest.substr(at + 1);
    offset += at + 1;
  }
  auto q = rest.find('?');
  if (q != std::string_view::npos) {
    url.parse_query(rest.substr(q + 1), offset + q + 1);
    rest = rest.substr(0, q);
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) url.database = percent_decode(rest.substr(slash + 1));
  // host, host:port, [v6]:port
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos) malformed(url.scheme, "an IPv6 host opens '[' and never closes it");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') malformed(url.scheme, "only ':PORT' may follow an IPv6 host");
    if (!port.empty()) port.remove_prefix(1);
  } else if (auto c = host.rfind(':'); c != std::string_view::npos) {
    port = host.substr(c + 1);
    host = host.substr(0, c);
    // A host name holds no ':': what stands before one is user:password whose '@' is missing,
    // and the server's "cannot translate host name" would print the password.
    if (host.find(':') != std::string_view::npos)
      malformed(url.scheme, "the host holds a ':' (is the '@' after user:password missing?)");
  }
  url.host = percent_decode(host);
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc{} || end != port.data() + port.size() || p < 1 || p > 65535)
      malformed(url.scheme, std::string("the port after the host is not a number from 1 to 65535") +
                                (url.user.empty() && !url.has_password ? " (is user:password@ missing before the host?)" : ""));
    url.port = p;
  }
  return url;
}

int timeout_seconds_option(const Url& url, const std::string& key) {
  const std::string& value = url.params.at(key);
  int seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size() || seconds < 1 || seconds > 3600)
    throw ConfigError(url.redacted() + ": " + key + " takes whole seconds from 1 to 3600, not '" + value + "'");
  return seconds;
}

std::string Url::redacted() const {
  std::string masked = raw_;
  std::vector<Secret> spans = secrets_;
  std::sort(spans.begin(), spans.end(), [](const Secret& a, const Secret& b) { return a.offset > b.offset; });
  for (const auto& s : spans) masked.replace(s.offset, s.size, "***");
  return masked;
}

std::string redact(std::string message, const Url& url) {
  if (url.secrets_.empty()) return message;
  // Drivers may echo the whole connection string; and a secret can turn up on its own.
  // Very short secrets are left alone: masking "ab" everywhere would garble every message.
  message = str::replace_all(std::move(message), url.raw_, url.redacted());
  for (const auto& s : url.secrets_) {
    std::string as_written = url.raw_.substr(s.offset, s.size);
    for (const std::string* secret : {static_cast<const std::string*>(&as_written), &s.value})
      if (secret->size() >= 4) message = str::replace_all(std::move(message), *secret, "***");
  }
  return message;
}

}  // namespace bcdb::dialect
