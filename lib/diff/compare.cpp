#include "diff/compare.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "support/strings.h"

namespace bcdb::diff {
namespace {

using model::Column;
using model::Table;

// Old column name -> new, for the renames a table goes through.
using RenameMap = std::map<std::string, std::string>;

std::string renamed(const RenameMap& renames, const std::string& name) {
  auto it = renames.find(name);
  return it == renames.end() ? name : it->second;
}

std::vector<std::string> renamed(const RenameMap& renames, std::vector<std::string> names) {
  for (auto& n : names) n = renamed(renames, n);
  return names;
}

std::string type_display(const Column& c, const CompareContext& ctx) {
  auto it = c.native.find(ctx.engine);
  if (it != c.native.end()) return str::lower(it->second);
  return model::to_string(c.type);
}

std::string optional_display(const std::optional<std::string>& v) { return v ? *v : "none"; }

std::string generated_display(const std::optional<model::Generated>& g) {
  if (!g) return "none";
  return g->expr + (g->stored ? " stored" : " virtual");
}

std::vector<AttributeDiff> column_differences(const Table& dt, const Column& d, const Column& l,
                                              const CompareContext& ctx) {
  std::vector<AttributeDiff> out;
  // Both spelled in the desired table: a type the engine spells differently only because a
  // table option changes (SQLite's STRICT) is that option's difference, not the column's.
  if (effective_type(dt, d, ctx) != effective_type(dt, l, ctx))
    out.push_back({"type", type_display(d, ctx), type_display(l, ctx)});
  if (d.nullable != l.nullable)
    out.push_back({"nullable", d.nullable ? "nullable" : "not null", l.nullable ? "nullable" : "not null"});
  if (d.default_expr != l.default_expr)
    out.push_back({"default", optional_display(d.default_expr), optional_display(l.default_expr)});
  if (d.identity != l.identity)
    out.push_back({"identity", d.identity ? "identity" : "none", l.identity ? "identity" : "none"});
  if (d.generated != l.generated)
    out.push_back({"generated", generated_display(d.generated), generated_display(l.generated)});
  if (d.collation != l.collation)
    out.push_back({"collation", optional_display(d.collation), optional_display(l.collation)});
  if (d.comment != l.comment) out.push_back({"comment", d.comment, l.comment});
  return out;
}

std::string index_display(const model::Index& i) {
  std::vector<std::string> parts;
  for (const auto& p : i.parts) parts.push_back((p.column.empty() ? p.expr : p.column) + (p.desc ? " desc" : ""));
  std::string out = std::string(i.valid ? "" : "INVALID ") + (i.unique ? "unique " : "") + "(" + str::join(parts, ", ") + ")";
  if (!i.method.empty()) out += " using " + i.method;
  if (!i.include.empty()) out += " include (" + str::join(i.include, ", ") + ")";
  if (!i.where.empty()) out += " where " + i.where;
  return out;
}

bool same_index(const model::Index& d, model::Index l, const RenameMap& renames) {
  for (auto& p : l.parts) p.column = renamed(renames, p.column);
  l.include = renamed(renames, l.include);
  return d.parts == l.parts && d.unique == l.unique && d.where == l.where && d.method == l.method &&
         d.include == l.include && d.valid == l.valid;
}

// Pairs desired with live items: first by name where both are named, then by signature
// (what the constraint does) among the rest, since engines may leave constraints unnamed.
template <typename T, typename Signature>
void match_items(const std::vector<T>& desired, const std::vector<T>& live, Signature signature,
                 std::vector<std::pair<const T*, const T*>>& pairs, std::vector<const T*>& only_desired,
                 std::vector<const T*>& only_live) {
  std::vector<bool> live_used(live.size(), false);
  std::vector<const T*> pending;
  for (const auto& d : desired) {
    bool found = false;
    if (!d.name.empty()) {
      for (std::size_t i = 0; i < live.size(); ++i) {
        if (!live_used[i] && live[i].name == d.name) {
          pairs.emplace_back(&d, &live[i]);
          live_used[i] = true;
          found = true;
          break;
        }
      }
    }
    if (!found) pending.push_back(&d);
  }
  for (const T* d : pending) {
    bool found = false;
    for (std::size_t i = 0; i < live.size(); ++i) {
      if (live_used[i] || signature(*d, false) != signature(live[i], true)) continue;
      // Two different names for the same constraint is a difference; a missing name is not.
      if (!d->name.empty() && !live[i].name.empty() && d->name != live[i].name) continue;
      pairs.emplace_back(d, &live[i]);
      live_used[i] = true;
      found = true;
      break;
    }
    if (!found) only_desired.push_back(d);
  }
  for (std::size_t i = 0; i < live.size(); ++i)
    if (!live_used[i]) only_live.push_back(&live[i]);
}

bool validated(const model::Unique&) { return true; }
bool validated(const model::ForeignKey& f) { return f.validated; }
bool validated(const model::Check& c) { return c.validated; }

class TableComparer {
 public:
  TableComparer(const Table& d, const Table& l, const CompareContext& ctx, const std::map<std::string, std::string>& table_renames,
                ChangeSet& out)
      : d_(d), l_(l), ctx_(ctx), table_renames_(table_renames), out_(out) {}

  void run() {
    columns();
    primary_key();
    indexes();
    uniques();
    foreign_keys();
    checks();
    options();
    if (d_.comment != l_.comment) {
      Change c{ChangeKind::alter_table_comment, d_.qualified_name()};
      c.attributes.push_back({"comment", d_.comment, l_.comment});
      c.desired = d_;
      out_.push_back(std::move(c));
    }
  }

 private:
  Change change(ChangeKind kind, std::string object) const { return Change{kind, d_.qualified_name(), std::move(object)}; }

  void columns() {
    std::set<std::string> matched;
    for (const auto& dc : d_.columns) {
      const Column* lc = l_.find_column(dc.name);
      if (!lc && dc.renamed_from && !d_.find_column(*dc.renamed_from)) {
        lc = l_.find_column(*dc.renamed_from);
        if (lc) {
          renames_[lc->name] = dc.name;
          Change c = change(ChangeKind::rename_column, dc.name);
          c.attributes.push_back({"name", dc.name, lc->name});
          c.desired = dc;
          c.live = *lc;
          out_.push_back(std::move(c));
        }
      }
      if (!lc) {
        Change c = change(ChangeKind::add_column, dc.name);
        c.desired = dc;
        out_.push_back(std::move(c));
        continue;
      }
      matched.insert(lc->name);
      auto diffs = column_differences(d_, dc, *lc, ctx_);
      if (!diffs.empty()) {
        Change c = change(ChangeKind::alter_column, dc.name);
        c.attributes = std::move(diffs);
        c.desired = dc;
        Column live_renamed = *lc;
        live_renamed.name = dc.name;
        c.live = live_renamed;
        out_.push_back(std::move(c));
      }
    }
    for (const auto& lc : l_.columns) {
      if (matched.count(lc.name)) continue;
      Change c = change(ChangeKind::drop_column, lc.name);
      c.live = lc;
      out_.push_back(std::move(c));
    }
  }

  void primary_key() {
    std::optional<model::PrimaryKey> live_pk = l_.primary_key;
    if (live_pk) live_pk->columns = renamed(renames_, live_pk->columns);
    const auto& desired_pk = d_.primary_key;
    bool differ = desired_pk.has_value() != live_pk.has_value();
    if (!differ && desired_pk) {
      differ = desired_pk->columns != live_pk->columns ||
               (!desired_pk->name.empty() && !live_pk->name.empty() && desired_pk->name != live_pk->name);
    }
    if (!differ) return;
    Change c = change(ChangeKind::alter_primary_key, "primary key");
    auto show = [](const std::optional<model::PrimaryKey>& pk) {
      return pk ? "(" + str::join(pk->columns, ", ") + ")" : std::string("none");
    };
    c.attributes.push_back({"columns", show(desired_pk), show(l_.primary_key)});
    if (desired_pk) c.desired = *desired_pk;
    if (l_.primary_key) c.live = *l_.primary_key;
    out_.push_back(std::move(c));
  }

  void indexes() {
    for (const auto& di : d_.indexes) {
      const model::Index* li = l_.find_index(di.name);
      if (li && same_index(di, *li, renames_)) continue;
      if (li) {
        Change drop = change(ChangeKind::drop_index, li->name);
        drop.live = *li;
        drop.replaces = true;
        out_.push_back(std::move(drop));
      }
      Change add = change(ChangeKind::add_index, di.name);
      add.desired = di;
      if (li) {
        add.live = *li;
        add.attributes.push_back({"definition", index_display(di), index_display(*li)});
      }
      out_.push_back(std::move(add));
    }
    for (const auto& li : l_.indexes) {
      if (d_.find_index(li.name)) continue;
      Change c = change(ChangeKind::drop_index, li.name);
      c.live = li;
      out_.push_back(std::move(c));
    }
  }

  void uniques() {
    auto signature = [this](const model::Unique& u, bool live) {
      return "(" + str::join(live ? renamed(renames_, u.columns) : u.columns, ", ") + ")";
    };
    diff_constraints(d_.uniques, l_.uniques, signature, ChangeKind::add_unique, ChangeKind::drop_unique);
  }

  void foreign_keys() {
    auto signature = [this](const model::ForeignKey& f, bool live) {
      std::string ref = f.ref_table;
      if (live) {
        auto it = table_renames_.find(ref);
        if (it != table_renames_.end()) ref = it->second;
      }
      return "(" + str::join(live ? renamed(renames_, f.columns) : f.columns, ", ") + ") references " + ref + " (" +
             str::join(f.ref_columns, ", ") + ") on delete " + model::to_string(f.on_delete) + " on update " +
             model::to_string(f.on_update) +
             (f.deferrable ? (f.initially_deferred ? " deferrable initially deferred" : " deferrable") : "");
    };
    diff_constraints(d_.foreign_keys, l_.foreign_keys, signature, ChangeKind::add_foreign_key,
                     ChangeKind::drop_foreign_key);
  }

  void checks() {
    auto signature = [](const model::Check& c, bool) { return c.expr; };
    diff_constraints(d_.checks, l_.checks, signature, ChangeKind::add_check, ChangeKind::drop_check);
  }

  template <typename T, typename Signature>
  void diff_constraints(const std::vector<T>& desired, const std::vector<T>& live, Signature signature,
                        ChangeKind add_kind, ChangeKind drop_kind) {
    std::vector<std::pair<const T*, const T*>> pairs;
    std::vector<const T*> only_desired, only_live;
    match_items(desired, live, signature, pairs, only_desired, only_live);
    for (const auto& [d, l] : pairs) {
      if (signature(*d, false) == signature(*l, true)) {
        // Same constraint, left NOT VALID by a run that stopped before validating it: what
        // remains is the validation, not a new constraint.
        if (validated(*d) && !validated(*l)) {
          Change add = change(add_kind, d->name.empty() ? constraint_label(*d) : d->name);
          add.desired = *d;
          add.live = *l;
          add.attributes.push_back({"validated", "yes", "no"});
          out_.push_back(std::move(add));
        }
        continue;
      }
      Change drop = change(drop_kind, l->name.empty() ? constraint_label(*l) : l->name);
      drop.live = *l;
      drop.replaces = true;
      out_.push_back(std::move(drop));
      Change add = change(add_kind, d->name.empty() ? constraint_label(*d) : d->name);
      add.desired = *d;
      add.live = *l;
      add.attributes.push_back({"definition", signature(*d, false), signature(*l, true)});
      out_.push_back(std::move(add));
    }
    for (const T* l : only_live) {
      Change drop = change(drop_kind, l->name.empty() ? constraint_label(*l) : l->name);
      drop.live = *l;
      out_.push_back(std::move(drop));
    }
    for (const T* d : only_desired) {
      Change add = change(add_kind, d->name.empty() ? constraint_label(*d) : d->name);
      add.desired = *d;
      out_.push_back(std::move(add));
    }
  }

  void options() {
    std::set<std::string> keys;
    for (const auto& [k, v] : d_.options) keys.insert(k);
    for (const auto& [k, v] : l_.options) keys.insert(k);
    Change c = change(ChangeKind::alter_table_options, "options");
    for (const auto& k : keys) {
      auto di = d_.options.find(k);
      auto li = l_.options.find(k);
      std::string dv = di == d_.options.end() ? "unset" : di->second;
      std::string lv = li == l_.options.end() ? "unset" : li->second;
      if (dv != lv) c.attributes.push_back({k, dv, lv});
    }
    if (c.attributes.empty()) return;
    c.desired = d_;
    out_.push_back(std::move(c));
  }

  const Table& d_;
  const Table& l_;
  const CompareContext& ctx_;
  const std::map<std::string, std::string>& table_renames_;
  ChangeSet& out_;
  RenameMap renames_;
};

bool is_drop(ChangeKind k) {
  return k == ChangeKind::drop_index || k == ChangeKind::drop_unique || k == ChangeKind::drop_foreign_key ||
         k == ChangeKind::drop_check;
}
bool is_add(ChangeKind k) {
  return k == ChangeKind::add_index || k == ChangeKind::add_unique || k == ChangeKind::add_foreign_key ||
         k == ChangeKind::add_check;
}

// An index or constraint dropped while another object of the same table takes its name (an
// index a stopped run left where a unique constraint was being built) makes room for it, so
// it goes first, in the same phase.
void mark_replacing_drops(ChangeSet& changes) {
  std::set<std::pair<std::string, std::string>> added;
  for (const auto& c : changes)
    if (is_add(c.kind)) added.emplace(c.table, c.object);
  for (auto& c : changes)
    if (is_drop(c.kind) && added.count({c.table, c.object})) c.replaces = true;
}

}  // namespace

std::string effective_type(const Table& table, const Column& column, const CompareContext& context) {
  if (context.column_type) return str::lower(context.column_type(table, column));
  return model::to_string(column.type);
}

ChangeSet compare(const model::Schema& desired, const model::Schema& live, const CompareContext& context) {
  ChangeSet out;
  std::set<std::string> matched_live;
  std::map<std::string, std::string> table_renames;  // old qualified name -> new
  std::vector<std::pair<const Table*, const Table*>> pairs;
  model::TableIndex desired_tables(desired), live_tables(live);

  for (const auto& d : desired.tables) {
    const Table* l = live_tables.find(d.qualified_name());
    if (!l && d.renamed_from) {
      std::string old_name = model::qualify(d.schema, *d.renamed_from);
      if (!desired_tables.find(old_name)) {
        l = live_tables.find(old_name);
        if (l) {
          table_renames[old_name] = d.qualified_name();
          Change c{ChangeKind::rename_table, d.qualified_name(), ""};
          c.attributes.push_back({"name", d.qualified_name(), old_name});
          c.desired = d;
          c.live = *l;
          out.push_back(std::move(c));
        }
      }
    }
    if (!l) {
      Change c{ChangeKind::create_table, d.qualified_name(), ""};
      c.desired = d;
      out.push_back(std::move(c));
      continue;
    }
    matched_live.insert(l->qualified_name());
    pairs.emplace_back(&d, l);
  }
  for (const auto& [d, l] : pairs) TableComparer(*d, *l, context, table_renames, out).run();
  for (const auto& l : live.tables) {
    if (matched_live.count(l.qualified_name())) continue;
    Change c{ChangeKind::drop_table, l.qualified_name(), ""};
    c.live = l;
    out.push_back(std::move(c));
  }
  mark_replacing_drops(out);
  return out;
}

}  // namespace bcdb::diff
