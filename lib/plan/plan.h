#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "plan/step.h"

namespace bcdb::plan {

// An ordered list of steps in phases expand -> backfill -> contract, with the fingerprints
// that tie it to the database it was made for (a saved plan is refused once the database
// has changed).
struct Plan {
  static constexpr int kFormatVersion = 1;
  std::string engine;
  std::string database;          // redacted URL
  std::string from_fingerprint;  // the live schema the plan starts from
  std::string to_fingerprint;    // the desired schema
  std::string desired_source;    // "manifests/commerce" or a redacted URL
  std::string manifest_checksum; // of the manifests the plan was made from; empty for --to URL
  std::vector<Step> steps;
  // What a saved plan carries so that `migrate --plan` can re-derive it rather than trust it
  // (DESIGN.md, "Saved plans"): the desired schema as manifest TOML, the schemas bcdb owned, the
  // planner's threshold, and the bcdb that made it.
  std::string desired_toml;
  std::vector<std::string> schemas;
  std::int64_t rewrite_threshold_rows = 10000;
  std::string bcdb_version;

  bool empty() const { return steps.empty(); }
  std::size_t count(Phase phase) const;
};

}  // namespace bcdb::plan
