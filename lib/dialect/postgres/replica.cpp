#include "dialect/postgres/replica.h"

#include <algorithm>
#include <cstdint>

#include "dialect/replica_samples.h"
#include "support/error.h"

namespace bcdb::dialect::postgres {
namespace {

// "16/B374D848" -> 0x16B374D848: an LSN as the byte offset it stands for.
std::optional<std::uint64_t> parse_lsn(const Value& text) {
  if (!text) return std::nullopt;
  auto slash = text->find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text->size()) return std::nullopt;
  try {
    std::size_t high_end = 0, low_end = 0;
    std::uint64_t high = std::stoull(text->substr(0, slash), &high_end, 16);
    std::uint64_t low = std::stoull(text->substr(slash + 1), &low_end, 16);
    if (high_end != slash || low_end != text->size() - slash - 1) return std::nullopt;
    return (high << 32) | low;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Value system_identifier(Connection& c) {
  return c.query("SELECT system_identifier::text FROM pg_control_system()").rows.at(0).at(0);
}

// The measure, in bytes and then in time: a replica that has replayed all the WAL the primary
// has flushed is not behind at all, however long ago its last replayed commit was (an idle
// primary). Otherwise it is at most as far behind as each of two upper bounds says, and the
// smaller one is the lag: the age of the last transaction it replayed (now() -
// pg_last_xact_replay_timestamp(), on the replica's clock against the primary's commit times),
// and the time since the newest WAL position, recorded at an earlier probe, that it has replayed
// (PositionSamples: no clocks compared, and not fooled by an idle primary's old commits).
// The primary's flush LSN rather than its insert LSN (pg_current_wal_lsn()): no replica can
// have WAL the primary has not flushed yet, which with synchronous_commit = off is up to a few
// wal_writer_delay of commits.
class PgReplicaProbe final : public ReplicaProbe {
 public:
  PgReplicaProbe(Connection& primary, std::unique_ptr<Connection> replica)
      : primary_(primary), replica_(std::move(replica)) {
    const std::string name = "--replica " + replica_->url().redacted();
    if (replica_->query("SELECT pg_is_in_recovery()").rows.at(0).at(0) != Value("t"))
      throw ConfigError(name + " is not a replica: it is not in recovery (pg_is_in_recovery() is false)");
    Value theirs = system_identifier(*replica_), ours = system_identifier(primary_);
    if (theirs != ours)
      throw ConfigError(name + " replicates another cluster: its system identifier is " + theirs.value_or("?") +
                        ", the database's " + ours.value_or("?"));
  }

  ReplicaLag lag() override {
    auto flushed = parse_lsn(primary_.query("SELECT pg_current_wal_flush_lsn()::text").rows.at(0).at(0));
    auto row = replica_
                   ->query("SELECT pg_last_wal_replay_lsn()::text, "
                           "floor(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint, "
                           "pg_is_wal_replay_paused()")
                   .rows.at(0);
    auto replayed = parse_lsn(row.at(0));
    ReplicaLag out;
    if (row.at(2) == Value("t")) out.note = "replay is paused";
    if (!flushed) throw DatabaseError("cannot read the WAL position of " + primary_.url().redacted());
    if (!replayed) {
      out.note = "it has replayed no WAL yet";
      return out;
    }
    auto since_samples = samples_.bound(*flushed, *replayed);
    if (*replayed >= *flushed) {
      out.behind = std::chrono::milliseconds(0);
      return out;
    }
    std::optional<std::chrono::milliseconds> since_commit;
    // A replica whose clock runs behind the primary's sees commits from its future.
    if (row.at(1)) since_commit = std::chrono::milliseconds(std::max(0LL, std::stoll(*row.at(1))));
    if (since_samples && since_commit) out.behind = std::min(*since_samples, *since_commit);
    else if (since_samples) out.behind = since_samples;
    else out.behind = since_commit;
    if (!out.behind) out.note += std::string(out.note.empty() ? "" : "; ") + "it has replayed no transaction yet";
    return out;
  }

 private:
  Connection& primary_;
  std::unique_ptr<Connection> replica_;
  PositionSamples samples_;
};

}  // namespace

std::unique_ptr<ReplicaProbe> replica_probe(Connection& primary, std::unique_ptr<Connection> replica) {
  return std::make_unique<PgReplicaProbe>(primary, std::move(replica));
}

}  // namespace bcdb::dialect::postgres
