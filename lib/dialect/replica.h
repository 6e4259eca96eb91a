#pragma once
// How far a replica is behind its primary, for migrate --replica (DESIGN.md, "Replica-aware
// backfill"): each engine measures it its own way behind this one interface.
#include <chrono>
#include <optional>
#include <string>

namespace bcdb::dialect {

struct ReplicaLag {
  // At most this far behind; none when the replica cannot tell (a stopped SQL thread), which
  // counts as lagging: it falls further behind with every write.
  std::optional<std::chrono::milliseconds> behind;
  // What else the replica says ("replay is paused"), for the progress line; empty when nothing.
  std::string note;
};

class ReplicaProbe {
 public:
  virtual ~ReplicaProbe() = default;
  // Measured now (on the replica, and on the primary where the measure compares both); a query
  // that fails, a lost connection among them, is a DatabaseError.
  virtual ReplicaLag lag() = 0;
};

}  // namespace bcdb::dialect
