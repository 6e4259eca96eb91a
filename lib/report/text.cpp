#include "report/text.h"

#include <fmt/format.h>

#include <algorithm>

#include "support/strings.h"

namespace bcdb::report {
namespace {

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  for (const auto& line : str::split(text, '\n')) out += prefix + line + "\n";
  return out;
}

std::string counts(const std::vector<plan::Step>& steps) {
  std::vector<std::string> parts;
  for (plan::Phase p : {plan::Phase::expand, plan::Phase::backfill, plan::Phase::contract}) {
    auto n = std::count_if(steps.begin(), steps.end(), [&](const plan::Step& s) { return s.phase == p; });
    if (n) parts.push_back(fmt::format("{} {}", n, plan::to_string(p)));
  }
  return fmt::format("{} step{}{}", steps.size(), steps.size() == 1 ? "" : "s",
                     parts.empty() ? "" : " (" + str::join(parts, ", ") + ")");
}

}  // namespace

std::string Style::safety(plan::Safety s) const {
  std::string text = fmt::format("{:<11}", plan::to_string(s));
  switch (s) {
    case plan::Safety::online: return green(text);
    case plan::Safety::brief_lock: return cyan(text);
    case plan::Safety::rewrite: return yellow(text);
    case plan::Safety::destructive: return red(text);
  }
  return text;
}

std::string plan_text(const plan::Plan& plan, const std::vector<plan::Step>& steps, const Style& style) {
  if (steps.empty())
    return fmt::format("{} is in sync with {}: nothing to do\n", plan.database, plan.desired_source);
  std::string out = fmt::format("Plan for {} from {}: {}\n", plan.database, plan.desired_source, counts(steps));
  std::optional<plan::Phase> phase;
  for (const auto& s : steps) {
    if (phase != s.phase) {
      phase = s.phase;
      out += "\n" + style.bold(std::string(plan::to_string(s.phase))) + "\n";
    }
    out += fmt::format("  {:>3}  {} {}\n", s.ordinal, style.safety(s.safety), style.bold(s.summary));
    const std::string pad(19, ' ');
    for (const auto& a : s.actions) {
      if (a.kind == plan::Action::Kind::exec)
        out += indent(a.sql + ";", pad);
      else if (a.kind == plan::Action::Kind::backfill)
        out += indent(style.dim("-- in checkpointed batches of key ranges:") + "\n" + a.sql + ";", pad);
      else
        out += indent(style.dim("-- check: " + a.message + "\n-- " + a.sql), pad);
    }
    out += pad + style.dim("why:  " + s.reason) + "\n";
    out += pad + style.dim("lock: " + s.lock) + "\n";
  }
  return out;
}

std::string plan_sql(const plan::Plan& plan, const std::vector<plan::Step>& steps, const std::string& lock_timeout) {
  std::string out = fmt::format("-- bcdb plan for {} from {}: {}\n", plan.database, plan.desired_source,
                                counts(steps));
  out += fmt::format("-- made from schema fingerprint {}\n", plan.from_fingerprint);
  if (plan.engine == "sqlite") out += "-- run it with: sqlite3 -bail DATABASE < this-file\n";
  out += "-- every statement waits at most this long for a lock, as in bcdb's own run:\n" + lock_timeout + ";\n";
  for (const auto& s : steps) {
    out += fmt::format("\n-- step {} [{}, {}]: {}\n", s.ordinal, plan::to_string(s.phase), plan::to_string(s.safety),
                       s.summary);
    out += "-- why: " + s.reason + "\n";
    bool transaction = s.transactional;
    for (auto stage : {plan::Action::Stage::setup, plan::Action::Stage::body, plan::Action::Stage::teardown}) {
      if (stage == plan::Action::Stage::body && transaction) out += "BEGIN;\n";
      for (const auto& a : s.actions) {
        if (a.stage != stage) continue;
        if (a.kind == plan::Action::Kind::exec)
          out += a.sql + ";\n";
        else if (a.kind == plan::Action::Kind::backfill)  // bcdb runs it in batches; a script, in one go
          out += "-- bcdb runs this in checkpointed batches of key ranges; here it is one statement:\n" + a.sql + ";\n";
        else
          out += "-- check (must return no rows: " + a.message + "):\n--   " + str::replace_all(a.sql, "\n", "\n--   ") +
                 "\n";
      }
      if (stage == plan::Action::Stage::body && transaction) out += "COMMIT;\n";
    }
    // A step that sets its own wait (a concurrent index build) hands the next one the run's.
    bool own_settings = std::any_of(s.actions.begin(), s.actions.end(),
                                    [](const plan::Action& a) { return a.stage == plan::Action::Stage::setup; });
    if (own_settings) out += lock_timeout + ";\n";
  }
  return out;
}

std::string drift_text(const std::string& database, const std::string& desired_source,
                       const std::vector<check::Difference>& differences, const std::vector<std::string>& unmanaged,
                       const Style& style) {
  std::string out;
  if (differences.empty()) {
    out = fmt::format("{} matches {}: no drift\n", database, desired_source);
  } else {
    out = fmt::format("{} differs from {} in {} place{}:\n", database, desired_source, differences.size(),
                      differences.size() == 1 ? "" : "s");
    for (const auto& d : differences) {
      std::string kind = d.kind == "missing" ? style.yellow(d.kind) : d.kind == "extra" ? style.red(d.kind) : style.cyan(d.kind);
      // The message starts with its kind; colour that word only.
      out += "  " + kind + d.message.substr(d.kind.size()) + "\n";
    }
  }
  for (const auto& u : unmanaged) out += style.dim("  not compared: " + u) + "\n";
  return out;
}

std::string sync_text(const check::SyncReport& r, const Style& style) {
  auto verdict = [&](bool ok, const std::string& detail) {
    return (ok ? style.green("ok  ") : style.red("FAIL")) + "  " + detail + "\n";
  };
  std::string out = fmt::format("sync-check {} against {}\n", r.database, r.desired_source);
  out += "  manifests  " + verdict(true, fmt::format("{} table{} valid", r.tables, r.tables == 1 ? "" : "s"));
  out += "  drift      " + verdict(r.drift.empty(), r.drift.empty() ? "none"
                                                                    : fmt::format("{} difference{}", r.drift.size(),
                                                                                  r.drift.size() == 1 ? "" : "s"));
  out += "  pending    " + verdict(r.pending.empty(), r.pending.empty() ? "no steps" : counts(r.pending.steps));
  if (!r.last_run) {
    out += "  last run   " + verdict(true, "none recorded");
  } else {
    std::string detail = fmt::format("#{} {} at {} by {}", r.last_run->id, r.last_run->status, r.last_run->started_at,
                                     r.last_run->who);
    if (!r.last_run->error.empty()) detail += ": " + str::split(r.last_run->error, '\n').front();
    out += "  last run   " + verdict(r.last_run_ok(), detail);
  }
  for (const auto& d : r.drift) out += "    " + d.message + "\n";
  for (const auto& s : r.pending.steps)
    out += fmt::format("    step {} [{}, {}]: {}\n", s.ordinal, plan::to_string(s.phase), plan::to_string(s.safety), s.summary);
  out += r.in_sync() ? style.green("in sync") + "\n" : style.red("NOT in sync") + "\n";
  return out;
}

std::string diagnostics_text(const std::vector<manifest::Diagnostic>& diagnostics, const Style& style) {
  std::string out;
  for (const auto& d : diagnostics) out += style.red("error: ") + d.to_string() + "\n";
  return out;
}

std::string warnings_text(const std::vector<manifest::Diagnostic>& diagnostics, const Style& style) {
  std::string out;
  for (const auto& d : diagnostics) out += style.yellow("warning: ") + d.to_string() + "\n";
  return out;
}

}  // namespace bcdb::report
