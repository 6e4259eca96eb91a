#include "plan/name_reuse.h"

#include <map>

#include "support/error.h"
#include "support/strings.h"

namespace bcdb::plan {
namespace {

using diff::ChangeKind;

// One name in a schema's namespace and what holds it.
struct Holder {
  std::string what;   // "index orders_idx of table orders"
  std::string table;  // the live table it belongs to (itself, for a table)
};

class Namespace {
 public:
  Namespace(const model::Schema& live, const dialect::Capabilities& caps) : caps_(caps) {
    for (const auto& t : live.tables) {
      const std::string table = t.qualified_name();
      hold(t.schema, t.name, {"table " + table, table});
      if (!caps_.schema_wide_index_names) continue;
      for (const auto& i : t.indexes) hold(t.schema, i.name, {"index " + i.name + " of table " + table, table});
      if (!caps_.named_constraint_indexes) continue;
      for (const auto& u : t.uniques)
        if (!u.name.empty()) hold(t.schema, u.name, {"unique constraint " + u.name + " of table " + table, table});
      if (t.primary_key && !t.primary_key->name.empty())
        hold(t.schema, t.primary_key->name, {"primary key " + t.primary_key->name + " of table " + table, table});
    }
  }

  // The live object already holding `name`, unless it belongs to `table` (whose own changes
  // make room for their names) or is `table` itself.
  const Holder* taken(const std::string& schema, const std::string& name, const std::string& table) const {
    auto it = names_.find(key(schema, name));
    return it == names_.end() || it->second.table == table ? nullptr : &it->second;
  }

  bool folds_case() const { return caps_.case_insensitive_names; }

 private:
  std::string key(const std::string& schema, const std::string& name) const {
    return schema + '\0' + (caps_.case_insensitive_names ? str::lower(name) : name);
  }
  void hold(const std::string& schema, const std::string& name, Holder h) { names_.emplace(key(schema, name), std::move(h)); }

  const dialect::Capabilities& caps_;
  std::map<std::string, Holder> names_;
};

}  // namespace

std::vector<std::string> names_still_held(const diff::ChangeSet& changes, const model::Schema& live,
                                          const dialect::Capabilities& caps) {
  Namespace names(live, caps);
  std::vector<std::string> problems;
  auto check = [&](const std::string& schema, const std::string& table, const std::string& what, const std::string& name) {
    if (name.empty()) return;
    if (const Holder* h = names.taken(schema, name, table))
      problems.push_back(what + ": the name " + name + " is held by " + h->what +
                         (names.folds_case() ? " (names differ only in case count as one here)" : "") +
                         ", which stays until the contract phase");
  };
  for (const auto& c : changes) {
    // A renamed table keeps its objects: their names are free for it.
    if (c.kind == ChangeKind::rename_table) continue;
    if (c.kind == ChangeKind::create_table) {
      const auto& t = c.desired_as<model::Table>();
      const std::string table = t.qualified_name();
      check(t.schema, table, "table " + table, t.name);
      if (!caps.schema_wide_index_names) continue;
      for (const auto& i : t.indexes) check(t.schema, table, "table " + table + ": index " + i.name, i.name);
      if (!caps.named_constraint_indexes) continue;
      for (const auto& u : t.uniques) check(t.schema, table, "table " + table + ": unique " + u.name, u.name);
      if (t.primary_key) check(t.schema, table, "table " + table + ": primary key", t.primary_key->name);
      continue;
    }
    if (!caps.schema_wide_index_names) continue;
    const model::Table* t = live.find_table(c.table);
    const std::string schema = t ? t->schema : "";
    if (c.kind == ChangeKind::add_index)
      check(schema, c.table, "table " + c.table + ": index " + c.object, c.desired_as<model::Index>().name);
    if (c.kind == ChangeKind::add_unique && caps.named_constraint_indexes)
      check(schema, c.table, "table " + c.table + ": unique " + c.object, c.desired_as<model::Unique>().name);
  }
  return problems;
}

}  // namespace bcdb::plan
