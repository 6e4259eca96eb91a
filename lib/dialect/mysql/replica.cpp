#include "dialect/mysql/replica.h"

#include <cstdint>
#include <initializer_list>

#include "dialect/replica_samples.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {
namespace {

// MySQL 8.0.22 renamed the statement and its columns (Source for Master, Replica for Slave)
// and 8.4 dropped the old spelling; MariaDB keeps the old names under both spellings.
bool new_names(const Server& s) { return !s.mariadb() && s.at_least(8, 0, 22); }

std::string status_statement(const Server& s) { return new_names(s) ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS"; }

std::string binlog_statement(const Server& s) {
  return !s.mariadb() && s.at_least(8, 2) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
}

// The first row's value of the column by any of its names (MariaDB's, MySQL's newer ones).
Value field(const Result& r, std::initializer_list<const char*> names) {
  if (r.rows.empty()) return std::nullopt;
  for (std::size_t c = 0; c < r.columns.size(); ++c)
    for (const char* name : names)
      if (str::iequals(r.columns[c], name)) return r.rows.front().at(c);
  return std::nullopt;
}

// A binlog coordinate ("mariadb-bin.000042", 1234) as one growing number: the file's sequence
// number above the offset (binlog files are at most 1 GiB). `base` receives the file's name
// without its number, so coordinates of differently named logs are never compared.
std::optional<std::uint64_t> coordinate(const Value& file, const Value& offset, std::string& base) {
  if (!file || !offset) return std::nullopt;
  auto dot = file->rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  try {
    base = file->substr(0, dot);
    return (std::stoull(file->substr(dot + 1)) << 32) | std::stoull(*offset);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The measure: a replica whose SQL thread is stopped (STOP SLAVE SQL_THREAD, or an error it
// stopped on) is behind by an unknown and growing amount, and so lagging. One that has executed
// the primary's binlog up to where it ends now is not behind at all. Otherwise the lag is the
// time since the newest binlog position, recorded at an earlier probe, that it has executed
// (PositionSamples: to the millisecond, where Seconds_Behind_Master counts whole seconds), and
// Seconds_Behind_Master until such a position exists. Positions are compared only for a
// replica of this very server (Master_Server_Id): a replica of a replica executes another log.
class MyReplicaProbe final : public ReplicaProbe {
 public:
  MyReplicaProbe(MyConnection& primary, std::unique_ptr<MyConnection> replica)
      : primary_(primary), replica_(std::move(replica)) {
    if (status().rows.empty())
      throw ConfigError("--replica " + replica_->url().redacted() + " is not a replica: " +
                        status_statement(replica_->server()) + " says nothing");
    primary_id_ = primary_.query("SELECT @@server_id").rows.at(0).at(0);
    try {
      binlogs_ = !primary_.query(binlog_statement(primary_.server())).rows.empty();
    } catch (const DatabaseError&) {
      // Without the privilege (BINLOG MONITOR, REPLICATION CLIENT) the primary's position is
      // unknown: Seconds_Behind_Master alone then.
      binlogs_ = false;
    }
  }

  ReplicaLag lag() override {
    Result s = status();
    if (s.rows.empty())
      throw DatabaseError(replica_->url().redacted() + " no longer replicates: " +
                          status_statement(replica_->server()) + " says nothing");
    ReplicaLag out;
    if (field(s, {"Slave_SQL_Running", "Replica_SQL_Running"}) != Value("Yes")) {
      std::string error = field(s, {"Last_SQL_Error"}).value_or("");
      out.note = "its SQL thread is stopped" + (error.empty() ? std::string() : ": " + error.substr(0, 200));
      return out;
    }
    if (auto bound = from_positions(s)) {
      out.behind = bound;
      return out;
    }
    Value seconds = field(s, {"Seconds_Behind_Master", "Seconds_Behind_Source"});
    Value io = field(s, {"Slave_IO_Running", "Replica_IO_Running"});
    if (io != Value("Yes")) out.note = "its IO thread is " + str::lower(io.value_or("stopped"));
    if (!seconds) {
      out.note += std::string(out.note.empty() ? "" : "; ") + "Seconds_Behind_Master is NULL";
      return out;
    }
    out.behind = std::chrono::seconds(std::stoll(*seconds));
    return out;
  }

 private:
  Result status() { return replica_->query(status_statement(replica_->server())); }

  std::optional<std::chrono::milliseconds> from_positions(const Result& s) {
    if (!binlogs_ || field(s, {"Master_Server_Id", "Source_Server_Id"}) != primary_id_) return std::nullopt;
    Result log = primary_.query(binlog_statement(primary_.server()));
    std::string theirs, ours;
    auto executed = coordinate(field(s, {"Relay_Master_Log_File", "Relay_Source_Log_File"}),
                               field(s, {"Exec_Master_Log_Pos", "Exec_Source_Log_Pos"}), theirs);
    auto end = coordinate(field(log, {"File"}), field(log, {"Position"}), ours);
    if (!executed || !end || theirs != ours) return std::nullopt;
    auto bound = samples_.bound(*end, *executed);
    if (*executed >= *end) return std::chrono::milliseconds(0);
    return bound;
  }

  MyConnection& primary_;
  std::unique_ptr<MyConnection> replica_;
  Value primary_id_;
  bool binlogs_ = false;
  PositionSamples samples_;
};

}  // namespace

std::unique_ptr<ReplicaProbe> replica_probe(MyConnection& primary, std::unique_ptr<MyConnection> replica) {
  return std::make_unique<MyReplicaProbe>(primary, std::move(replica));
}

}  // namespace bcdb::dialect::mysql
