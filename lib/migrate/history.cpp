#include "migrate/history.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "fmt/format.h"
#include "migrate/own_tables.h"
#include "model/schema.h"
#include "support/strings.h"

namespace bcdb::migrate {
namespace {

model::Column column(const char* name, const char* type, bool nullable = false) {
  return own_column(name, type, nullable);
}

model::Schema history_schema() {
  model::Table runs;
  runs.name = model::kHistoryTable;
  runs.columns = {column("id", "int64"),
                  column("started_at", "varchar(40)"),
                  column("finished_at", "varchar(40)", true),
                  column("phase", "varchar(16)"),
                  column("status", "varchar(16)"),
                  column("from_fingerprint", "varchar(64)", true),
                  column("to_fingerprint", "varchar(64)", true),
                  column("manifest_checksum", "varchar(64)", true),
                  column("desired_source", "text", true),
                  column("bcdb_version", "varchar(32)"),
                  column("who", "varchar(255)"),
                  column("steps_planned", "int32"),
                  column("steps_applied", "int32"),
                  column("error", "text", true)};
  runs.columns[0].identity = true;
  runs.primary_key = model::PrimaryKey{"", {"id"}};

  model::Table steps;
  steps.name = model::kHistoryStepsTable;
  steps.columns = {column("migration_id", "int64"),   column("ordinal", "int32"),
                   column("phase", "varchar(16)"),     column("safety", "varchar(16)"),
                   column("summary", "text"),          column("sql", "text"),
                   column("status", "varchar(16)"),    column("started_at", "varchar(40)"),
                   column("duration_ms", "float64", true), column("attempts", "int32"),
                   column("error", "text", true)};
  steps.primary_key = model::PrimaryKey{"", {"migration_id", "ordinal"}};
  steps.foreign_keys.push_back(
      {"", {"migration_id"}, model::kHistoryTable, {"id"}, model::FkAction::no_action, model::FkAction::no_action});
  return model::Schema{{runs, steps}, {}, {}};
}

}  // namespace

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::running: return "running";
    case RunStatus::succeeded: return "succeeded";
    case RunStatus::failed: return "failed";
    case RunStatus::interrupted: return "interrupted";
  }
  return "running";
}

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buffer, millis);
}

std::string who_am_i() {
  const char* user = std::getenv("USER");
  if (!user || !*user) user = std::getenv("LOGNAME");
  if (!user || !*user) {
    const passwd* entry = getpwuid(getuid());
    user = entry ? entry->pw_name : nullptr;
  }
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(user && *user ? user : "unknown") + "@" + (host[0] ? host : "unknown");
}

History::History(const dialect::Dialect& dialect, dialect::Connection& connection)
    : dialect_(dialect), connection_(connection) {}

bool History::exists() {
  return dialect_.has_table(connection_, model::kHistoryTable) &&
         dialect_.has_table(connection_, model::kHistoryStepsTable);
}

void History::ensure() {
  if (!exists()) create_missing_tables(dialect_, connection_, history_schema());
}

int History::mark_interrupted() {
  auto stale = connection_.query("SELECT count(*) FROM " + dialect_.quote_table(model::kHistoryTable) + " WHERE " +
                                 dialect_.quote("status") + " = " + dialect_.placeholder(1),
                                 {std::string(to_string(RunStatus::running))});
  int count = stale.rows.empty() || !stale.rows[0][0] ? 0 : std::stoi(*stale.rows[0][0]);
  if (count > 0)
    connection_.query("UPDATE " + dialect_.quote_table(model::kHistoryTable) + " SET " + dialect_.quote("status") +
                          " = " + dialect_.placeholder(1) + ", " + dialect_.quote("error") + " = " +
                          dialect_.placeholder(2) + " WHERE " + dialect_.quote("status") + " = " +
                          dialect_.placeholder(3),
                      {std::string(to_string(RunStatus::interrupted)),
                       std::string("the process stopped before the run finished; a later run re-planned from the database"),
                       std::string(to_string(RunStatus::running))});
  return count;
}

long long History::start_run(const plan::Plan& plan, const std::string& phase, int steps_planned) {
  connection_.query(insert_statement(dialect_, model::kHistoryTable,
                               {"started_at", "phase", "status", "from_fingerprint", "to_fingerprint",
                                "manifest_checksum", "desired_source", "bcdb_version", "who", "steps_planned",
                                "steps_applied"}),
                    {utc_now(), phase, std::string(to_string(RunStatus::running)), plan.from_fingerprint,
                     std::nullopt, plan.manifest_checksum.empty() ? dialect::Value{} : plan.manifest_checksum,
                     plan.desired_source, std::string(BCDB_VERSION), who_am_i(), std::to_string(steps_planned),
                     std::string("0")});
  auto id = connection_.query("SELECT max(" + dialect_.quote("id") + ") FROM " +
                              dialect_.quote_table(model::kHistoryTable));
  return std::stoll(id.rows.at(0).at(0).value_or("0"));
}

void History::record_step(long long run, const plan::Step& step, const std::string& status,
                          const std::string& started_at, double duration_ms, int attempts, const std::string& error) {
  connection_.query(insert_statement(dialect_, model::kHistoryStepsTable,
                               {"migration_id", "ordinal", "phase", "safety", "summary", "sql", "status", "started_at",
                                "duration_ms", "attempts", "error"}),
                    {std::to_string(run), std::to_string(step.ordinal), std::string(plan::to_string(step.phase)),
                     std::string(plan::to_string(step.safety)), step.summary, str::join(step.statements(), ";\n"),
                     status, started_at, fmt::format("{:.3f}", duration_ms), std::to_string(attempts),
                     error.empty() ? dialect::Value{} : error});
}

void History::finish_run(long long run, RunStatus status, int steps_applied, const std::string& to_fingerprint,
                         const std::string& error) {
  auto q = [&](const char* c) { return dialect_.quote(c); };
  auto p = [&](int n) { return dialect_.placeholder(n); };
  connection_.query("UPDATE " + dialect_.quote_table(model::kHistoryTable) + " SET " + q("finished_at") + " = " +
                        p(1) + ", " + q("status") + " = " + p(2) + ", " + q("steps_applied") + " = " + p(3) + ", " +
                        q("to_fingerprint") + " = " + p(4) + ", " + q("error") + " = " + p(5) + " WHERE " + q("id") +
                        " = " + p(6),
                    {utc_now(), std::string(to_string(status)), std::to_string(steps_applied),
                     to_fingerprint.empty() ? dialect::Value{} : to_fingerprint,
                     error.empty() ? dialect::Value{} : error, std::to_string(run)});
}

std::optional<RunRecord> History::last_run() {
  if (!exists()) return std::nullopt;
  auto q = [&](const char* c) { return dialect_.quote(c); };
  auto result = connection_.query(
      "SELECT " + q("id") + ", " + q("started_at") + ", " + q("finished_at") + ", " + q("phase") + ", " + q("status") +
      ", " + q("from_fingerprint") + ", " + q("to_fingerprint") + ", " + q("manifest_checksum") + ", " +
      q("desired_source") + ", " + q("bcdb_version") + ", " + q("who") + ", " + q("steps_planned") + ", " +
      q("steps_applied") + ", " + q("error") + " FROM " + dialect_.quote_table(model::kHistoryTable) + " ORDER BY " +
      q("id") + " DESC LIMIT 1");
  if (result.rows.empty()) return std::nullopt;
  const auto& r = result.rows.front();
  auto s = [&](std::size_t i) { return r[i].value_or(""); };
  RunRecord run;
  run.id = std::stoll(s(0));
  run.started_at = s(1);
  run.finished_at = s(2);
  run.phase = s(3);
  run.status = s(4);
  run.from_fingerprint = s(5);
  run.to_fingerprint = s(6);
  run.manifest_checksum = s(7);
  run.desired_source = s(8);
  run.bcdb_version = s(9);
  run.who = s(10);
  run.steps_planned = std::stoi(s(11).empty() ? "0" : s(11));
  run.steps_applied = std::stoi(s(12).empty() ? "0" : s(12));
  run.error = s(13);
  return run;
}

}  // namespace bcdb::migrate
