#include "dialect/sqlite/location.h"

#include <system_error>

#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// file:x.db, file:///abs/x.db, file://localhost/abs/x.db -> the path.
std::string uri_path(std::string_view database) {
  std::string_view rest = database.substr(5);
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (!authority.empty() && authority != "localhost")
      throw ConfigError("SQLite URI file:" + std::string(database.substr(5)) + " names a host; SQLite opens local files only");
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  return std::string(rest);
}

}  // namespace

Location locate(const Url& url) {
  Location out;
  std::string path = url.database;
  if (str::starts_with_ci(path, "file:")) path = uri_path(path);
  out.memory = path == ":memory:";
  std::string query;
  auto option = [&](const std::string& key, const std::string& value) {
    query += (query.empty() ? "?" : "&") + percent_encode(key) + "=" + percent_encode(value);
  };
  for (const auto& [key, value] : url.params) {
    if (key == "mode") {
      if (value == "ro") out.read_only = true;
      else if (value == "rw") out.must_exist = true;
      else if (value == "memory") out.memory = true;
      else if (value != "rwc")
        throw ConfigError(url.redacted() + ": mode=" + value + " is not one of ro, rw, rwc or memory");
    } else if (key == "immutable") {
      if (value != "0" && value != "1") throw ConfigError(url.redacted() + ": immutable takes 0 or 1");
      out.read_only = out.read_only || value == "1";
      option(key, value);
    } else if (key == "cache") {
      if (value != "shared" && value != "private") throw ConfigError(url.redacted() + ": cache takes shared or private");
      option(key, value);
    } else {
      throw ConfigError(url.redacted() + ": unknown SQLite option '" + key + "' (known: mode, immutable, cache)");
    }
  }
  if (out.memory) {
    out.shown = ":memory:";
    out.uri = "file::memory:" + query;
    return out;
  }
  if (path.empty()) throw ConfigError("SQLite URL " + url.redacted() + " names no file: use sqlite:path/to.db");
  out.shown = path;
  std::error_code ec;
  out.file = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  if (ec || out.file.empty()) out.file = std::filesystem::absolute(path);
  out.uri = "file:" + percent_encode(out.file.string()) + query;
  return out;
}

}  // namespace bcdb::dialect::sqlite
