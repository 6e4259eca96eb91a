#pragma once
// Database URLs (DESIGN.md, "URLs and configuration"). The password never leaves this type
// unredacted except through `password`, which only drivers call.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::dialect {

struct Url {
  std::string engine;    // "sqlite", "postgres" or "mysql" (aliases resolved)
  std::string scheme;    // as written: "sqlite", "postgresql", "mariadb", ...
  std::string user;
  std::string password;
  bool has_password = false;
  std::string host;
  std::optional<int> port;
  std::string database;  // for sqlite: the file path, or ":memory:"
  std::map<std::string, std::string> params;

  // The URL as written, with the password and secret options (password=, sslpassword=, ...)
  // replaced by "***".
  std::string redacted() const;
  // The original text; keep it away from output.
  const std::string& raw() const { return raw_; }

  // Throws ConfigError on malformed input, whose message never holds any part of the text
  // but the scheme: when a URL does not parse, any part of it may be a password.
  static Url parse(std::string_view text);

 private:
  friend std::string redact(std::string message, const Url& url);
  struct Secret {
    std::size_t offset = 0;  // in raw_, as written (possibly percent-encoded)
    std::size_t size = 0;
    std::string value;       // decoded
  };
  void parse_query(std::string_view query, std::size_t offset);
  std::string raw_;
  std::string password_as_written_;  // possibly percent-encoded
  std::vector<Secret> secrets_;
};

// The URL option `key` as whole seconds from 1 to 3600 (a connect timeout: engines read 0 as
// "wait forever"); ConfigError naming the option otherwise.
int timeout_seconds_option(const Url& url, const std::string& key);

// `message` with every occurrence of the URL's password (raw and percent-encoded) masked.
std::string redact(std::string message, const Url& url);

}  // namespace bcdb::dialect
