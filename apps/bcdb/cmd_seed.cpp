#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <limits>

#include "commands.h"
#include "migrate/executor.h"
#include "report/json.h"
#include "seed/manifests.h"
#include "seed/schema_check.h"
#include "seed_progress.h"
#include "support/error.h"

namespace bcdb::app {
namespace {

std::optional<std::uint64_t> env_count(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return static_cast<std::uint64_t>(parse_count(v, name, 0, Ranges::rows_max));
}

seed::Options seed_options(const SeedOptions& o) {
  seed::Options so;
  so.vertical = seed::vertical(o.vertical).name;
  so.params.scale = static_cast<std::uint64_t>(parse_count(o.scale, "--scale", 1, 1'000'000'000));
  so.params.seed = static_cast<std::uint64_t>(parse_count(o.seed, "--seed", 0, std::numeric_limits<long long>::max()));
  so.truncate = o.truncate;
  so.lock_wait =
      std::chrono::milliseconds(parse_duration_ms(o.lock_wait, "--lock-wait", Ranges::lock_wait_min, Ranges::lock_wait_max));
  so.kill_after_rows = env_count("BCDB_TEST_KILL_AFTER_ROWS");
  if (auto chunk = env_count("BCDB_TEST_SEED_CHUNK_ROWS"); chunk && *chunk > 0) so.chunk_rows = *chunk;
  return so;
}

std::string not_migrated(const std::string& database, const plan::Desired& desired,
                         const std::vector<check::Difference>& differences, const std::string& vertical) {
  std::string text = fmt::format("{} is not migrated to {} ({} difference{}):", database, desired.source,
                                 differences.size(), differences.size() == 1 ? "" : "s");
  constexpr std::size_t kShown = 8;
  for (std::size_t i = 0; i < differences.size() && i < kShown; ++i) text += "\n  " + differences[i].message;
  if (differences.size() > kShown) text += fmt::format("\n  ... and {} more", differences.size() - kShown);
  return text + "\nrun bcdb seed " + vertical + " --migrate to migrate it first";
}

}  // namespace

int run_seed(const Context& ctx, const SeedOptions& o) {
  std::string format = ctx.format({"text", "json"});
  seed::Options options = seed_options(o);
  std::optional<std::filesystem::path> dir;
  if (ctx.globals().manifests) dir = *ctx.globals().manifests;
  plan::Desired desired = seed::vertical_manifests(options.vertical, dir, ctx.database_url().engine);
  desired.schemas = ctx.resolved().schemas;

  auto started = std::chrono::steady_clock::now();
  Session session = open_session(ctx, dialect::Dialect::Access::read_write);
  std::string database = session.connection->url().redacted();
  plan::Comparison comparison = plan::compare(*session.dialect, *session.connection, desired);
  auto differences = seed::vertical_differences(comparison);
  bool people = format == "text";
  int migrated = 0;
  if (!differences.empty()) {
    if (!o.migrate) throw UsageError(not_migrated(database, desired, differences, options.vertical));
    migrate::Options mo;
    mo.lock_wait = options.lock_wait;
    migrate::Observer silent;
    migrate::Outcome m = migrate::migrate(*session.dialect, *session.connection,
                                          seed::with_other_tables(desired, comparison.live), mo, silent);
    migrated = m.applied;
    if (people && !ctx.quiet())
      ctx.out() << fmt::format("migrated {} to {} ({} step{}, run #{})\n", database, desired.source, m.applied,
                               m.applied == 1 ? "" : "s", m.run_id);
  }

  auto mode = !people                                      ? SeedProgress::Mode::none
              : draws_bars(ctx)                            ? SeedProgress::Mode::bar
                                                           : SeedProgress::Mode::lines;
  if (people && !ctx.quiet())
    ctx.out() << fmt::format("seeding {} (--scale {} --seed {}) into {}\n", options.vertical, options.params.scale,
                             options.params.seed, database);
  SeedProgress progress(ctx.out(), ctx.style(), mode);
  seed::Outcome outcome = seed::seed(*session.dialect, *session.connection, comparison.desired, options, progress);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (format == "json") {
    ctx.out() << report::seed_json(database, options, migrated, outcome, seconds);
  } else if (outcome.inserted() == 0) {
    ctx.out() << fmt::format("{} is already seeded with --scale {} --seed {} ({} rows): nothing to insert\n",
                             options.vertical, options.params.scale, options.params.seed, grouped(outcome.rows()));
  } else {
    ctx.out() << fmt::format("seeded {} rows into {} tables in {:.2f} s ({}){}\n", grouped(outcome.inserted()),
                             outcome.tables.size(), seconds, rate(outcome.inserted(), seconds),
                             outcome.resumed ? "; finished the run that had stopped half-way" : "");
  }
  return 0;
}

}  // namespace bcdb::app
