#include "plan/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "diff/apply.h"
#include "model/canonical.h"
#include "plan/rename_wait.h"
#include "support/strings.h"

namespace bcdb::plan {
namespace {

using diff::Change;
using diff::ChangeKind;
using diff::has_attribute;

// How an alter_column change moves values: loosening changes (wider type, NULL allowed,
// new default) are safe for the old version; the rest are contract-phase.
Placement place_alter_column(const Change& c) {
  const auto& desired = c.desired_as<model::Column>();
  const auto& live = c.live_as<model::Column>();
  Placement p{Phase::expand, false, 40};
  if (has_attribute(c, "type")) {
    switch (model::classify_type_change(live.type, desired.type)) {
      case model::TypeChange::same:
      case model::TypeChange::widening:
        break;
      case model::TypeChange::narrowing:
      case model::TypeChange::conversion:
        p = {Phase::contract, true, 30};
        break;
    }
  }
  if (has_attribute(c, "nullable") && !desired.nullable) p.phase = Phase::contract, p.rank = 30;
  for (const char* attr : {"identity", "generated", "collation"})
    if (has_attribute(c, attr)) p.phase = Phase::contract, p.rank = 30;
  return p;
}

Placement place_plain(const diff::Change& c);

}  // namespace

Placement place(const Change& c) {
  if (c.defer_to_contract) {
    Placement p = place_plain(c);
    return {Phase::contract, p.destructive, p.phase == Phase::contract ? p.rank : 40 + p.rank};
  }
  // What a recipe drops once its values live on elsewhere: after the sync triggers that still
  // copy them, before what takes their place gets its final name.
  if (!c.carried_into.empty()) return {Phase::contract, false, c.kind == ChangeKind::drop_column ? 3 : 2};
  if (c.after_backfill) return {Phase::contract, false, 0};
  return place_plain(c);
}

namespace {
Placement place_plain(const Change& c) {
  switch (c.kind) {
    case ChangeKind::create_table: return {Phase::expand, false, 10};
    case ChangeKind::alter_table_comment: return {Phase::expand, false, 20};
    case ChangeKind::add_column: {
      const auto& col = c.desired_as<model::Column>();
      // The old version inserts rows without this column: it must be nullable or defaulted.
      bool old_version_can_insert = col.nullable || col.default_expr || col.identity || col.generated;
      return {old_version_can_insert ? Phase::expand : Phase::contract, false, old_version_can_insert ? 30 : 25};
    }
    case ChangeKind::alter_column: return place_alter_column(c);
    case ChangeKind::drop_foreign_key:
    case ChangeKind::drop_check:
    case ChangeKind::drop_unique:
      return {Phase::expand, false, 50};  // loosening: the old version keeps working
    case ChangeKind::drop_index:
      // A replaced index is rebuilt in expand; an index that goes away waits for the old
      // version, whose queries may still rely on it.
      return c.replaces ? Placement{Phase::expand, false, 50} : Placement{Phase::contract, false, 20};
    case ChangeKind::add_index: return {Phase::expand, false, 60};
    case ChangeKind::add_unique: return {Phase::expand, false, 70};
    case ChangeKind::add_check: return {Phase::expand, false, 80};
    case ChangeKind::add_foreign_key: return {Phase::expand, false, 90};
    case ChangeKind::alter_primary_key: return {Phase::contract, false, 31};  // after key columns become NOT NULL
    case ChangeKind::alter_table_options: return {Phase::contract, false, 30};
    // A rename that keeps the old name as a view happens in expand: both names then work.
    case ChangeKind::rename_table: return {c.keep_old_name ? Phase::expand : Phase::contract, false, 5};
    case ChangeKind::create_compat_view: return {Phase::expand, false, 99};  // shows the table as expand leaves it
    case ChangeKind::drop_compat_view: return {Phase::contract, false, 0};   // before the columns it shows can go
    case ChangeKind::rename_column: return {Phase::contract, false, 6};
    case ChangeKind::drop_column: return {Phase::contract, true, 60};
    case ChangeKind::create_sync: return {Phase::expand, false, 35};   // after the new column, before its indexes
    case ChangeKind::backfill: return {Phase::backfill, false, 10};
    // First in contract: nothing copies any more. One of rules that changed goes before its
    // replacement, in expand.
    case ChangeKind::cut_over: return {Phase::contract, false, 1};  // in drop_sync's place: the sync goes with it
    // The copy and its triggers after a stale sync goes; the swap first in contract, as cut_over.
    case ChangeKind::create_copy: return {Phase::expand, false, 35};
    case ChangeKind::swap_copy: return {Phase::contract, false, 1};
    case ChangeKind::drop_sync: return c.replaces ? Placement{Phase::expand, false, 34} : Placement{Phase::contract, false, 1};
    case ChangeKind::rename_index: return {Phase::contract, false, 4};
    // Before the other contract changes: a dropped table's foreign keys must not hold on to
    // the keys those changes alter.
    case ChangeKind::drop_table: return {Phase::contract, true, 15};
  }
  return {};
}
}  // namespace

std::size_t Plan::count(Phase phase) const {
  return static_cast<std::size_t>(
      std::count_if(steps.begin(), steps.end(), [&](const Step& s) { return s.phase == phase; }));
}

namespace {

// Tables in an order where every table comes after the tables it references (cycles are
// broken in name order; the dialect adds such foreign keys after the tables exist).
std::vector<std::string> dependency_order(const std::vector<const model::Table*>& tables) {
  std::map<std::string, std::set<std::string>> depends;
  for (const auto* t : tables) {
    auto& d = depends[t->qualified_name()];
    for (const auto& fk : t->foreign_keys)
      if (fk.ref_table != t->qualified_name()) d.insert(fk.ref_table);
  }
  std::vector<std::string> order;
  std::set<std::string> done;
  while (order.size() < depends.size()) {
    bool progressed = false;
    for (const auto& [name, deps] : depends) {
      if (done.count(name)) continue;
      bool ready = std::all_of(deps.begin(), deps.end(),
                               [&](const std::string& d) { return done.count(d) || !depends.count(d); });
      if (!ready) continue;
      order.push_back(name);
      done.insert(name);
      progressed = true;
    }
    if (!progressed) {
      for (const auto& [name, deps] : depends) {
        if (!done.count(name)) {
          order.push_back(name);
          done.insert(name);
          break;
        }
      }
    }
  }
  return order;
}

struct Placed {
  const Change* change;
  Placement placement;
  std::size_t position;  // secondary order: dependency order or diff order
};

bool references_new_key(const diff::ChangeSet& changes, const model::ForeignKey& fk) {
  return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
    return c.kind == ChangeKind::alter_primary_key && c.table == fk.ref_table &&
           std::holds_alternative<model::PrimaryKey>(c.desired) && c.desired_as<model::PrimaryKey>().columns == fk.ref_columns;
  });
}

bool in_live_key(const model::Schema& live, const Change& c) {
  const model::Table* t = live.find_table(c.table);
  if (!t || !t->primary_key) return false;
  const auto& key = t->primary_key->columns;
  return std::find(key.begin(), key.end(), c.live_as<model::Column>().name) != key.end();
}

Safety classify(const Draft& draft, const PlannerOptions& options) {
  if (draft.destructive) return Safety::destructive;
  switch (draft.cost) {
    case Cost::none:
    case Cost::online_build:
      return Safety::online;
    case Cost::metadata:
      return Safety::brief_lock;
    case Cost::blocking_scan:
    case Cost::rewrite:
      return draft.rows.value_or(0) > options.rewrite_threshold_rows ? Safety::rewrite : Safety::brief_lock;
  }
  return Safety::rewrite;
}

}  // namespace

Plan make_plan(const model::Schema& desired, const model::Schema& live, const diff::ChangeSet& changes,
               const dialect::Dialect& dialect, const dialect::TableStats& stats, const PlannerOptions& options) {
  Plan plan;
  plan.engine = std::string(dialect.engine());
  plan.from_fingerprint = model::fingerprint(live);
  plan.to_fingerprint = model::fingerprint(desired);

  // Creates follow the desired schema's dependency order; drops the live one's, reversed.
  std::map<std::string, std::size_t> create_rank, drop_rank;
  {
    std::vector<const model::Table*> ts;
    for (const auto& t : desired.tables) ts.push_back(&t);
    auto order = dependency_order(ts);
    for (std::size_t i = 0; i < order.size(); ++i) create_rank[order[i]] = i;
    ts.clear();
    for (const auto& t : live.tables) ts.push_back(&t);
    order = dependency_order(ts);
    for (std::size_t i = 0; i < order.size(); ++i) drop_rank[order[i]] = order.size() - i;
  }

  const ContractRenames renames = contract_renames(changes);
  // Tables whose sync or backfill waits for a rename: what the recipe does in contract
  // (cut-over, the sync's end, the old columns' drops) must come after that backfill.
  std::set<std::string> late_recipes;
  for (const Change& c : changes)
    if ((c.kind == ChangeKind::create_sync || c.kind == ChangeKind::backfill) && waits_for_rename(c, changes, renames))
      late_recipes.insert(c.table);
  std::vector<Placed> placed;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    Placement p = place(c);
    // The contract phase runs: renames (ranks 5, 6); then the expand changes that had to wait
    // for a rename, in their expand order (10 + rank), and their backfill (110); then the
    // recipes' contract ends of such tables (111 + rank); then its own changes (200 + rank).
    if (p.phase != Phase::contract && waits_for_rename(c, changes, renames)) {
      p.rank = p.phase == Phase::expand ? p.rank + 10 : 110;
      p.phase = Phase::contract;
    } else if (p.phase == Phase::contract && p.rank < 5 && late_recipes.count(c.table)) {
      p.rank += 111;
    } else if (p.phase == Phase::contract && p.rank > 6) {
      p.rank += 200;
    }
    // A key column can allow NULL only once it has left the primary key.
    if (c.kind == ChangeKind::alter_column && c.desired_as<model::Column>().nullable && in_live_key(live, c))
      p = {Phase::contract, p.destructive, 232};
    // A foreign key to columns that only become the key in the contract phase follows them.
    if (c.kind == ChangeKind::add_foreign_key && references_new_key(changes, c.desired_as<model::ForeignKey>()))
      p = {Phase::contract, false, 233};
    std::size_t position = i;
    if (c.kind == ChangeKind::create_table) position = create_rank[c.table];
    if (c.kind == ChangeKind::drop_table) position = drop_rank[c.table];
    placed.push_back({&c, p, position});
  }
  std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.placement.phase, a.placement.rank, a.position) <
           std::tie(b.placement.phase, b.placement.rank, b.position);
  });

  model::Schema state = live;
  int ordinal = 0;
  for (Phase phase : {Phase::expand, Phase::backfill, Phase::contract}) {
    std::vector<const Change*> phase_changes;
    for (const auto& p : placed)
      if (p.placement.phase == phase) phase_changes.push_back(p.change);
    if (phase_changes.empty()) continue;
    model::Schema after = state;
    for (const Change* c : phase_changes) diff::apply(after, *c);
    dialect::RenderRequest request{phase, state, after, phase_changes, stats};
    for (Draft& draft : dialect.render(request)) {
      Step step;
      step.ordinal = ++ordinal;
      step.phase = phase;
      step.safety = classify(draft, options);
      step.summary = std::move(draft.summary);
      step.table = std::move(draft.table);
      step.lock = std::move(draft.lock);
      step.reason = std::move(draft.reason);
      step.transactional = draft.transactional;
      step.actions = std::move(draft.actions);
      plan.steps.push_back(std::move(step));
    }
    state = std::move(after);
  }
  return plan;
}

}  // namespace bcdb::plan
