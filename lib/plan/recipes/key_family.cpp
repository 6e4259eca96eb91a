#include "plan/recipes/key_family.h"

#include <algorithm>

#include "model/type.h"

namespace bcdb::plan::recipes {
namespace {

using model::Column;
using model::Table;

bool type_changes(const diff::ChangeSet& changes, const std::string& table, const std::string& column) {
  return std::any_of(changes.begin(), changes.end(), [&](const diff::Change& c) {
    return c.kind == diff::ChangeKind::alter_column && c.table == table && c.object == column &&
           diff::has_attribute(c, "type");
  });
}

bool plain(const Column& c) { return !c.generated && !c.renamed_from && !c.up && c.down.empty(); }

// No other recipe on the table: its sync and cut-over are the family's.
bool no_other_recipe(const Table& d) {
  return !d.renamed_from && std::all_of(d.columns.begin(), d.columns.end(), [](const Column& c) {
    return !c.renamed_from && !c.up && c.down.empty();
  });
}

class Finder {
 public:
  Finder(const diff::ChangeSet& changes, const model::Schema& desired, const model::Schema& live, const RecipeOptions& options)
      : changes_(changes), desired_(desired), live_(live), options_(options) {}

  std::optional<KeyFamily> family_of(const Table& d) const {
    const Table* l = live_.find_table(d.qualified_name());
    if (!l || !l->primary_key || l->primary_key->columns.size() != 1 || !d.primary_key ||
        d.primary_key->columns != l->primary_key->columns || !no_other_recipe(d))
      return std::nullopt;
    const std::string& key = l->primary_key->columns.front();
    if (!rewrites(d, *l, key)) return std::nullopt;
    const bool under_way = l->find_column(shadow_name(key)) != nullptr;
    if (options_.allow_blocking && !under_way) return std::nullopt;
    auto rows = options_.rows.find(d.qualified_name());
    bool large = rows != options_.rows.end() && rows->second > options_.rewrite_threshold_rows;
    if (!large && !under_way) return std::nullopt;
    const Column& n = *d.find_column(key);
    if (!n.using_expr && model::classify_type_change(l->find_column(key)->type, n.type) != model::TypeChange::widening)
      return std::nullopt;
    KeyFamily family{d.qualified_name(), key, {}};
    // The foreign keys the cut-over finds: the desired ones (those the manifests drop go in
    // expand, those they add are added in expand).
    for (const auto& t : desired_.tables)
      for (const auto& f : t.foreign_keys) {
        bool on_key = f.ref_table == family.table &&
                      std::find(f.ref_columns.begin(), f.ref_columns.end(), key) != f.ref_columns.end();
        if (!on_key) continue;
        if (f.columns.size() != 1 || f.ref_columns.size() != 1 || f.name.empty()) return std::nullopt;
        auto reference = reference_of(t, f);
        if (!reference) return std::nullopt;
        family.references.push_back(std::move(*reference));
      }
    if (family.references.empty()) return std::nullopt;  // a key nothing references: one table's recipe
    return family;
  }

 private:
  bool rewrites(const Table& d, const Table& l, const std::string& column) const {
    const Column* want = d.find_column(column);
    const Column* have = l.find_column(column);
    return want && have && plain(*want) && options_.type_change_rewrites &&
           type_changes(changes_, d.qualified_name(), column) && options_.type_change_rewrites(*have, *want);
  }

  std::optional<KeyReference> reference_of(const Table& t, const model::ForeignKey& f) const {
    KeyReference r{t.qualified_name(), f, false};
    const Table* l = live_.find_table(t.qualified_name());
    if (!l) return r;  // created in expand, with the new type
    if (!l->find_column(f.columns.front())) return r;  // added in expand, with the new type
    if (!rewrites(t, *l, f.columns.front())) return r;
    const std::string& column = f.columns.front();
    // A column that is itself a key, or referenced in turn, is a family of its own: not here.
    if (!no_other_recipe(t) || !online_rename(*l, column, live_) || t.find_column(column)->identity) return std::nullopt;
    r.shadowed = true;
    return r;
  }

  const diff::ChangeSet& changes_;
  const model::Schema& desired_;
  const model::Schema& live_;
  const RecipeOptions& options_;
};

}  // namespace

std::vector<KeyFamily> key_families(const diff::ChangeSet& changes, const model::Schema& desired,
                                    const model::Schema& live, const RecipeOptions& options) {
  std::vector<KeyFamily> families;
  if (!options.shadow_keys) return families;
  Finder finder(changes, desired, live, options);
  for (const auto& d : desired.tables)
    if (auto family = finder.family_of(d)) families.push_back(std::move(*family));
  // A table in two families (it references two changing keys) would need two cut-overs at
  // once: both keep the single ALTER.
  auto member = [](const KeyFamily& f, const std::string& table) {
    return f.table == table || std::any_of(f.references.begin(), f.references.end(),
                                           [&](const KeyReference& r) { return r.shadowed && r.table == table; });
  };
  std::vector<KeyFamily> kept;
  for (const auto& f : families) {
    bool shared = std::any_of(families.begin(), families.end(), [&](const KeyFamily& other) {
      if (&other == &f) return false;
      if (member(other, f.table)) return true;
      return std::any_of(f.references.begin(), f.references.end(),
                         [&](const KeyReference& r) { return r.shadowed && member(other, r.table); });
    });
    if (!shared) kept.push_back(f);
  }
  return kept;
}

}  // namespace bcdb::plan::recipes
