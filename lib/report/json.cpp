#include "report/json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <type_traits>

#include "support/error.h"
#include "support/hash.h"

namespace bcdb::report {
namespace {

using nlohmann::ordered_json;

ordered_json header(const char* format) {
  ordered_json j;
  j["format"] = format;
  j["version"] = kJsonVersion;
  return j;
}

std::string dump(const ordered_json& j) { return j.dump(2) + "\n"; }

const char* kind_name(plan::Action::Kind kind) {
  switch (kind) {
    case plan::Action::Kind::exec: return "exec";
    case plan::Action::Kind::assert_empty: return "assert_empty";
    case plan::Action::Kind::backfill: return "backfill";
  }
  return "exec";
}

// The batch loop's statements, field by field (BackfillSql).
template <typename Visit>
void backfill_fields(Visit&& visit, auto& b) {
  visit("name", b.name);
  visit("fingerprint", b.fingerprint);
  visit("table", b.table);
  visit("first_bound", b.first_bound);
  visit("next_bound", b.next_bound);
  visit("update_first", b.update_first);
  visit("update_next", b.update_next);
  visit("update_rest", b.update_rest);
  visit("update_all", b.update_all);
  visit("count", b.count);
}

ordered_json action_json(const plan::Action& a) {
  ordered_json j;
  j["kind"] = kind_name(a.kind);
  j["stage"] = a.stage == plan::Action::Stage::setup ? "setup" : a.stage == plan::Action::Stage::body ? "body" : "teardown";
  j["sql"] = a.sql;
  if (a.kind == plan::Action::Kind::assert_empty) j["message"] = a.message;
  if (a.backfill) {
    ordered_json b;
    backfill_fields([&](const char* key, const std::string& value) { b[key] = value; }, *a.backfill);
    b["columns"] = a.backfill->columns;
    b["key_columns"] = a.backfill->key_columns;
    if (!a.backfill->before_batch.empty()) b["before_batch"] = a.backfill->before_batch;
    j["backfill"] = b;
  }
  return j;
}

ordered_json step_json(const plan::Step& s) {
  ordered_json j;
  j["ordinal"] = s.ordinal;
  j["phase"] = plan::to_string(s.phase);
  j["safety"] = plan::to_string(s.safety);
  j["summary"] = s.summary;
  j["table"] = s.table;
  j["lock"] = s.lock;
  j["reason"] = s.reason;
  j["transactional"] = s.transactional;
  j["sql"] = s.statements();
  j["actions"] = ordered_json::array();
  for (const auto& a : s.actions) j["actions"].push_back(action_json(a));
  return j;
}

ordered_json steps_summary(const std::vector<plan::Step>& steps) {
  ordered_json j;
  j["steps"] = steps.size();
  for (plan::Phase p : {plan::Phase::expand, plan::Phase::backfill, plan::Phase::contract})
    j[std::string(plan::to_string(p))] =
        std::count_if(steps.begin(), steps.end(), [&](const plan::Step& s) { return s.phase == p; });
  for (plan::Safety c : {plan::Safety::online, plan::Safety::brief_lock, plan::Safety::rewrite, plan::Safety::destructive})
    j[std::string(plan::to_string(c))] =
        std::count_if(steps.begin(), steps.end(), [&](const plan::Step& s) { return s.safety == c; });
  return j;
}

ordered_json difference_json(const check::Difference& d) {
  ordered_json j;
  j["kind"] = d.kind;
  j["object"] = d.object;
  j["table"] = d.table;
  j["name"] = d.name;
  if (d.kind == "changed") {
    j["attribute"] = d.attribute;
    j["desired"] = d.desired;
    j["live"] = d.live;
  }
  j["message"] = d.message;
  return j;
}

ordered_json diagnostic_json(const manifest::Diagnostic& d) {
  ordered_json j;
  j["file"] = d.where.file;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  j["message"] = d.message;
  if (!d.hint.empty()) j["hint"] = d.hint;
  if (!d.engines.empty()) j["engines"] = d.engines;
  j["text"] = d.to_string();
  return j;
}

// Reads a saved plan, naming the file and the JSON path of whatever is missing or mistyped.
class PlanReader {
 public:
  explicit PlanReader(const std::string& source) : source_(source) {}

  template <typename T>
  T get(const ordered_json& j, const std::string& path, const char* key, std::optional<T> fallback = std::nullopt) const {
    if (!j.is_object()) fail(path, "is not an object");
    auto it = j.find(key);
    if (it == j.end()) {
      if (fallback) return *fallback;
      fail(path, std::string("has no \"") + key + "\"");
    }
    try {
      return it->template get<T>();
    } catch (const nlohmann::json::exception&) {
      fail(path + "/" + key, std::string("must be ") + expected<T>());
    }
  }

  const ordered_json& array(const ordered_json& j, const std::string& path, const char* key) const {
    if (!j.is_object() || !j.contains(key)) fail(path, std::string("has no \"") + key + "\"");
    const ordered_json& a = j.at(key);
    if (!a.is_array()) fail(path + "/" + key, "must be an array");
    return a;
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw ConfigError(source_ + ": " + (path.empty() ? "the plan" : path) + " " + what +
                      " (not a plan as bcdb diff --out writes it)");
  }

 private:
  template <typename T>
  static const char* expected() {
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_integral_v<T>) return "a whole number";
    else if constexpr (std::is_same_v<T, std::string>) return "a string";
    else return "a list of strings";
  }
  const std::string& source_;
};

// The digest a plan carries: SHA-256 over the compact serialisation of everything else in it.
std::string plan_digest(ordered_json j) {
  j.erase("digest");
  return sha256_hex(j.dump());
}

}  // namespace

std::string plan_json(const plan::Plan& plan, const std::vector<plan::Step>& steps) {
  ordered_json j = header("bcdb.plan");
  j["bcdb_version"] = plan.bcdb_version;
  j["engine"] = plan.engine;
  j["database"] = plan.database;
  j["desired_source"] = plan.desired_source;
  j["from_fingerprint"] = plan.from_fingerprint;
  j["to_fingerprint"] = plan.to_fingerprint;
  j["manifest_checksum"] = plan.manifest_checksum;
  j["schemas"] = plan.schemas;
  j["rewrite_threshold"] = plan.rewrite_threshold_rows;
  j["summary"] = steps_summary(steps);
  j["steps"] = ordered_json::array();
  for (const auto& s : steps) j["steps"].push_back(step_json(s));
  j["desired"] = plan.desired_toml;
  j["digest"] = plan_digest(j);
  return dump(j);
}

plan::Plan plan_from_json(std::string_view text, const std::string& source) {
  ordered_json j;
  try {
    j = ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    throw ConfigError(source + ": not a JSON plan: " + what);
  }
  PlanReader r(source);
  if (!j.is_object() || r.get<std::string>(j, "", "format", std::string()) != "bcdb.plan")
    throw ConfigError(source + ": not a bcdb plan (expected \"format\": \"bcdb.plan\"; write one with bcdb diff --out)");
  if (int version = r.get<int>(j, "", "version"); version != kJsonVersion)
    throw ConfigError(source + ": plan format version " + std::to_string(version) +
                      " is not supported by this bcdb (it reads version " + std::to_string(kJsonVersion) + ")");
  // Checked before anything is read from it: an edited plan is refused whatever it says.
  std::string digest = r.get<std::string>(j, "", "digest", std::string());
  if (digest.empty() || digest != plan_digest(j))
    throw RefusedError(source + " was changed after bcdb wrote it (" +
                       (digest.empty() ? std::string("it carries no digest") : "its digest does not match its content") +
                       "): bcdb runs only a plan exactly as bcdb diff --out saved it. Make a new plan with bcdb diff "
                       "--out. Nothing was changed.");
  plan::Plan p;
  p.bcdb_version = r.get<std::string>(j, "", "bcdb_version");
  if (p.bcdb_version != BCDB_VERSION)
    throw RefusedError(source + " was made by bcdb " + p.bcdb_version + ", and this is bcdb " + BCDB_VERSION +
                       ": a plan is applied by the bcdb that made it. Make a new plan with bcdb diff --out. Nothing "
                       "was changed.");
  p.engine = r.get<std::string>(j, "", "engine");
  p.database = r.get<std::string>(j, "", "database");
  p.desired_source = r.get<std::string>(j, "", "desired_source");
  p.from_fingerprint = r.get<std::string>(j, "", "from_fingerprint");
  p.to_fingerprint = r.get<std::string>(j, "", "to_fingerprint");
  p.manifest_checksum = r.get<std::string>(j, "", "manifest_checksum", std::string());
  p.schemas = r.get<std::vector<std::string>>(j, "", "schemas", std::vector<std::string>{});
  p.rewrite_threshold_rows = r.get<std::int64_t>(j, "", "rewrite_threshold");
  p.desired_toml = r.get<std::string>(j, "", "desired");
  const ordered_json& steps = r.array(j, "", "steps");
  for (std::size_t n = 0; n < steps.size(); ++n) {
    const ordered_json& js = steps[n];
    const std::string path = "/steps/" + std::to_string(n);
    plan::Step s;
    s.ordinal = r.get<int>(js, path, "ordinal");
    auto phase = plan::parse_phase(r.get<std::string>(js, path, "phase"));
    auto safety = plan::parse_safety(r.get<std::string>(js, path, "safety"));
    if (!phase || !safety) r.fail(path, "has an unknown phase or safety class");
    s.phase = *phase;
    s.safety = *safety;
    s.summary = r.get<std::string>(js, path, "summary");
    s.table = r.get<std::string>(js, path, "table", std::string());
    s.lock = r.get<std::string>(js, path, "lock", std::string());
    s.reason = r.get<std::string>(js, path, "reason", std::string());
    s.transactional = r.get<bool>(js, path, "transactional", true);
    const ordered_json& actions = r.array(js, path, "actions");
    for (std::size_t m = 0; m < actions.size(); ++m) {
      const ordered_json& ja = actions[m];
      const std::string apath = path + "/actions/" + std::to_string(m);
      plan::Action a;
      std::string kind = r.get<std::string>(ja, apath, "kind");
      std::string stage = r.get<std::string>(ja, apath, "stage");
      if (kind != "exec" && kind != "assert_empty" && kind != "backfill")
        r.fail(apath + "/kind", "is not exec, assert_empty or backfill");
      if (stage != "setup" && stage != "body" && stage != "teardown") r.fail(apath + "/stage", "is not setup, body or teardown");
      a.kind = kind == "exec"             ? plan::Action::Kind::exec
               : kind == "assert_empty" ? plan::Action::Kind::assert_empty
                                        : plan::Action::Kind::backfill;
      if (a.kind == plan::Action::Kind::backfill) {
        const std::string bpath = apath + "/backfill";
        if (!ja.contains("backfill") || !ja["backfill"].is_object()) r.fail(bpath, "is missing");
        const ordered_json& jb = ja["backfill"];
        plan::BackfillSql b;
        backfill_fields([&](const char* key, std::string& value) { value = r.get<std::string>(jb, bpath, key); }, b);
        b.columns = r.get<std::vector<std::string>>(jb, bpath, "columns");
        b.key_columns = r.get<int>(jb, bpath, "key_columns");
        b.before_batch = r.get<std::string>(jb, bpath, "before_batch", std::string());
        a.backfill = std::move(b);
      }
      a.stage = stage == "setup" ? plan::Action::Stage::setup
                : stage == "body" ? plan::Action::Stage::body
                                  : plan::Action::Stage::teardown;
      a.sql = r.get<std::string>(ja, apath, "sql");
      a.message = r.get<std::string>(ja, apath, "message", std::string());
      s.actions.push_back(std::move(a));
    }
    p.steps.push_back(std::move(s));
  }
  return p;
}

std::string drift_json(const std::string& database, const std::string& desired_source,
                       const std::vector<check::Difference>& differences, const std::vector<std::string>& unmanaged) {
  ordered_json j = header("bcdb.drift");
  j["database"] = database;
  j["desired_source"] = desired_source;
  j["in_sync"] = differences.empty();
  j["differences"] = ordered_json::array();
  for (const auto& d : differences) j["differences"].push_back(difference_json(d));
  j["unmanaged"] = unmanaged;
  return dump(j);
}

std::string sync_json(const check::SyncReport& r) {
  ordered_json j = header("bcdb.sync-check");
  j["database"] = r.database;
  j["desired_source"] = r.desired_source;
  j["in_sync"] = r.in_sync();
  ordered_json checks;
  checks["manifests"] = {{"ok", true}, {"tables", r.tables}, {"problems", ordered_json::array()}};
  ordered_json drift = ordered_json::array();
  for (const auto& d : r.drift) drift.push_back(difference_json(d));
  checks["drift"] = {{"ok", r.drift.empty()}, {"differences", drift}};
  ordered_json pending = ordered_json::array();
  for (const auto& s : r.pending.steps) pending.push_back(step_json(s));
  checks["pending"] = {{"ok", r.pending.empty()}, {"summary", steps_summary(r.pending.steps)}, {"steps", pending}};
  ordered_json last;
  last["ok"] = r.last_run_ok();
  if (r.last_run) {
    last["run"] = {{"id", r.last_run->id},
                   {"status", r.last_run->status},
                   {"phase", r.last_run->phase},
                   {"started_at", r.last_run->started_at},
                   {"finished_at", r.last_run->finished_at},
                   {"who", r.last_run->who},
                   {"bcdb_version", r.last_run->bcdb_version},
                   {"error", r.last_run->error}};
  } else {
    last["run"] = nullptr;
  }
  checks["last_run"] = last;
  j["checks"] = checks;
  j["unmanaged"] = r.unmanaged;
  return dump(j);
}

std::string sync_invalid_json(const std::string& desired_source, const std::vector<manifest::Diagnostic>& problems) {
  ordered_json j = header("bcdb.sync-check");
  j["database"] = nullptr;
  j["desired_source"] = desired_source;
  j["in_sync"] = false;
  ordered_json list = ordered_json::array();
  for (const auto& d : problems) list.push_back(diagnostic_json(d));
  j["checks"] = {{"manifests", {{"ok", false}, {"tables", 0}, {"problems", list}}}};
  j["unmanaged"] = ordered_json::array();
  return dump(j);
}

std::string verify_json(const std::string& source, const manifest::LoadResult& loaded) {
  ordered_json j = header("bcdb.verify");
  j["source"] = source;
  j["valid"] = loaded.ok();
  j["files"] = loaded.files;
  j["tables"] = loaded.schema.tables.size();
  j["checksum"] = loaded.checksum;
  j["problems"] = ordered_json::array();
  for (const auto& d : loaded.diagnostics) j["problems"].push_back(diagnostic_json(d));
  j["warnings"] = ordered_json::array();
  for (const auto& d : loaded.engine_diagnostics) j["warnings"].push_back(diagnostic_json(d));
  for (const auto& d : loaded.advice) j["warnings"].push_back(diagnostic_json(d));
  return dump(j);
}

std::string migrate_json(const migrate::Outcome& o, bool dry_run, const std::string& phase) {
  ordered_json j = header("bcdb.migrate");
  j["database"] = o.plan.database;
  j["desired_source"] = o.plan.desired_source;
  j["phase"] = phase;
  j["dry_run"] = dry_run;
  j["in_sync_before"] = o.plan.empty();
  j["applied"] = o.applied;
  j["run_id"] = o.run_id;
  j["from_fingerprint"] = o.plan.from_fingerprint;
  j["final_fingerprint"] = o.final_fingerprint;
  j["summary"] = steps_summary(o.selected);
  j["steps"] = ordered_json::array();
  for (const auto& s : o.selected) j["steps"].push_back(step_json(s));
  j["backfills"] = ordered_json::array();
  for (const auto& b : o.backfills) {
    ordered_json jb;
    jb["table"] = b.table;
    jb["rows_total"] = b.rows_total;
    jb["rows_done"] = b.rows_done;
    jb["rows_this_run"] = b.rows_this_run;
    jb["batches"] = b.batches;
    jb["seconds"] = b.seconds;
    jb["rows_per_second"] = b.seconds > 0 ? static_cast<double>(b.rows_this_run) / b.seconds : 0.0;
    jb["replica_wait_ms"] = b.replica_wait_ms;
    jb["resumed"] = b.resumed;
    ordered_json after = ordered_json::array();
    for (const auto& v : b.resumed_after) after.push_back(v ? ordered_json(*v) : ordered_json(nullptr));
    jb["resumed_after"] = after;
    jb["finished"] = b.finished;
    j["backfills"].push_back(jb);
  }
  return dump(j);
}

std::string inspect_json(const std::string& database, const std::string& directory,
                         const std::vector<std::string>& files, std::size_t tables,
                         const std::vector<std::string>& unrepresented) {
  ordered_json j = header("bcdb.inspect");
  j["database"] = database;
  j["directory"] = directory;
  j["tables"] = tables;
  j["files"] = files;
  j["unrepresented"] = unrepresented;
  return dump(j);
}

namespace {

double per_second(std::uint64_t rows, double seconds) { return seconds > 0 ? static_cast<double>(rows) / seconds : 0.0; }

}  // namespace

std::string seed_json(const std::string& database, const seed::Options& options, int migrated,
                      const seed::Outcome& outcome, double seconds) {
  ordered_json j = header("bcdb.seed");
  j["database"] = database;
  j["vertical"] = options.vertical;
  j["scale"] = options.params.scale;
  j["seed"] = options.params.seed;
  j["migrated_steps"] = migrated;
  j["truncated"] = outcome.truncated;
  j["resumed"] = outcome.resumed;
  j["rows"] = outcome.rows();
  j["inserted"] = outcome.inserted();
  j["seconds"] = seconds;
  j["tables"] = ordered_json::array();
  for (const auto& t : outcome.tables) {
    ordered_json row;
    row["table"] = t.table;
    row["rows"] = t.rows;
    row["existing"] = t.existing;
    row["inserted"] = t.inserted;
    row["seconds"] = t.seconds;
    row["rows_per_second"] = per_second(t.inserted, t.seconds);
    j["tables"].push_back(std::move(row));
  }
  return dump(j);
}

}  // namespace bcdb::report
