#include "dialect/sync_sql.h"

#include <algorithm>

#include "model/columns_read.h"
#include "plan/recipes/column_sync.h"
#include "support/strings.h"

namespace bcdb::dialect {
namespace {

std::string any_of(const std::vector<std::string>& parts) {
  if (parts.empty()) return "FALSE";
  return "(" + str::join(parts, " OR ") + ")";
}
std::string all_of(const std::vector<std::string>& parts) {
  if (parts.empty()) return "TRUE";
  return "(" + str::join(parts, " AND ") + ")";
}

std::string column(const std::string& prefix, const std::string& name, const Spelling& s) { return prefix + s.quote(name); }

std::string changed(const std::vector<std::string>& columns, const Spelling& s) {
  std::vector<std::string> parts;
  for (const auto& c : columns) parts.push_back("NOT " + s.same(column("NEW.", c, s), column("OLD.", c, s)));
  return any_of(parts);
}

std::string filled_from_null(const std::vector<std::string>& sources, const Spelling& s) {
  std::vector<std::string> parts;
  for (const auto& c : sources) parts.push_back(column("NEW.", c, s) + " IS NOT NULL");
  return any_of(parts);
}

// Each column equals its expression over the row.
std::string equal_all(const std::map<std::string, model::Transform>& columns, const std::vector<std::string>& row,
                      const Spelling& s, const std::string& prefix) {
  std::vector<std::string> parts;
  for (const auto& [c, t] : columns) parts.push_back(s.same(column(prefix, c, s), over_row(t, row, s, prefix)));
  return all_of(parts);
}

std::string tuple(const std::vector<std::string>& key, const Spelling& s) {
  std::vector<std::string> quoted;
  for (const auto& k : key) quoted.push_back(s.quote(k));
  return key.size() == 1 ? quoted.front() : "(" + str::join(quoted, ", ") + ")";
}

std::string placeholders(std::size_t n, int first, const Spelling& s) {
  std::vector<std::string> p;
  for (std::size_t i = 0; i < n; ++i) p.push_back(s.placeholder(first + static_cast<int>(i)));
  return n == 1 ? p.front() : "(" + str::join(p, ", ") + ")";
}

}  // namespace

std::string over_row(const model::Transform& t, const std::vector<std::string>& row, const Spelling& s,
                     const std::string& prefix) {
  return "(" + model::rewrite_columns(t.on(s.engine), row, [&](const std::string& c) { return column(prefix, c, s); }) + ")";
}

SyncConditions sync_conditions(const model::ColumnSync& sync, const std::vector<std::string>& row, const Spelling& s) {
  SyncConditions out;
  const std::string target = column("NEW.", sync.column, s);
  out.up = over_row(sync.up, row, s, "NEW.");
  out.up_on_insert = sync.computed_only ? "TRUE" : "(" + target + " IS NULL AND " + filled_from_null(sync.up_sources, s) + ")";
  // With no down to agree with (a computed column, a type change's shadow), every change of a
  // source recomputes the column.
  out.up_on_update = sync.agree.empty() ? changed(sync.up_sources, s)
                                        : "(" + changed(sync.up_sources, s) + " AND NOT " +
                                              equal_all(sync.agree, row, s, "NEW.") + ")";
  out.down_on_insert = filled_from_null(sync.down_sources, s);
  out.down_on_update = "(" + changed(sync.down_sources, s) + " AND NOT " + equal_all(sync.consistent, row, s, "NEW.") + ")";
  for (const auto& [old, t] : sync.down) {
    out.down.emplace_back(old, over_row(t, row, s, "NEW."));
    out.down_if_null.emplace_back(old, column("NEW.", old, s) + " IS NULL");
  }
  return out;
}

std::vector<const model::Column*> required_old_columns(const model::Sync& sync, const model::Table* table) {
  std::vector<const model::Column*> out;
  if (!table) return out;
  for (const auto& column : sync.columns)
    for (const auto& [old, value] : column.down)
      if (const model::Column* c = table->find_column(old);
          c && !c->nullable && !c->default_expr && std::find(out.begin(), out.end(), c) == out.end())
        out.push_back(c);
  return out;
}

plan::Action backfill_action(const model::Backfill& b, const std::string& table, const Spelling& s) {
  std::vector<std::string> sets;
  for (const auto& [c, t] : b.set) sets.push_back(s.quote(c) + " = " + over_row(t, b.row, s, ""));
  std::map<std::string, model::Transform> fresh = b.agree;
  for (const auto& [c, t] : b.equal) fresh[c] = t;
  const std::string update = "UPDATE " + table + " SET " + str::join(sets, ", ") + " WHERE NOT " + equal_all(fresh, b.row, s, "");
  return backfill_action(b, table, s, [&](const std::string& range) { return range.empty() ? update : update + " AND " + range; });
}

plan::Action backfill_action(const model::Backfill& b, const std::string& table, const Spelling& s,
                             const std::function<std::string(const std::string&)>& batch) {
  plan::BackfillSql out;
  out.name = b.name;
  out.fingerprint = plan::recipes::backfill_fingerprint(b, s.engine);
  out.table = b.name;
  out.key_columns = static_cast<int>(b.key.size());
  const std::size_t k = b.key.size();
  const std::string key = tuple(b.key, s);
  std::vector<std::string> order;
  for (const auto& c : b.key) order.push_back(s.quote(c));
  const std::string order_by = " ORDER BY " + str::join(order, ", ");
  const std::string select_key = "SELECT " + str::join(order, ", ") + " FROM " + table;
  out.first_bound = select_key + order_by + " LIMIT 1";
  out.next_bound = select_key + " WHERE " + key + " > " + placeholders(k, 1, s) + order_by + " LIMIT 1";
  for (const auto& [c, t] : b.set) out.columns.push_back(c);
  out.update_first = batch(key + " <= " + placeholders(k, 1, s));
  out.update_next = batch(key + " > " + placeholders(k, 1, s) + " AND " + key + " <= " +
                          placeholders(k, static_cast<int>(k) + 1, s));
  out.update_rest = batch(key + " > " + placeholders(k, 1, s));
  out.update_all = batch("");
  out.count = "SELECT count(*) FROM " + table;
  plan::Action a{plan::Action::Kind::backfill, plan::Action::Stage::body, out.update_all, ""};
  a.backfill = std::move(out);
  return a;
}

std::string view_columns(const model::Table& t, const std::function<std::string(std::string_view)>& quote) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(quote(c.name));
  return str::join(names, ", ");
}

}  // namespace bcdb::dialect
