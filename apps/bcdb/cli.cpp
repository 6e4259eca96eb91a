// The only translation unit that includes CLI11 (about 6 s of compile time per include).
#include "cli.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <map>
#include <set>

#include "commands.h"
#include "dialect/url.h"
#include "manifest/manifest.h"
#include "seed/vertical.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::app {
namespace {

const std::vector<std::string> kFormats = {"text", "json", "sql"};

// Choices and value kinds of options, which CLI11 does not expose for the completions.
struct OptionExtras {
  std::vector<std::string> choices;
  std::string value_kind;
};

class Cli {
 public:
  Cli() : app_("bcdb: declarative schema migrations for SQLite, PostgreSQL and MySQL/MariaDB", "bcdb") {
    app_.set_version_flag("--version", std::string("bcdb ") + BCDB_VERSION);
    app_.require_subcommand(1);
    app_.fallthrough();
    app_.footer("Exit codes: 0 done or in sync, 1 different (drift, sync-check, diff --exit-code with steps pending),\n"
                "2 bad input, 3 database error, 4 refused. bcdb diff exits 0 once it has printed the plan.\n"
                "Database: --db > BCDB_DATABASE_URL > DATABASE_URL > bcdb.toml > sqlite:bcdb.db");
    globals();
    migrate();
    diff();
    drift();
    sync_check();
    verify();
    inspect();
    seed_command();
    completions();
  }

  int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
    if (int code = check_command_name(argc, argv, err); code != 0) return code;
    try {
      app_.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      out << app_.help(selected_help_target(argc, argv));
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      out << app_.help("", CLI::AppFormatMode::All);
      return 0;
    } catch (const CLI::CallForVersion& e) {
      out << e.what() << "\n";
      return 0;
    } catch (const CLI::ExtrasError& e) {
      err << "error: " << unknown_argument_message(argc, argv, e.what()) << "\n";
      return static_cast<int>(ExitCode::bad_input);
    } catch (const CLI::RequiredError& e) {
      err << "error: " << e.what() << "\nrun 'bcdb --help' for the commands and options\n";
      return static_cast<int>(ExitCode::bad_input);
    } catch (const CLI::ParseError& e) {
      err << "error: " << e.what() << "\n";
      return static_cast<int>(ExitCode::bad_input);
    }
    Context ctx(globals_, out, err);
    return dispatch(ctx);
  }

  CliSpec spec() const {
    CliSpec spec;
    spec.global_options = options_of(app_);
    for (const CLI::App* sub : app_.get_subcommands([](const CLI::App*) { return true; })) {
      CommandSpec c{sub->get_name(), sub->get_description(), options_of(*sub), {}};
      auto it = positional_choices_.find(sub->get_name());
      if (it != positional_choices_.end()) c.positional_choices = it->second;
      spec.commands.push_back(std::move(c));
    }
    return spec;
  }

 private:
  // --- definition -----------------------------------------------------------------------

  CLI::Option* string_option(CLI::App& app, const std::string& names, std::optional<std::string>& target,
                             const std::string& description, const std::string& kind = "") {
    auto* o = app.add_option_function<std::string>(names, [&target](const std::string& v) { target = v; }, description);
    extras_[o].value_kind = kind;
    return o;
  }

  // Repeatable, one value per occurrence (so a URL or file never swallows the next argument).
  CLI::Option* list_option(CLI::App& app, const std::string& names, std::vector<std::string>& target,
                           const std::string& description, const std::string& kind, const std::string& type_name) {
    auto* o = app.add_option(names, target, description)->allow_extra_args(false)->type_name(type_name);
    extras_[o].value_kind = kind;
    return o;
  }

  CLI::Option* choice_option(CLI::App& app, const std::string& names, std::string& target,
                             const std::vector<std::string>& choices, const std::string& description) {
    auto* o = app.add_option(names, target, description)->check(CLI::IsMember(choices));
    extras_[o].choices = choices;
    return o;
  }

  void globals() {
    string_option(app_, "--db", globals_.db, "Database URL (sqlite:FILE, postgres://..., mysql://...)", "url");
    string_option(app_, "--manifests", globals_.manifests, "Folder of TOML manifests (default: manifests)", "dir");
    string_option(app_, "--env", globals_.env, "Named environment from bcdb.toml");
    app_.add_option("--schema", globals_.schemas,
                    "A schema bcdb owns (repeatable or comma-separated; PostgreSQL). Default: the default schema "
                    "and those manifests name")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("NAME");
    auto* f = app_.add_option_function<std::string>(
        "--format", [this](const std::string& v) { globals_.format = v; }, "Output format: text, json or sql");
    f->check(CLI::IsMember(kFormats));
    extras_[f].choices = kFormats;
    app_.add_flag("-q,--quiet", globals_.quiet, "Print only what matters (errors, differences)");
    app_.add_flag("-v,--verbose", globals_.verbose, "Print the SQL of each step as it runs");
    app_.add_flag("--no-color", globals_.no_color, "No colours (also: NO_COLOR=1)");
  }

  void planning(CLI::App& sub, PlanningOptions& p) {
    string_option(sub, "--to", p.to, "Use this database's schema as the desired side instead of manifests", "url");
    auto* copy = sub.add_flag("--copy-tables", p.copy_tables,
                              "Insist that a type change that rewrites a table copies it (MySQL/MariaDB's default; "
                              "refused on other engines)");
    sub.add_flag("--no-copy-tables", p.no_copy_tables,
                 "MySQL/MariaDB: a type change that rewrites a table fills a shadow column instead of copying the table")
        ->excludes(copy);
    sub.add_option("--rewrite-threshold", p.rewrite_threshold,
                   "Rows above which a table rewrite or scan is class 'rewrite' (default 10000)");
    sub.add_option("--lock-timeout", p.lock_timeout,
                   "How long a statement waits for a table lock, 1ms to 1h (default 2s); a SQL export starts by "
                   "setting it");
  }

  void migrate() {
    auto* sub = app_.add_subcommand("migrate", "Apply the plan: expand, backfill and contract phases in order");
    planning(*sub, migrate_.planning);
    choice_option(*sub, "--phase", migrate_.phase, {"all", "expand", "backfill", "contract"},
                  "Apply one phase only (blue/green rollouts): expand before green starts, contract once blue is gone");
    sub->add_flag("--allow-destructive", migrate_.allow_destructive, "Allow steps that lose data (drops, narrowing)");
    sub->add_flag("--allow-blocking", migrate_.allow_blocking, "Allow steps that block writes for a table rewrite");
    sub->add_flag("--dry-run", migrate_.dry_run, "Print what would run and change nothing");
    string_option(*sub, "--plan", migrate_.plan_file, "Apply a plan saved with bcdb diff --out", "file");
    sub->add_option("--retries", migrate_.retries, "Retries after a lock timeout, 0 to 100, with backoff and jitter (default 3)");
    sub->add_option("--lock-wait", migrate_.lock_wait,
                    "How long to wait for another migrate to finish, 0 (try once) to 24h (default 5m)");
    sub->add_option("--batch-time", migrate_.batch_time,
                    "Backfill: the time each batch should take, 1ms to 1m (default 100ms); the batch size adapts to it");
    string_option(*sub, "--max-rows-per-second", migrate_.max_rows_per_second,
                  "Backfill: at most this many rows a second (default: no limit)", "rows");
    sub->add_option("--batch-rows", migrate_.batch_rows,
                    "Backfill: rows in the first batch, 50 to 200000 (default 1000); later batches adapt");
    list_option(*sub, "--replica", migrate_.replicas,
                "Backfill: before each batch, wait while this replica of the database lags more than --max-lag "
                "(repeatable; PostgreSQL and MySQL/MariaDB)",
                "url", "URL");
    string_option(*sub, "--max-lag", migrate_.max_lag,
                  "Backfill: the replica lag --replica waits out, 1ms to 1h (default 1s)");
    sub->callback([this] { command_ = "migrate"; });
  }

  void diff() {
    auto* sub = app_.add_subcommand("diff", "Show the plan that would bring the database to the manifests");
    planning(*sub, diff_.planning);
    string_option(*sub, "--out", diff_.out, "Also save the plan as JSON for bcdb migrate --plan", "file");
    sub->add_flag("--exit-code", diff_.exit_code,
                  "Exit 1 when the plan has steps (as git diff --exit-code); without it diff exits 0 once it has "
                  "printed the plan");
    sub->callback([this] { command_ = "diff"; });
  }

  void drift() {
    auto* sub = app_.add_subcommand("drift", "List every difference between the database and the manifests");
    string_option(*sub, "--to", drift_.to, "Compare with this database instead of manifests", "url");
    sub->callback([this] { command_ = "drift"; });
  }

  void sync_check() {
    auto* sub = app_.add_subcommand("sync-check", "CI gate: valid manifests, no drift, nothing pending, last run ok");
    string_option(*sub, "--to", sync_.to, "Check against this database instead of manifests", "url");
    sub->callback([this] { command_ = "sync-check"; });
  }

  void verify() {
    auto* sub = app_.add_subcommand(
        "verify", "Check the manifests without a database; with --queries, check SQL against the database instead");
    list_option(*sub, "--queries", verify_.queries,
                "Prepare each SQL statement of FILE against the database without running it and list those that "
                "would fail (repeatable)",
                "file", "FILE");
    sub->callback([this] { command_ = "verify"; });
  }

  void inspect() {
    auto* sub = app_.add_subcommand("inspect", "Write the database's schema as manifests");
    auto* out = sub->add_option("--out", inspect_.out, "Folder to write the manifests to")->required();
    extras_[out].value_kind = "dir";
    sub->add_flag("--force", inspect_.force, "Overwrite manifests already in the folder");
    sub->callback([this] { command_ = "inspect"; });
  }

  void seed_command() {
    auto* sub = app_.add_subcommand("seed", "Fill the database with deterministic demo data: " +
                                                str::join(bcdb::seed::vertical_names(), ", "));
    std::vector<std::string> verticals = bcdb::seed::vertical_names();
    sub->add_option("vertical", seed_.vertical, str::join(verticals, ", "))->required()->check(CLI::IsMember(verticals));
    positional_choices_["seed"] = verticals;
    sub->add_option("--scale", seed_.scale,
                    "Rows of the vertical's main table (orders, users, payment_intents); the other tables get rows "
                    "in fixed proportions (default 1000)");
    sub->add_option("--seed", seed_.seed, "Random seed: the same scale and seed give the same rows (default 1)");
    sub->add_flag("--migrate", seed_.migrate, "Migrate the database to the vertical's manifests first");
    sub->add_flag("--truncate", seed_.truncate, "Empty the vertical's tables first (replaces an earlier seed)");
    sub->add_option("--lock-wait", seed_.lock_wait,
                    "How long to wait for a migrate or seed to finish, 0 (try once) to 24h (default 5m)");
    sub->callback([this] { command_ = "seed"; });
  }

  void completions() {
    auto* sub = app_.add_subcommand("completions", "Print shell completions: bash, zsh or fish");
    std::vector<std::string> shells = {"bash", "zsh", "fish"};
    sub->add_option("shell", completions_.shell, "bash, zsh or fish")->required()->check(CLI::IsMember(shells));
    positional_choices_["completions"] = shells;
    sub->callback([this] { command_ = "completions"; });
  }

  std::vector<OptionSpec> options_of(const CLI::App& app) const {
    std::vector<OptionSpec> out;
    for (const CLI::Option* o : app.get_options([](const CLI::Option*) { return true; })) {
      if (o->get_positional()) continue;
      OptionSpec s;
      for (const auto& l : o->get_lnames()) s.names.push_back("--" + l);
      for (const auto& n : o->get_snames()) s.names.push_back("-" + n);
      if (s.names.empty()) continue;
      s.description = o->get_description();
      s.takes_value = o->get_items_expected_min() > 0;
      auto it = extras_.find(o);
      if (it != extras_.end()) {
        s.choices = it->second.choices;
        s.value_kind = it->second.value_kind;
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  // --- errors ---------------------------------------------------------------------------

  std::vector<std::string> command_names() const {
    std::vector<std::string> names;
    for (const CLI::App* sub : app_.get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    return names;
  }

  // CLI11 reports an unknown command as "a subcommand is required"; say what is wrong.
  // Before the command only global options may appear.
  int check_command_name(int argc, char** argv, std::ostream& err) const {
    std::set<std::string> value_options, known;
    for (const auto& o : options_of(app_))
      for (const auto& n : o.names) {
        known.insert(n);
        if (o.takes_value) value_options.insert(n);
      }
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg == "--") return 0;
      if (arg.rfind('-', 0) == 0) {
        std::string name = arg.substr(0, arg.find('='));
        if (!known.count(name)) {
          err << "error: " << unknown_argument_message(argc, argv, "unknown option '" + name + "'") << "\n";
          return static_cast<int>(ExitCode::bad_input);
        }
        if (value_options.count(arg)) ++i;  // its value follows
        continue;
      }
      auto names = command_names();
      if (std::find(names.begin(), names.end(), arg) != names.end()) return 0;
      auto hint = str::did_you_mean(arg, names);
      err << "error: unknown command '" << arg << "'" << (hint ? " (did you mean '" + *hint + "'?)" : "")
          << "\ncommands: " << str::join(names, ", ") << "\n";
      return static_cast<int>(ExitCode::bad_input);
    }
    return 0;
  }

  const CLI::App* command_app(int argc, char** argv) const {
    for (int i = 1; i < argc; ++i)
      for (const CLI::App* sub : app_.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == argv[i]) return sub;
    return nullptr;
  }

  std::string selected_help_target(int argc, char** argv) const {
    const CLI::App* sub = command_app(argc, argv);
    return sub ? sub->get_name() : "";
  }

  std::string unknown_argument_message(int argc, char** argv, const std::string& fallback) const {
    std::vector<std::string> known;
    for (const auto& o : options_of(app_))
      for (const auto& n : o.names) known.push_back(n);
    const CLI::App* sub = command_app(argc, argv);
    if (sub)
      for (const auto& o : options_of(*sub))
        for (const auto& n : o.names) known.push_back(n);
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg.rfind('-', 0) != 0) continue;
      std::string name = arg.substr(0, arg.find('='));
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      auto hint = str::did_you_mean(name, known);
      std::string where = sub ? "bcdb " + sub->get_name() : "bcdb";
      return "unknown option '" + name + "' for " + where + (hint ? " (did you mean '" + *hint + "'?)" : "") +
             "\nrun '" + where + " --help' for its options";
    }
    return fallback;
  }

  // --- running ----------------------------------------------------------------------------

  int dispatch(const Context& ctx) {
    if (command_ == "migrate") return run_migrate(ctx, migrate_);
    if (command_ == "diff") return run_diff(ctx, diff_);
    if (command_ == "drift") return run_drift(ctx, drift_);
    if (command_ == "sync-check") return run_sync_check(ctx, sync_);
    if (command_ == "verify") return verify_.queries.empty() ? run_verify(ctx) : run_verify_queries(ctx, verify_);
    if (command_ == "inspect") return run_inspect(ctx, inspect_);
    if (command_ == "seed") return run_seed(ctx, seed_);
    if (command_ == "completions") return run_completions(ctx, spec(), completions_);
    throw UsageError("no command given; run 'bcdb --help'");
  }

  CLI::App app_;
  std::map<const CLI::Option*, OptionExtras> extras_;
  std::map<std::string, std::vector<std::string>> positional_choices_;
  std::string command_;
  GlobalOptions globals_;
  MigrateOptions migrate_;
  DiffOptions diff_;
  DriftOptions drift_;
  DriftOptions sync_;
  VerifyOptions verify_;
  InspectOptions inspect_;
  SeedOptions seed_;
  CompletionsOptions completions_;
};

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  try {
    Cli cli;
    return cli.run(argc, argv, out, err);
  } catch (const manifest::ManifestError& e) {
    for (const auto& d : e.diagnostics) err << "error: " << d.to_string() << "\n";
    err << e.diagnostics.size() << " problem" << (e.diagnostics.size() == 1 ? "" : "s")
        << " in the manifests; nothing was done\n";
    return static_cast<int>(e.code());
  } catch (const Error& e) {
    err << "error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    err << "error: internal: " << e.what() << "\n";
    return static_cast<int>(ExitCode::database);
  }
}

}  // namespace bcdb::app
