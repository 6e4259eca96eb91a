#include "plan/rename_wait.h"

#include <algorithm>
#include <vector>

#include "model/columns_read.h"

namespace bcdb::plan {
namespace {

using diff::Change;
using diff::ChangeKind;

class Reader {
 public:
  explicit Reader(const std::set<std::string>& renamed) : renamed_(renamed.begin(), renamed.end()) {}

  bool name(const std::string& column) const { return std::find(renamed_.begin(), renamed_.end(), column) != renamed_.end(); }
  bool names(const std::vector<std::string>& columns) const {
    return std::any_of(columns.begin(), columns.end(), [&](const std::string& c) { return name(c); });
  }
  bool expr(const std::string& sql) const { return !sql.empty() && !model::columns_read(sql, renamed_).empty(); }
  bool transform(const model::Transform& t) const {
    return expr(t.expr) || std::any_of(t.engines.begin(), t.engines.end(), [&](const auto& e) { return expr(e.second); });
  }

  bool column(const model::Column& c) const {
    return name(c.name) || (c.default_expr && expr(*c.default_expr)) || (c.generated && expr(c.generated->expr));
  }
  bool index(const model::Index& i) const {
    return names(i.include) || expr(i.where) || std::any_of(i.parts.begin(), i.parts.end(), [&](const model::IndexPart& p) {
             return name(p.column) || expr(p.expr);
           });
  }
  bool sync(const model::Sync& s) const {
    // `row` is only the vocabulary the expressions are read with, not what they read.
    if (names(s.key)) return true;
    return std::any_of(s.columns.begin(), s.columns.end(), [&](const model::ColumnSync& c) {
      return name(c.column) || names(c.up_sources) || names(c.down_sources) ||
             std::any_of(c.down.begin(), c.down.end(), [&](const auto& d) { return name(d.first); });
    });
  }
  bool backfill(const model::Backfill& b) const {
    auto assigns = [&](const auto& pairs) {
      return std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) { return name(p.first) || transform(p.second); });
    };
    return names(b.key) || assigns(b.set) || assigns(b.agree) || assigns(b.equal);
  }

 private:
  std::vector<std::string> renamed_;
};

const std::set<std::string>& renamed_columns(const ContractRenames& r, const std::string& table) {
  static const std::set<std::string> none;
  auto it = r.columns.find(table);
  return it == r.columns.end() ? none : it->second;
}

}  // namespace

ContractRenames contract_renames(const diff::ChangeSet& changes) {
  ContractRenames out;
  for (const auto& c : changes) {
    if (c.kind == ChangeKind::rename_table && !c.keep_old_name) out.tables.insert(c.table);
    if (c.kind == ChangeKind::rename_column) out.columns[c.table].insert(c.object);
  }
  return out;
}

bool waits_for_rename(const Change& c, const diff::ChangeSet& changes, const ContractRenames& renames) {
  if (c.kind == ChangeKind::rename_table) return false;
  // A drop that makes room in expand goes with what takes the room; other expand drops only
  // loosen the old names' table, and need no rename.
  auto paired = [&](ChangeKind add, bool same_name) {
    return std::any_of(changes.begin(), changes.end(), [&](const Change& a) {
      return a.kind == add && a.table == c.table && (!same_name || a.object == c.object) &&
             waits_for_rename(a, changes, renames);
    });
  };
  switch (c.kind) {
    case ChangeKind::drop_index: return c.replaces && paired(ChangeKind::add_index, true);
    case ChangeKind::drop_unique: return c.replaces && paired(ChangeKind::add_unique, true);
    case ChangeKind::drop_check: return c.replaces && paired(ChangeKind::add_check, true);
    case ChangeKind::drop_foreign_key: return c.replaces && paired(ChangeKind::add_foreign_key, true);
    case ChangeKind::drop_sync: return paired(ChangeKind::create_sync, false);
    default: break;
  }
  if (renames.tables.count(c.table)) return true;
  if (c.kind == ChangeKind::create_table) {
    for (const auto& fk : c.desired_as<model::Table>().foreign_keys)
      if (renames.tables.count(fk.ref_table) || Reader(renamed_columns(renames, fk.ref_table)).names(fk.ref_columns))
        return true;
    return false;
  }
  if (c.kind == ChangeKind::add_foreign_key) {
    const auto& fk = c.desired_as<model::ForeignKey>();
    if (renames.tables.count(fk.ref_table) || Reader(renamed_columns(renames, fk.ref_table)).names(fk.ref_columns))
      return true;
  }
  const auto& own = renamed_columns(renames, c.table);
  if (own.empty()) return false;
  Reader r(own);
  switch (c.kind) {
    case ChangeKind::add_column:
    case ChangeKind::alter_column: return r.column(c.desired_as<model::Column>());
    case ChangeKind::add_index: return r.index(c.desired_as<model::Index>());
    case ChangeKind::add_unique: return r.names(c.desired_as<model::Unique>().columns);
    case ChangeKind::add_foreign_key: return r.names(c.desired_as<model::ForeignKey>().columns);
    case ChangeKind::add_check: return r.expr(c.desired_as<model::Check>().expr);
    case ChangeKind::create_sync: return r.sync(c.desired_as<model::Sync>());
    case ChangeKind::backfill: return r.backfill(c.desired_as<model::Backfill>());
    case ChangeKind::alter_table_comment:
    case ChangeKind::alter_table_options: return false;
    default: return true;  // what it names is not known here: it waits, as is always safe
  }
}

}  // namespace bcdb::plan
