#include "model/schema.h"

#include "support/strings.h"

namespace bcdb::model {

std::string to_string(FkAction action) {
  switch (action) {
    case FkAction::no_action: return "no action";
    case FkAction::restrict: return "restrict";
    case FkAction::cascade: return "cascade";
    case FkAction::set_null: return "set null";
    case FkAction::set_default: return "set default";
  }
  return "no action";
}

std::optional<FkAction> parse_fk_action(std::string_view text) {
  std::string t = str::replace_all(str::lower(str::trim(text)), "_", " ");
  for (FkAction a : {FkAction::no_action, FkAction::restrict, FkAction::cascade, FkAction::set_null,
                     FkAction::set_default})
    if (t == to_string(a)) return a;
  return std::nullopt;
}

const Column* Table::find_column(std::string_view column) const {
  for (const auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

Column* Table::find_column(std::string_view column) {
  for (auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

const Index* Table::find_index(std::string_view index) const {
  for (const auto& i : indexes)
    if (i.name == index) return &i;
  return nullptr;
}

bool Table::option(const std::string& key) const {
  auto it = options.find(key);
  return it != options.end() && it->second == "true";
}

const Table* Schema::find_table(std::string_view qualified) const {
  for (const auto& t : tables)
    if (t.qualified_name() == qualified) return &t;
  return nullptr;
}

Table* Schema::find_table(std::string_view qualified) {
  for (auto& t : tables)
    if (t.qualified_name() == qualified) return &t;
  return nullptr;
}

TableIndex::TableIndex(const Schema& schema) {
  tables_.reserve(schema.tables.size());
  for (const auto& t : schema.tables) tables_.emplace(t.qualified_name(), &t);
}

const Table* TableIndex::find(const std::string& qualified) const {
  auto it = tables_.find(qualified);
  return it == tables_.end() ? nullptr : it->second;
}

bool is_sync_object(std::string_view name) { return name.rfind(kSyncPrefix, 0) == 0; }
bool is_bcdb_object(std::string_view name) { return is_sync_object(name) || name.rfind(kCompatPrefix, 0) == 0; }

bool is_reserved_table(std::string_view name) {
  return name == kHistoryTable || name == kHistoryStepsTable || name == kSeedsTable || name == kBackfillsTable ||
         is_sync_object(name);
}

}  // namespace bcdb::model
