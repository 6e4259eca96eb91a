#pragma once
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>

#include "config/config.h"
#include "manifest/manifest.h"
#include "dialect/dialect.h"
#include "options.h"
#include "plan/pipeline.h"
#include "report/style.h"

namespace bcdb::app {

// What every command needs: the global options, where output goes and how it looks, and
// the resolved configuration (read on first use, so verify and completions never need a
// database).
class Context {
 public:
  Context(GlobalOptions globals, std::ostream& out, std::ostream& err);

  const GlobalOptions& globals() const { return globals_; }
  std::ostream& out() const { return out_; }
  std::ostream& err() const { return err_; }
  const report::Style& style() const { return style_; }       // for stdout
  const report::Style& err_style() const { return err_style_; }
  bool quiet() const { return globals_.quiet; }

  // The --format value, checked against what the command offers ("text" when not given).
  std::string format(const std::vector<std::string>& allowed) const;

  const config::Resolved& resolved() const;
  // The database URL; an error says where the URL comes from (--db, a variable, bcdb.toml:l:c).
  dialect::Url database_url() const;
  std::filesystem::path manifests() const { return resolved().manifests; }
  // The manifest folder as read; a folder that cannot be read is an error naming the setting.
  manifest::LoadResult load_manifests() const;

  // Manifests (valid, or ManifestError) or, with `to`, a live database as the desired side.
  plan::Desired desired(const std::optional<std::string>& to) const;

 private:
  GlobalOptions globals_;
  std::ostream& out_;
  std::ostream& err_;
  report::Style style_;
  report::Style err_style_;
  mutable std::unique_ptr<config::Resolved> resolved_;
};

// A live connection with the dialect that made it.
struct Session {
  std::unique_ptr<dialect::Dialect> dialect;
  std::unique_ptr<dialect::Connection> connection;
};
Session open_session(const dialect::Url& url, dialect::Dialect::Access access);
// The session on the command's database; --schema (or schemas in bcdb.toml) on an engine
// without schemas is a usage error found before connecting.
Session open_session(const Context& ctx, dialect::Dialect::Access access);

// The desired side and the live schema, read at the same time (they are independent, and on
// schemas of thousands of tables each takes a few hundred milliseconds), then compared.
// Invalid manifests are reported before any database error.
struct Compared {
  plan::Desired desired;
  Session session;
  plan::Comparison comparison;
};
Compared load_and_compare(const Context& ctx, const std::optional<std::string>& to);

// "2s", "500ms", "1.5s", "5m", "1h", "1500" (milliseconds) -> milliseconds in [min_ms, max_ms];
// UsageError naming `option` and the valid range otherwise.
long long parse_duration_ms(const std::string& text, const std::string& option, long long min_ms, long long max_ms);
// A whole number in [min, max]; UsageError naming `option` and the range otherwise.
long long parse_count(const std::string& text, const std::string& option, long long min, long long max);

// The ranges of bcdb's options: finite, and never 0 where an engine reads 0 as "no limit".
struct Ranges {
  static constexpr long long kMinute = 60'000;
  static constexpr long long kHour = 60 * kMinute;
  static constexpr long long lock_timeout_min = 1, lock_timeout_max = kHour;      // per statement
  static constexpr long long lock_wait_min = 0, lock_wait_max = 24 * kHour;        // 0: try once
  static constexpr long long retries_max = 100;
  static constexpr long long rows_max = 1'000'000'000'000'000LL;                   // 10^18
  static constexpr long long batch_time_min = 1, batch_time_max = kMinute;
  static constexpr long long batch_rows_min = 50, batch_rows_max = 200'000;        // what the loop adapts within
  static constexpr long long max_lag_min = 1, max_lag_max = kHour;
};

}  // namespace bcdb::app
