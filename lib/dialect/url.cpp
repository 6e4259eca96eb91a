#include "dialect/url.h"

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

void parse_query(Url& url, std::string_view query) {
  for (const auto& pair : str::split(query, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
    url.params[key] = value;
  }
}

}  // namespace

Url Url::parse(std::string_view text) {
  Url url;
  url.raw_ = std::string(text);
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw ConfigError("invalid database URL '" + std::string(text) +
                      "': expected sqlite:PATH, postgres://... or mysql://...");
  url.scheme = str::lower(text.substr(0, colon));
  url.engine = engine_of(url.scheme);
  if (url.engine.empty())
    throw ConfigError("unknown database URL scheme '" + url.scheme +
                      "': use sqlite:, postgres://, postgresql://, mysql:// or mariadb://");
  std::string_view rest = text.substr(colon + 1);

  if (url.engine == "sqlite") {
    // sqlite:path, sqlite://relative?, sqlite:///abs/path, sqlite::memory:
    auto q = rest.find('?');
    if (q != std::string_view::npos) {
      parse_query(url, rest.substr(q + 1));
      rest = rest.substr(0, q);
    }
    if (rest.substr(0, 2) == "//") rest.remove_prefix(2);  // sqlite:///abs -> /abs ; sqlite://rel -> rel
    url.database = percent_decode(rest);
    if (url.database.empty()) throw ConfigError("SQLite URL '" + url.raw_ + "' names no file: use sqlite:path/to.db");
    return url;
  }

  if (rest.substr(0, 2) != "//")
    throw ConfigError("invalid database URL '" + url.redacted() + "': expected " + url.scheme + "://host/database");
  rest.remove_prefix(2);
  auto q = rest.find('?');
  if (q != std::string_view::npos) {
    parse_query(url, rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) url.database = percent_decode(rest.substr(slash + 1));
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto c = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, c));
    if (c != std::string_view::npos) {
      url.password_as_written_ = std::string(userinfo.substr(c + 1));
      url.password = percent_decode(url.password_as_written_);
      url.has_password = true;
    }
  }
  // host, host:port, [v6]:port
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos) throw ConfigError("invalid host in database URL '" + url.redacted() + "'");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() == ':') port.remove_prefix(1);
  } else if (auto c = host.rfind(':'); c != std::string_view::npos) {
    port = host.substr(c + 1);
    host = host.substr(0, c);
  }
  url.host = percent_decode(host);
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc{} || end != port.data() + port.size() || p < 1 || p > 65535)
      throw ConfigError("invalid port '" + std::string(port) + "' in database URL '" + url.redacted() + "'");
    url.port = p;
  }
  return url;
}

std::string Url::redacted() const {
  if (!has_password) return raw_;
  // Mask the userinfo password as written (it may be percent-encoded).
  auto scheme_end = raw_.find("://");
  if (scheme_end == std::string::npos) return raw_;
  auto authority_start = scheme_end + 3;
  auto authority_end = raw_.find_first_of("/?", authority_start);
  std::string authority = raw_.substr(authority_start, authority_end == std::string::npos ? std::string::npos
                                                                                          : authority_end - authority_start);
  auto at = authority.rfind('@');
  auto colon = authority.find(':');
  if (at == std::string::npos || colon == std::string::npos || colon > at) return raw_;
  std::string masked = raw_;
  masked.replace(authority_start + colon + 1, at - colon - 1, "***");
  return masked;
}

std::string redact(std::string message, const Url& url) {
  if (!url.has_password || url.password.empty()) return message;
  // Drivers may echo the whole connection string; and a password can turn up on its own.
  // Very short passwords are left alone: masking "ab" everywhere would garble every message.
  message = str::replace_all(std::move(message), url.raw_, url.redacted());
  for (const std::string* secret : {&url.password_as_written_, &url.password})
    if (secret->size() >= 4) message = str::replace_all(std::move(message), *secret, "***");
  return message;
}

}  // namespace bcdb::dialect
