#include "context.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <future>
#include <iostream>

#include "manifest/manifest.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::app {
namespace {

bool use_color(bool no_color_flag, int fd) {
  if (no_color_flag) return false;
  if (const char* v = std::getenv("NO_COLOR"); v && *v) return false;
  if (const char* t = std::getenv("TERM"); t && std::string(t) == "dumb") return false;
  return isatty(fd) != 0;
}

}  // namespace

Context::Context(GlobalOptions globals, std::ostream& out, std::ostream& err)
    : globals_(std::move(globals)), out_(out), err_(err) {
  style_.color = use_color(globals_.no_color, STDOUT_FILENO);
  err_style_.color = use_color(globals_.no_color, STDERR_FILENO);
}

std::string Context::format(const std::vector<std::string>& allowed) const {
  std::string f = globals_.format.value_or("text");
  for (const auto& a : allowed)
    if (a == f) return f;
  throw UsageError("--format " + f + " is not available here; use one of: " + str::join(allowed, ", "));
}

const config::Resolved& Context::resolved() const {
  if (!resolved_)
    resolved_ = std::make_unique<config::Resolved>(config::resolve(globals_.db, globals_.manifests, globals_.schemas, globals_.env,
                                                                   ".",
                                                                   config::process_environment()));
  return *resolved_;
}

dialect::Url Context::database_url() const {
  try {
    return dialect::Url::parse(resolved().database);
  } catch (const ConfigError& e) {
    throw ConfigError(config::with_origin(resolved().database_origin, "database", e.what()));
  }
}

manifest::LoadResult Context::load_manifests() const {
  try {
    return manifest::load_directory(manifests());
  } catch (const ConfigError& e) {
    throw ConfigError(config::with_origin(resolved().manifests_origin, "manifests", e.what()));
  }
}

plan::Desired Context::desired(const std::optional<std::string>& to) const {
  plan::Desired d;
  if (to) {
    dialect::Url url;
    try {
      url = dialect::Url::parse(*to);
    } catch (const ConfigError& e) {
      throw ConfigError("--to: " + std::string(e.what()));
    }
    d = plan::desired_from_database(url, resolved().schemas);
  } else {
    std::string engine = database_url().engine;
    d = plan::desired_from_manifests(load_manifests(), manifests(), engine);
  }
  d.schemas = resolved().schemas;
  d.schemas_origin = resolved().schemas_origin;
  return d;
}

Session open_session(const dialect::Url& url, dialect::Dialect::Access access) {
  Session s;
  s.dialect = dialect::make_dialect(url.engine);
  s.connection = s.dialect->connect(url, access);
  return s;
}

Session open_session(const Context& ctx, dialect::Dialect::Access access) {
  dialect::Url url = ctx.database_url();
  plan::require_schemas_supported(*dialect::make_dialect(url.engine), ctx.resolved().schemas, ctx.resolved().schemas_origin);
  try {
    return open_session(url, access);
  } catch (const ConfigError& e) {
    // A bad URL option (connect_timeout=abc) is found when connecting: say where the URL comes from.
    throw ConfigError(config::with_origin(ctx.resolved().database_origin, "database", e.what()));
  }
}

Compared load_and_compare(const Context& ctx, const std::optional<std::string>& to) {
  ctx.database_url();  // a bad URL is reported before anything is read
  std::future<plan::Desired> desired = std::async(std::launch::async, [&ctx, &to] { return ctx.desired(to); });
  Compared out;
  std::optional<model::Schema> live;
  std::exception_ptr database_error;
  try {
    out.session = open_session(ctx, dialect::Dialect::Access::read_only);
    live = out.session.dialect->inspect(*out.session.connection, {ctx.resolved().schemas});
  } catch (...) {
    database_error = std::current_exception();
  }
  out.desired = desired.get();  // rethrows a manifest error first
  if (database_error) std::rethrow_exception(database_error);
  out.comparison = plan::compare(*out.session.dialect, *out.session.connection, out.desired, std::move(*live));
  return out;
}

namespace {

std::string duration_text(long long ms) {
  if (ms % 3'600'000 == 0 && ms > 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms > 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0 && ms > 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// Digits into `value`, refusing what does not fit: every number bcdb reads is range-checked
// before it reaches an engine, where 4294967296 would wrap to 0 and 0 can mean "forever".
bool parse_whole(std::string_view digits, long long& value) {
  if (digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc{} && end == digits.data() + digits.size() && value >= 0;
}

}  // namespace

long long parse_duration_ms(const std::string& text, const std::string& option, long long min_ms, long long max_ms) {
  std::string t = str::lower(str::trim(text));
  std::size_t digits = 0;
  while (digits < t.size() && (std::isdigit(static_cast<unsigned char>(t[digits])) || t[digits] == '.')) ++digits;
  std::string number = t.substr(0, digits), unit = t.substr(digits);
  long long scale = unit.empty() || unit == "ms" ? 1
                    : unit == "s"                 ? 1000
                    : unit == "m" || unit == "min" ? 60'000
                    : unit == "h"                 ? 3'600'000
                                                  : -1;
  auto dot = number.find('.');
  std::string whole = number.substr(0, dot), fraction = dot == std::string::npos ? "" : number.substr(dot + 1);
  long long w = 0, f = 0;
  bool ok = scale > 0 && parse_whole(whole, w) && fraction.find('.') == std::string::npos && fraction.size() <= 3 &&
            (fraction.empty() || parse_whole(fraction, f)) && (dot == std::string::npos || !fraction.empty());
  const std::string range = duration_text(min_ms) + " to " + duration_text(max_ms);
  if (!ok)
    throw UsageError(option + " takes a duration such as 500ms, 2s or 5m (from " + range + "), not '" + text + "'");
  // Compared before multiplying, so that no input overflows.
  for (std::size_t i = fraction.size(); i < 3; ++i) f *= 10;
  long long ms = w > max_ms / scale + 1 ? max_ms + 1 : w * scale + f * scale / 1000;
  if (ms < min_ms || ms > max_ms)
    throw UsageError(option + " must be from " + range + ", not '" + text + "'" +
                     (ms == 0 ? ": a zero wait would mean waiting forever or not at all" : ""));
  return ms;
}

long long parse_count(const std::string& text, const std::string& option, long long min, long long max) {
  long long value = 0;
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  if (!parse_whole(text, value)) throw UsageError(option + " takes a whole number from " + range + ", not '" + text + "'");
  if (value < min || value > max) throw UsageError(option + " must be from " + range + ", not " + text);
  return value;
}

}  // namespace bcdb::app
