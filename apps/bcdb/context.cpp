#include "context.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <future>
#include <iostream>

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

dialect::Url Context::database_url() const { return dialect::Url::parse(resolved().database); }

plan::Desired Context::desired(const std::optional<std::string>& to) const {
  plan::Desired d = to ? plan::desired_from_database(dialect::Url::parse(*to), resolved().schemas)
                       : plan::desired_from_manifests(manifests(), database_url().engine);
  d.schemas = resolved().schemas;
  return d;
}

Session open_session(const dialect::Url& url, dialect::Dialect::Access access) {
  Session s;
  s.dialect = dialect::make_dialect(url.engine);
  s.connection = s.dialect->connect(url, access);
  return s;
}

Compared load_and_compare(const Context& ctx, const std::optional<std::string>& to) {
  dialect::Url url = ctx.database_url();
  std::future<plan::Desired> desired = std::async(std::launch::async, [&ctx, &to] { return ctx.desired(to); });
  Compared out;
  std::optional<model::Schema> live;
  std::exception_ptr database_error;
  try {
    out.session = open_session(url, dialect::Dialect::Access::read_only);
    live = out.session.dialect->inspect(*out.session.connection, {ctx.resolved().schemas});
  } catch (...) {
    database_error = std::current_exception();
  }
  out.desired = desired.get();  // rethrows a manifest error first
  if (database_error) std::rethrow_exception(database_error);
  out.comparison = plan::compare(*out.session.dialect, *out.session.connection, out.desired, std::move(*live));
  return out;
}

long long parse_duration_ms(const std::string& text, const std::string& option) {
  std::string t = str::lower(str::trim(text));
  std::size_t digits = 0;
  while (digits < t.size() && (std::isdigit(static_cast<unsigned char>(t[digits])) || t[digits] == '.')) ++digits;
  std::string number = t.substr(0, digits), unit = t.substr(digits);
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  double scale = unit.empty() || unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" || unit == "min" ? 60000 : -1;
  if (number.empty() || ec != std::errc{} || end != number.data() + number.size() || scale < 0 || value < 0)
    throw UsageError(option + " takes a duration such as 500ms, 2s or 5m, not '" + text + "'");
  return static_cast<long long>(value * scale);
}

long long parse_count(const std::string& text, const std::string& option) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0)
    throw UsageError(option + " takes a whole number, not '" + text + "'");
  return value;
}

}  // namespace bcdb::app
