#pragma once
// bcdb_migrations (one row per run) and bcdb_migration_steps (one row per step), created on
// first use through the dialect like any other table.
#include <optional>
#include <string>

#include "dialect/dialect.h"
#include "plan/plan.h"

namespace bcdb::migrate {

enum class RunStatus { running, succeeded, failed, interrupted };
std::string_view to_string(RunStatus status);

struct RunRecord {
  long long id = 0;
  std::string started_at, finished_at;
  std::string phase, status;
  std::string from_fingerprint, to_fingerprint, manifest_checksum, desired_source;
  std::string bcdb_version, who, error;
  int steps_planned = 0, steps_applied = 0;
};

class History {
 public:
  History(const dialect::Dialect& dialect, dialect::Connection& connection);

  bool exists();
  void ensure();  // creates the tables when missing
  // Runs left 'running' by a process that died: the caller holds the migration lock, so
  // nobody else is running them.
  int mark_interrupted();

  long long start_run(const plan::Plan& plan, const std::string& phase, int steps_planned);
  // Inside the step's own transaction where the engine has transactional DDL.
  void record_step(long long run, const plan::Step& step, const std::string& status, const std::string& started_at,
                   double duration_ms, int attempts, const std::string& error);
  void finish_run(long long run, RunStatus status, int steps_applied, const std::string& to_fingerprint,
                  const std::string& error);

  std::optional<RunRecord> last_run();

 private:
  const dialect::Dialect& dialect_;
  dialect::Connection& connection_;
};

// "2026-11-25T21:56:53.123Z"
std::string utc_now();
// "user@host" of the process running bcdb.
std::string who_am_i();

}  // namespace bcdb::migrate
