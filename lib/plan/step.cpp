#include "plan/step.h"

namespace bcdb::plan {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_enum(std::string_view text, const E (&values)[N]) {
  for (E v : values)
    if (to_string(v) == text) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::expand: return "expand";
    case Phase::backfill: return "backfill";
    case Phase::contract: return "contract";
  }
  return "expand";
}

std::optional<Phase> parse_phase(std::string_view text) {
  constexpr Phase all[] = {Phase::expand, Phase::backfill, Phase::contract};
  return parse_enum(text, all);
}

std::string_view to_string(Safety safety) {
  switch (safety) {
    case Safety::online: return "online";
    case Safety::brief_lock: return "brief-lock";
    case Safety::rewrite: return "rewrite";
    case Safety::destructive: return "destructive";
  }
  return "online";
}

std::optional<Safety> parse_safety(std::string_view text) {
  constexpr Safety all[] = {Safety::online, Safety::brief_lock, Safety::rewrite, Safety::destructive};
  return parse_enum(text, all);
}

std::string_view to_string(Cost cost) {
  switch (cost) {
    case Cost::none: return "none";
    case Cost::metadata: return "metadata";
    case Cost::online_build: return "online-build";
    case Cost::blocking_scan: return "blocking-scan";
    case Cost::rewrite: return "rewrite";
  }
  return "metadata";
}

std::optional<Cost> parse_cost(std::string_view text) {
  constexpr Cost all[] = {Cost::none, Cost::metadata, Cost::online_build, Cost::blocking_scan, Cost::rewrite};
  return parse_enum(text, all);
}

std::vector<std::string> Step::statements() const {
  std::vector<std::string> out;
  for (auto stage : {Action::Stage::setup, Action::Stage::body, Action::Stage::teardown})
    for (const auto& a : actions)
      if (a.stage == stage && (a.kind == Action::Kind::exec || a.kind == Action::Kind::backfill)) out.push_back(a.sql);
  return out;
}

}  // namespace bcdb::plan
