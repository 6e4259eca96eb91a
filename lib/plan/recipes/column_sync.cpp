#include "plan/recipes/column_sync.h"

#include <algorithm>
#include <memory>
#include <regex>

#include "model/columns_read.h"
#include "model/type.h"
#include "plan/recipes/key_family.h"
#include "plan/recipes/table_copy.h"
#include "support/error.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::plan::recipes {
namespace {

using diff::Change;
using diff::ChangeKind;
using model::Column;
using model::Table;

std::string reference(const std::string& column) { return column_reference(column); }

// A number or a quoted string: a default every engine adds without rewriting a row.
bool constant(const std::string& expr) {
  static const std::regex literal(R"(-?[0-9]+(\.[0-9]+)?|'([^']|'')*')");
  return std::regex_match(expr, literal);
}

bool reads(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

bool index_reads(const model::Index& i, const std::string& column) {
  return std::any_of(i.parts.begin(), i.parts.end(), [&](const model::IndexPart& p) { return p.column == column; }) ||
         reads(i.include, column);
}

template <typename Constraint>
bool constraint_reads(const Constraint& c, const std::string& column) {
  return reads(c.columns, column);
}
bool constraint_reads(const model::Check& c, const std::string& column) {
  return !model::columns_read(c.expr, {column}).empty();
}

bool same_definition(const model::Index& a, const model::Index& b) {
  return a.parts == b.parts && a.unique == b.unique && a.where == b.where && a.method == b.method && a.include == b.include;
}

// One column a recipe makes: renamed from `old_column`, computed by up, or (with `final`) the
// shadow of `old_column` whose type changes: it takes the column's name at the cut-over.
struct ColumnRecipe {
  const Column* wanted = nullptr;  // as the desired table has it (the shadow: as expand adds it)
  std::string old_column;          // empty: not a rename
  bool started = false;            // the new column exists already
  const Column* final = nullptr;   // a type change's column as the desired table has it
  bool key = false;                // the shadow becomes the table's primary key (key_family.h)
};

class TableRecipes {
 public:
  TableRecipes(const Table& desired, const Table& live, const RecipeState& state, const RecipeOptions& options)
      : d_(desired), l_(live), state_(state), options_(options), table_(desired.qualified_name()) {}

  std::vector<ColumnRecipe> recipes;

  // A type change of `final` through a shadow column of the new type.
  void add_shadow(const Column& final, bool key = false) {
    if (std::any_of(recipes.begin(), recipes.end(), [&](const ColumnRecipe& r) { return r.final == &final; })) return;
    Column shadow = final;
    shadow.name = shadow_name(final.name);
    shadow.identity = false;  // an identity key's generator moves to it at the cut-over
    shadow.up = final.using_expr ? *final.using_expr : model::Transform{reference(final.name), {}};
    shadow.using_expr.reset();
    // NOT NULL from the start where a constant default lets the engine add it without touching
    // a row (existing rows read the default until the backfill converts them): the cut-over
    // then needs no NOT NULL of its own, which MySQL could only add by rebuilding the table.
    if (final.nullable || !final.default_expr || !constant(*final.default_expr)) {
      shadow.nullable = true;
      shadow.default_expr.reset();
    }
    shadows_.push_back(std::make_shared<const Column>(std::move(shadow)));
    recipes.push_back({shadows_.back().get(), final.name, l_.find_column(shadows_.back()->name) != nullptr, &final, key});
  }
  // A key family's member: the family's key table cuts its shadows over with its own.
  void cut_over_with_key() { cut_over_elsewhere_ = true; }
  // The key table of a family: the members it cuts over, the foreign keys on its key.
  void cut_over_too(const TableRecipes& member) { members_.push_back(&member); }
  void foreign_key_on_key(const std::string& table, const model::ForeignKey& f) { foreign_keys_.emplace_back(table, f); }
  const std::string& table() const { return table_; }
  bool has_shadows() const {
    return std::any_of(recipes.begin(), recipes.end(), [](const ColumnRecipe& r) { return r.final; });
  }

  // The live table as the recipes leave it, so that compare finds only the other changes.
  void finish(Table& v) const {
    for (const auto& r : recipes) {
      const std::string& n = r.wanted->name;
      if (r.final) {
        // The cut-over leaves the column as desired, its copied indexes under their names.
        forget(v, n);
        std::erase_if(v.indexes, [&](const model::Index& i) { return index_reads(i, r.old_column); });
        for (const auto& i : d_.indexes)
          if (index_reads(i, r.old_column)) v.indexes.push_back(i);
        if (Column* c = v.find_column(r.old_column)) *c = *r.final;
        continue;
      }
      // Old columns a down fills that the desired table no longer has go with the recipe's
      // contract, not as a plain (destructive) drop: their values live on in the new ones.
      for (const auto& [target, t] : r.wanted->down) {
        const std::string old = target.empty() ? r.old_column : target;
        if (!old.empty() && old != r.old_column && !d_.find_column(old)) forget(v, old);
      }
      if (!r.old_column.empty()) {
        forget(v, r.old_column);
        // The copies of its indexes are the recipe's (copy_indexes); the new column's own
        // constraints, built by an earlier expand, are compared as they are.
        std::erase_if(v.indexes, [&](const model::Index& i) { return index_reads(i, n); });
        for (const auto& i : d_.indexes)
          if (index_reads(i, n)) v.indexes.push_back(i);
      }
      Column finished = *r.wanted;
      finished.renamed_from.reset();
      if (Column* existing = v.find_column(n)) {
        // A column an earlier expand added keeps the type it was given: if the engine gave it
        // another (SQLite's STRICT tables spell every text TEXT), compare must still see that.
        finished.type = existing->type;
        finished.native = existing->native;
        *existing = finished;
      } else {
        v.columns.push_back(finished);
      }
    }
  }

  // A column the recipe drops, with its indexes and constraints (drop_old).
  static void forget(Table& v, const std::string& old) {
    std::erase_if(v.columns, [&](const Column& c) { return c.name == old; });
    std::erase_if(v.indexes, [&](const model::Index& i) { return index_reads(i, old); });
    std::erase_if(v.uniques, [&](const model::Unique& u) { return constraint_reads(u, old); });
    std::erase_if(v.checks, [&](const model::Check& c) { return constraint_reads(c, old); });
    std::erase_if(v.foreign_keys, [&](const model::ForeignKey& f) { return constraint_reads(f, old); });
  }

  void emit(diff::ChangeSet& out) const {
    const model::Sync wanted = sync();
    for (const auto& r : recipes) expand(r, out);
    for (const auto& c : wanted.columns)
      for (const auto& [old, t] : c.down) relax_for_triggers(old, out);
    // A sync under another name is one of other rules (the manifests changed mid-way): replaced.
    for (const auto& [name, table] : state_.syncs)
      if (table == table_ && name != wanted.name) out.push_back(drop_stale_sync(table_, name));
    if (!state_.syncs.count(wanted.name)) {
      Change c = change(ChangeKind::create_sync, wanted.columns.front().column);
      c.desired = wanted;
      out.push_back(std::move(c));
    }
    emit_backfill(out);
    // contract: nothing copies any more; the old columns go, their values living on.
    if (has_shadows()) {
      if (!cut_over_elsewhere_) emit_cut_over(wanted, out);
      return;
    }
    Change drop = change(ChangeKind::drop_sync, wanted.name);
    drop.live = wanted;
    out.push_back(std::move(drop));
    for (const auto& c : wanted.columns)
      for (const auto& [old, t] : c.down) drop_old(old, c.column, out);
    for (const auto& r : recipes) finish_column(r, out);
  }

 private:
  Change change(ChangeKind kind, const std::string& object) const { return Change{kind, table_, object}; }

  std::vector<std::string> column_names() const {
    std::vector<std::string> names;
    for (const auto& c : l_.columns) names.push_back(c.name);
    for (const auto& c : d_.columns)
      if (!l_.find_column(c.name)) names.push_back(c.name);
    for (const auto& c : shadows_)
      if (!l_.find_column(c->name)) names.push_back(c->name);
    return names;
  }

  model::ColumnSync column_sync_of(const ColumnRecipe& r) const {
    const Column& n = *r.wanted;
    model::ColumnSync s;
    s.column = n.name;
    s.computed_only = r.final != nullptr;
    s.up = up_of(r);
    const auto names = column_names();
    s.up_sources = model::columns_read(s.up.expr, names);
    for (const auto& [engine, expr] : s.up.engines)
      for (const auto& c : model::columns_read(expr, names))
        if (!reads(s.up_sources, c)) s.up_sources.push_back(c);
    std::erase(s.up_sources, n.name);
    for (const auto& [old, t] : n.down) s.down[old.empty() ? r.old_column : old] = t;
    // Both versions write the column itself: a shadow is only ever computed from it.
    if (!r.old_column.empty() && !r.final && !s.down.count(r.old_column)) s.down[r.old_column] = {reference(n.name), {}};
    for (const auto& [old, t] : s.down)
      for (const auto& c : model::columns_read(t.on(options_.engine), names))
        if (!reads(s.down_sources, c) && c != old) s.down_sources.push_back(c);
    // The new columns the old ones come from must match their own up before old ones are
    // recomputed: a write that keeps them so (the backfill's) changes no old value.
    s.consistent[n.name] = s.up;
    for (const auto& other : recipes)
      if (other.wanted != r.wanted && reads(s.down_sources, other.wanted->name))
        s.consistent[other.wanted->name] = up_of(other);
    // A source already equal to its down over the new columns was written through them: it is
    // not recomputed from itself (a lossy round trip, full_name -> first/last, would rewrite them).
    for (const auto& source : s.up_sources)
      if (auto down = down_of(source)) s.agree[source] = *down;
    return s;
  }

 public:
  // One sync per table: its columns' rules in one trigger (or function) run in order, so that
  // no engine's trigger cascade applies one column's rule to a row another has half written.
  model::Sync sync() const {
    model::Sync s;
    s.row = column_names();
    s.key = walk_key(l_).value_or(std::vector<std::string>{});
    std::string rules = table_;
    for (const auto& r : recipes) {
      s.columns.push_back(column_sync_of(r));
      const auto& c = s.columns.back();
      rules += "|" + c.column + "=" + c.up.on(options_.engine);
      for (const auto& [old, t] : c.down) rules += "|" + old + "<-" + t.on(options_.engine);
    }
    s.name = std::string(model::kSyncPrefix) + sha256_hex(rules).substr(0, 16);
    return s;
  }

 private:
  static model::Transform up_of(const ColumnRecipe& r) {
    return r.wanted->up ? *r.wanted->up : model::Transform{reference(r.old_column), {}};
  }

  // The down of an old column in any recipe of the table.
  std::optional<model::Transform> down_of(const std::string& old) const {
    for (const auto& r : recipes) {
      for (const auto& [target, t] : r.wanted->down)
        if ((target.empty() ? r.old_column : target) == old) return t;
      if (r.old_column == old && !r.final) return model::Transform{reference(r.wanted->name), {}};
    }
    return std::nullopt;
  }

 public:
  // Every recipe column of the table at once: a sync trigger seeing one new column filled and
  // its sibling still NULL would compute the old column from half a row.
  model::Backfill backfill() const {
    auto key = walk_key(l_);
    if (!key)
      throw RefusedError("table " + table_ + ": column " + recipes.front().wanted->name +
                         ": the backfill walks the table in key order, and it has no primary key or unique key of "
                         "NOT NULL columns; add one first. Nothing was "
                         "changed.");
    model::Backfill b;
    b.name = table_;
    b.key = *key;
    b.row = column_names();
    for (const auto& r : recipes) {
      model::ColumnSync s = column_sync_of(r);
      b.set.emplace_back(r.wanted->name, s.up);
      if (s.down.empty()) b.equal[r.wanted->name] = s.up;
      for (const auto& [old, t] : s.down) b.agree[old] = t;
    }
    return b;
  }

  // Unless a backfill of this very computation has finished.
  void emit_backfill(diff::ChangeSet& out) const {
    model::Backfill b = backfill();
    auto done = state_.backfills_done.find(b.name);
    if (done != state_.backfills_done.end() && done->second == backfill_fingerprint(b, options_.engine)) return;
    Change c = change(ChangeKind::backfill, recipes.front().wanted->name);
    c.desired = std::move(b);
    out.push_back(std::move(c));
  }

 private:

  // expand: the column as the old version tolerates it (nullable, no default: an insert that
  // does not name it is filled by the sync triggers), and its indexes.
  static Column as_added(const Column& n) {
    Column added = n;
    added.nullable = true;
    added.default_expr.reset();
    added.renamed_from.reset();
    added.up.reset();
    added.down.clear();
    added.using_expr.reset();
    return added;
  }

  static Column shadow_as_added(const Column& shadow) {
    Column added = shadow;
    added.up.reset();
    return added;
  }

  void expand(const ColumnRecipe& r, diff::ChangeSet& out) const {
    if (!r.started) {
      Change c = change(ChangeKind::add_column, r.wanted->name);
      c.desired = r.final ? shadow_as_added(*r.wanted) : as_added(*r.wanted);
      out.push_back(std::move(c));
    }
    if (r.final) copy_indexes_to_shadow(r, out);
    if (r.key) build_key_index(r, out);
    else if (!r.old_column.empty()) copy_indexes(r, out);
  }

  std::vector<model::ShadowSwap> swaps() const {
    std::vector<model::ShadowSwap> out;
    for (const auto& r : recipes) {
      const Column* built = l_.find_column(r.wanted->name);
      model::ShadowSwap swap{r.old_column, r.wanted->name, *r.final, built ? built->nullable : r.wanted->nullable, {}, {}, {}, {}};
      swap.final.using_expr.reset();
      for (const auto& i : d_.indexes)
        if (index_reads(i, r.old_column)) swap.indexes.emplace_back(building_name(i.name), i.name);
      for (const auto& i : l_.indexes)
        if (index_reads(i, r.old_column)) swap.dropped_indexes.push_back(i.name);
      if (r.key) {
        swap.key_name = l_.primary_key->name;
        swap.key_index = key_index_name();
      }
      out.push_back(std::move(swap));
    }
    return out;
  }

  // The shadows take their columns' places, and the sync goes, in one step; a key family's
  // key table takes its members' shadows and the foreign keys on its key into the same step.
  void emit_cut_over(const model::Sync& sync, diff::ChangeSet& out) const {
    model::CutOver cut;
    cut.sync = sync;
    cut.swaps = swaps();
    for (const TableRecipes* member : members_) cut.referencing.push_back({member->table_, member->sync(), member->swaps()});
    cut.foreign_keys = foreign_keys_;
    Change c = change(ChangeKind::cut_over, recipes.front().old_column);
    c.live = std::move(cut);
    out.push_back(std::move(c));
  }

  std::string key_index_name() const { return building_name(l_.primary_key->name); }

  // The key's unique index on its shadow, built online: the cut-over makes it the key's.
  void build_key_index(const ColumnRecipe& r, diff::ChangeSet& out) const {
    model::Index index;
    index.name = key_index_name();
    index.unique = true;
    index.parts.push_back({r.wanted->name, "", false});
    const model::Index* built = l_.find_index(index.name);
    if (built && same_definition(*built, index) && built->valid) return;
    Change c = change(ChangeKind::add_index, index.name);
    c.desired = index;
    if (built) c.live = *built;
    out.push_back(std::move(c));
  }

  // The copies of the column's indexes on its shadow, built online under building names.
  void copy_indexes_to_shadow(const ColumnRecipe& r, diff::ChangeSet& out) const {
    for (const auto& wanted : d_.indexes) {
      if (!index_reads(wanted, r.old_column)) continue;
      model::Index copy = wanted;
      copy.name = building_name(wanted.name);
      for (auto& p : copy.parts)
        if (p.column == r.old_column) p.column = r.wanted->name;
      for (auto& c : copy.include)
        if (c == r.old_column) c = r.wanted->name;
      const model::Index* built = l_.find_index(copy.name);
      if (built && same_definition(*built, copy) && built->valid) continue;
      Change c = change(ChangeKind::add_index, copy.name);
      c.desired = copy;
      if (built) c.live = *built;
      c.after_backfill = true;
      out.push_back(std::move(c));
    }
  }

  void relax_for_triggers(const std::string& old, diff::ChangeSet& out) const {
    const Column* c = l_.find_column(old);
    if (!options_.not_null_before_triggers || !c || c->nullable || c->default_expr) return;
    Column relaxed = *c;
    relaxed.nullable = true;
    Change ch = change(ChangeKind::alter_column, old);
    ch.attributes.push_back({"nullable", "nullable", "not null"});
    ch.desired = relaxed;
    ch.live = *c;
    out.push_back(std::move(ch));
  }

  void copy_indexes(const ColumnRecipe& r, diff::ChangeSet& out) const {
    for (const auto& wanted : d_.indexes) {
      if (!index_reads(wanted, r.wanted->name)) continue;
      // An index of two renamed columns is copied once, by the first of them.
      bool copied = std::any_of(out.begin(), out.end(), [&](const Change& c) {
        return c.table == table_ && (c.kind == ChangeKind::rename_index || c.kind == ChangeKind::add_index) &&
               (c.object == wanted.name || c.object == building_name(wanted.name));
      });
      if (copied) continue;
      const model::Index* same = l_.find_index(wanted.name);
      if (same && same_definition(*same, wanted)) continue;  // a contract that stopped after the rename
      if (!same) {
        Change c = change(ChangeKind::add_index, wanted.name);
        c.desired = wanted;
        out.push_back(std::move(c));
        continue;
      }
      // The old column's index holds the name: build under another, rename once it is gone.
      model::Index building = wanted;
      building.name = building_name(wanted.name);
      const model::Index* built = l_.find_index(building.name);
      if (!built || !same_definition(*built, wanted) || !built->valid) {
        Change c = change(ChangeKind::add_index, building.name);
        c.desired = building;
        if (built) c.live = *built;
        out.push_back(std::move(c));
      }
      Change rename = change(ChangeKind::rename_index, wanted.name);
      rename.desired = wanted;
      rename.live = building;
      out.push_back(std::move(rename));
    }
  }

  // The old column, and what reads it, once its values live on in `into`.
  void drop_old(const std::string& old, const std::string& into, diff::ChangeSet& out) const {
    const Column* c = l_.find_column(old);
    if (!c || d_.find_column(old)) return;
    bool dropped = std::any_of(out.begin(), out.end(), [&](const Change& ch) {
      return ch.kind == ChangeKind::drop_column && ch.table == table_ && ch.object == old;
    });
    if (dropped) return;
    // An index or constraint of two old columns goes once, with the first of them.
    auto once = [&](ChangeKind kind, const std::string& name) {
      return std::none_of(out.begin(), out.end(), [&](const Change& ch) {
        return ch.kind == kind && ch.table == table_ && ch.object == name && !ch.carried_into.empty();
      });
    };
    for (const auto& i : l_.indexes)
      if (index_reads(i, old) && once(ChangeKind::drop_index, i.name))
        out.push_back(carried(ChangeKind::drop_index, i.name, i, into));
    for (const auto& u : l_.uniques)
      if (constraint_reads(u, old) && once(ChangeKind::drop_unique, u.name))
        out.push_back(carried(ChangeKind::drop_unique, u.name, u, into));
    for (const auto& k : l_.checks)
      if (constraint_reads(k, old) && once(ChangeKind::drop_check, k.name))
        out.push_back(carried(ChangeKind::drop_check, k.name, k, into));
    for (const auto& f : l_.foreign_keys)
      if (constraint_reads(f, old) && once(ChangeKind::drop_foreign_key, f.name))
        out.push_back(carried(ChangeKind::drop_foreign_key, f.name, f, into));
    out.push_back(carried(ChangeKind::drop_column, old, *c, into));
  }

  template <typename Object>
  Change carried(ChangeKind kind, const std::string& name, const Object& live, const std::string& into) const {
    Change c = change(kind, name);
    c.live = live;
    c.carried_into = into;
    return c;
  }

  // Default and NOT NULL wait for contract: while the old version inserts rows without the
  // column, the triggers must see it NULL to fill it.
  void finish_column(const ColumnRecipe& r, diff::ChangeSet& out) const {
    const Column& n = *r.wanted;
    const Column now = r.started ? *l_.find_column(n.name) : as_added(n);
    Change c = change(ChangeKind::alter_column, n.name);
    if (now.nullable != n.nullable)
      c.attributes.push_back({"nullable", n.nullable ? "nullable" : "not null", now.nullable ? "nullable" : "not null"});
    if (now.default_expr != n.default_expr)
      c.attributes.push_back({"default", n.default_expr.value_or("none"), now.default_expr.value_or("none")});
    if (c.attributes.empty()) return;
    Column wanted = n;
    wanted.renamed_from.reset();
    c.desired = wanted;
    c.live = now;
    c.defer_to_contract = true;
    out.push_back(std::move(c));
  }

  const Table& d_;
  const Table& l_;
  const RecipeState& state_;
  const RecipeOptions& options_;
  const std::string table_;
  std::vector<std::shared_ptr<const Column>> shadows_;  // the recipes point at them: shared, they stay put
  bool cut_over_elsewhere_ = false;
  std::vector<const TableRecipes*> members_;  // into expand_recipes' work, complete before they are taken
  std::vector<std::pair<std::string, model::ForeignKey>> foreign_keys_;
};

bool name_held(const Change& c, const Table& live) {
  auto held = [](const auto& constraints, const std::string& name) {
    return !name.empty() && std::any_of(constraints.begin(), constraints.end(), [&](const auto& k) { return k.name == name; });
  };
  switch (c.kind) {
    case ChangeKind::add_unique: return held(live.uniques, c.desired_as<model::Unique>().name) ||
                                        held(live.indexes, c.desired_as<model::Unique>().name);
    case ChangeKind::add_check: return held(live.checks, c.desired_as<model::Check>().name);
    case ChangeKind::add_foreign_key: return held(live.foreign_keys, c.desired_as<model::ForeignKey>().name);
    default: return false;
  }
}

bool is_recipe_element(const Change& c, const std::vector<TableRecipes>& work, const std::vector<std::string>& tables) {
  if (c.kind != ChangeKind::rename_column) return false;
  auto it = std::find(tables.begin(), tables.end(), c.table);
  if (it == tables.end()) return false;
  const auto& recipes = work[static_cast<std::size_t>(it - tables.begin())].recipes;
  return std::any_of(recipes.begin(), recipes.end(), [&](const ColumnRecipe& r) { return r.wanted->name == c.object; });
}

// Whether `n`'s type change goes through a shadow column: it rewrites the table, the table is
// large, blocking was not allowed, and nothing but indexes reads the column (a key, a column
// other tables reference, or one under a constraint keeps the plain ALTER).
bool shadow_type_change(const diff::ChangeSet& changes, const Table& d, const Table& l, const Column& n,
                        const model::Schema& live, const RecipeOptions& options) {
  if (n.generated || n.identity || n.renamed_from || n.up || !options.type_change_rewrites) return false;
  const Column* have = l.find_column(n.name);
  if (!have) return false;
  // A shadow under way is finished, --allow-blocking or not: giving it up would rewrite the
  // table after all, and drop what the backfill built.
  const bool under_way = l.find_column(shadow_name(n.name)) != nullptr;
  if (options.allow_blocking && !under_way) return false;
  bool type_changes = std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
    return c.kind == ChangeKind::alter_column && c.table == d.qualified_name() && c.object == n.name &&
           diff::has_attribute(c, "type");
  });
  if (!type_changes || !options.type_change_rewrites(*have, n)) return false;
  require_using(d, *have, n);
  auto rows = options.rows.find(d.qualified_name());
  bool large = rows != options.rows.end() && rows->second > options.rewrite_threshold_rows;
  if (!large && !under_way) return false;
  if (!online_rename(l, n.name, live)) return false;
  // The constraints the plan leaves, not the live ones: a live constraint the manifests lack is
  // dropped in expand, and the next plan, made without it, must take the same road.
  auto constrained = [&](const auto& constraints) {
    return std::any_of(constraints.begin(), constraints.end(), [&](const auto& k) { return constraint_reads(k, n.name); });
  };
  // MySQL reads a unique index back as a unique constraint: one the manifests keep counts.
  bool kept_unique = std::any_of(l.uniques.begin(), l.uniques.end(), [&](const auto& u) {
    return constraint_reads(u, n.name) && d.find_index(u.name);
  });
  return !kept_unique && !constrained(d.uniques) && !constrained(d.checks) && !constrained(d.foreign_keys);
}

}  // namespace

diff::Change drop_stale_sync(const std::string& table, const std::string& name) {
  Change c{ChangeKind::drop_sync, table, name};
  model::Sync stale;
  stale.name = name;
  c.live = stale;
  c.replaces = true;
  return c;
}

std::string column_reference(const std::string& column) { return "\"" + str::replace_all(column, "\"", "\"\"") + "\""; }

std::optional<std::vector<std::string>> walk_key(const Table& t) {
  if (t.primary_key && !t.primary_key->columns.empty()) return t.primary_key->columns;
  auto not_null = [&](const std::vector<std::string>& columns) {
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& c) {
      const Column* col = t.find_column(c);
      return col && !col->nullable;
    });
  };
  for (const auto& u : t.uniques)
    if (not_null(u.columns)) return u.columns;
  for (const auto& i : t.indexes) {
    if (!i.unique || !i.where.empty() || !i.valid) continue;
    std::vector<std::string> columns;
    for (const auto& p : i.parts)
      if (!p.column.empty()) columns.push_back(p.column);
    if (columns.size() == i.parts.size() && not_null(columns)) return columns;
  }
  return std::nullopt;
}

void require_using(const Table& d, const Column& have, const Column& n) {
  if (!n.using_expr && model::classify_type_change(have.type, n.type) == model::TypeChange::conversion)
    throw RefusedError("table " + d.qualified_name() + ": column " + n.name + ": converting " + model::to_string(have.type) +
                       " to " + model::to_string(n.type) +
                       " may fail for some rows, and every row is converted before the cut-over: say how with "
                       "using (an SQL expression over the row, e.g. using = \"CAST(" + n.name +
                       " AS ...)\"), or pass --allow-blocking for one ALTER that rewrites the table. Nothing was changed.");
}

std::string backfill_fingerprint(const model::Backfill& b, const std::string& engine) {
  std::string text = b.name + "|" + str::join(b.key, ",");
  for (const auto& [column, t] : b.set) text += "|" + column + "=" + t.on(engine);
  for (const auto& [column, t] : b.agree) text += "|" + column + "~" + t.on(engine);
  for (const auto& [column, t] : b.equal) text += "|" + column + "==" + t.on(engine);
  if (!b.into.empty()) text += "|into=" + b.into;
  return sha256_hex(text);
}

std::string building_name(const std::string& index) {
  // Room for the suffix within PostgreSQL's 63 bytes, kept unique by a hash of the name.
  std::string base = index.size() > 40 ? index.substr(0, 32) + "_" + sha256_hex(index).substr(0, 7) : index;
  return base + "_bcdb_new";
}

// A rename the recipe can make online: not a key column, nor one other tables reference (those
// keep the plain rename, in contract).
bool online_rename(const Table& live, const std::string& column, const model::Schema& schema) {
  if (live.primary_key && reads(live.primary_key->columns, column)) return false;
  for (const auto& t : schema.tables)
    for (const auto& f : t.foreign_keys)
      if (f.ref_table == live.qualified_name() && reads(f.ref_columns, column)) return false;
  return true;
}

diff::ChangeSet expand_recipes(const diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live,
                               const RecipeState& state, const RecipeOptions& options,
                               const diff::CompareContext& compare) {
  std::vector<TableRecipes> work;
  std::vector<std::string> tables;
  std::vector<std::pair<const Table*, const Table*>> copies;  // desired, live (table_copy.h)
  const std::vector<KeyFamily> families = key_families(changes, desired, live, options);
  for (const auto& d : desired.tables) {
    const Table* l = live.find_table(d.qualified_name());
    if (!l) continue;
    TableRecipes recipes(d, *l, state, options);
    for (const auto& n : d.columns) {
      if (n.generated || n.identity) continue;
      bool has_new = l->find_column(n.name) != nullptr;
      if (n.renamed_from && l->find_column(*n.renamed_from) && !d.find_column(*n.renamed_from)) {
        if (online_rename(*l, *n.renamed_from, live)) recipes.recipes.push_back({&n, *n.renamed_from, has_new});
        continue;
      }
      if (!n.up || n.renamed_from) continue;
      bool synced = std::any_of(state.syncs.begin(), state.syncs.end(),
                                [&](const auto& s) { return s.second == d.qualified_name(); });
      bool unfinished = !has_new || synced || !state.backfilled.count(d.qualified_name() + "." + n.name);
      if (unfinished) recipes.recipes.push_back({&n, "", has_new});
    }
    const bool in_family = std::any_of(families.begin(), families.end(), [&](const KeyFamily& f) {
      return f.table == d.qualified_name() ||
             std::any_of(f.references.begin(), f.references.end(), [&](const auto& r) { return r.table == d.qualified_name(); });
    });
    if (recipes.recipes.empty() && !in_family && copies_table(changes, d, *l, desired, live, state, options)) {
      copies.emplace_back(&d, l);
      continue;
    }
    // A table's type changes go through shadows only where no other recipe shares its sync
    // (their contracts would drop what the cut-over still needs).
    if (recipes.recipes.empty())
      for (const auto& n : d.columns)
        if (shadow_type_change(changes, d, *l, n, live, options)) recipes.add_shadow(n);
    for (const auto& f : families) {
      if (f.table == d.qualified_name()) recipes.add_shadow(*d.find_column(f.column), true);
      for (const auto& r : f.references)
        if (r.shadowed && r.table == d.qualified_name()) recipes.add_shadow(*d.find_column(r.foreign_key.columns.front()));
    }
    if (recipes.recipes.empty()) continue;
    tables.push_back(d.qualified_name());
    work.push_back(std::move(recipes));
  }
  auto recipes_of = [&](const std::string& table) -> TableRecipes& {
    return work[static_cast<std::size_t>(std::find(tables.begin(), tables.end(), table) - tables.begin())];
  };
  for (const auto& f : families) {
    TableRecipes& key_table = recipes_of(f.table);
    for (const auto& r : f.references) {
      key_table.foreign_key_on_key(r.table, r.foreign_key);
      if (!r.shadowed || r.table == f.table) continue;
      recipes_of(r.table).cut_over_with_key();
      key_table.cut_over_too(recipes_of(r.table));
    }
  }
  // A sync on a table that has no recipe any more (the manifests gave up the rename mid-way)
  // would break every write once the columns it names go: it goes first, in expand.
  diff::ChangeSet abandoned;
  auto copied = [&](const std::string& table) {
    return std::any_of(copies.begin(), copies.end(), [&](const auto& c) { return c.first->qualified_name() == table; });
  };
  for (const auto& [name, table] : state.syncs)
    if (std::find(tables.begin(), tables.end(), table) == tables.end() && !copied(table))
      abandoned.push_back(drop_stale_sync(table, name));
  if (work.empty() && copies.empty()) {
    diff::ChangeSet out = changes;
    for (auto& c : abandoned) out.push_back(std::move(c));
    return out;
  }

  model::Schema finished = live;
  for (std::size_t i = 0; i < work.size(); ++i) work[i].finish(*finished.find_table(tables[i]));
  // A copy leaves the table exactly as desired.
  for (const auto& [d, l] : copies) {
    Table& t = *finished.find_table(d->qualified_name());
    t = *d;
    t.renamed_from.reset();
    for (auto& c : t.columns) c.renamed_from.reset();
  }
  diff::ChangeSet out;
  for (auto& c : diff::compare(desired, finished, compare))
    if (!is_recipe_element(c, work, tables)) out.push_back(std::move(c));
  // Constraints on a new column that only a table rebuild can add wait for contract's rebuild;
  // so does one whose name the old column's constraint still holds (until contract drops it,
  // that one enforces the same rule, the triggers keeping both columns equal).
  // A constraint replaced by another definition is no such holder: its drop makes room in
  // expand, and the new one follows it there.
  auto replaced = [&](const Change& add) {
    return std::any_of(out.begin(), out.end(), [&](const Change& d) {
      const bool constraint_drop = d.kind == ChangeKind::drop_unique || d.kind == ChangeKind::drop_index ||
                                   d.kind == ChangeKind::drop_check || d.kind == ChangeKind::drop_foreign_key;
      return constraint_drop && d.replaces && d.carried_into.empty() && d.table == add.table && d.object == add.object;
    });
  };
  for (auto& c : out) {
    if (c.kind != ChangeKind::add_unique && c.kind != ChangeKind::add_check && c.kind != ChangeKind::add_foreign_key) continue;
    if (std::find(tables.begin(), tables.end(), c.table) == tables.end()) continue;
    if (options.constraints_need_rebuild || (name_held(c, *live.find_table(c.table)) && !replaced(c)))
      c.defer_to_contract = true;
  }
  for (const auto& w : work) w.emit(out);
  for (const auto& [d, l] : copies) emit_table_copy(*d, *l, state, options, out);
  for (auto& c : abandoned) out.push_back(std::move(c));
  return out;
}

}  // namespace bcdb::plan::recipes
