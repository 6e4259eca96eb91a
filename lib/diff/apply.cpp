#include "diff/apply.h"

#include <algorithm>

namespace bcdb::diff {
namespace {

using model::Table;

template <typename T, typename Pred>
void erase_if(std::vector<T>& items, Pred pred) {
  items.erase(std::remove_if(items.begin(), items.end(), pred), items.end());
}

template <typename T>
bool same_constraint(const T& a, const T& b) {
  if (!a.name.empty() && !b.name.empty()) return a.name == b.name;
  return a.columns == b.columns;
}

bool same_constraint(const model::Check& a, const model::Check& b) {
  if (!a.name.empty() && !b.name.empty()) return a.name == b.name;
  return a.expr == b.expr;
}

void rename_column_everywhere(model::Schema& schema, Table& table, const std::string& from, const std::string& to) {
  auto fix = [&](std::vector<std::string>& names) {
    for (auto& n : names)
      if (n == from) n = to;
  };
  if (auto* c = table.find_column(from)) c->name = to;
  if (table.primary_key) fix(table.primary_key->columns);
  for (auto& i : table.indexes) {
    for (auto& p : i.parts)
      if (p.column == from) p.column = to;
    fix(i.include);
  }
  for (auto& u : table.uniques) fix(u.columns);
  for (auto& f : table.foreign_keys) fix(f.columns);
  for (auto& other : schema.tables)
    for (auto& f : other.foreign_keys)
      if (f.ref_table == table.qualified_name()) fix(f.ref_columns);
}

}  // namespace

void apply(model::Schema& schema, const Change& change) {
  Table* table = schema.find_table(change.table);
  switch (change.kind) {
    case ChangeKind::create_table: {
      Table t = change.desired_as<Table>();
      t.renamed_from.reset();
      for (auto& c : t.columns) c.renamed_from.reset();
      schema.tables.push_back(std::move(t));
      return;
    }
    case ChangeKind::drop_table:
      erase_if(schema.tables, [&](const Table& t) { return t.qualified_name() == change.table; });
      return;
    case ChangeKind::cut_over: {
      const auto& cut = change.live_as<model::CutOver>();
      auto swap_in = [&](const std::string& table, const model::Sync& sync, const std::vector<model::ShadowSwap>& swaps) {
        if (!sync.name.empty())
          erase_if(schema.engine_objects, [&](const model::EngineObject& o) { return o.name.rfind(sync.name, 0) == 0; });
        Table* t = schema.find_table(table);
        if (!t) return;
        for (const auto& swap : swaps) {
          erase_if(t->indexes, [&](const model::Index& i) {
            return std::any_of(i.parts.begin(), i.parts.end(), [&](const model::IndexPart& p) { return p.column == swap.column; });
          });
          erase_if(t->columns, [&](const model::Column& c) { return c.name == swap.column; });
          rename_column_everywhere(schema, *t, swap.shadow, swap.column);
          if (auto* c = t->find_column(swap.column)) *c = swap.final;
          for (const auto& [building, final_name] : swap.indexes)
            for (auto& i : t->indexes)
              if (i.name == building) i.name = final_name;
          if (swap.key_index)  // the key's index is the key's now, under its name
            erase_if(t->indexes, [&](const model::Index& i) { return i.name == *swap.key_index; });
        }
      };
      swap_in(change.table, cut.sync, cut.swaps);
      for (const auto& m : cut.referencing) swap_in(m.table, m.sync, m.swaps);
      return;
    }
    case ChangeKind::swap_copy: {
      // The copy is the table now, as desired; the original goes with its triggers.
      const auto& copy = change.live_as<model::TableCopy>();
      erase_if(schema.engine_objects, [&](const model::EngineObject& o) { return o.name.rfind(copy.name, 0) == 0; });
      if (table) {
        Table swapped = copy.table;
        swapped.schema = table->schema;
        swapped.name = table->name;
        *table = std::move(swapped);
      }
      return;
    }
    case ChangeKind::drop_sync: {
      // Its triggers are gone: a later rebuild of the table must not bring them back.
      const std::string& name = change.live_as<model::Sync>().name;
      erase_if(schema.engine_objects, [&](const model::EngineObject& o) { return o.name.rfind(name, 0) == 0; });
      return;
    }
    case ChangeKind::create_compat_view:
      schema.engine_objects.push_back({"view", change.object, change.table, ""});
      return;
    case ChangeKind::drop_compat_view:
      erase_if(schema.engine_objects, [&](const model::EngineObject& o) { return o.kind == "view" && o.name == change.object; });
      return;
    case ChangeKind::rename_table: {
      if (change.keep_old_name) schema.engine_objects.push_back({"view", change.attributes.front().live, change.table, ""});
      if (change.over_view)
        erase_if(schema.engine_objects, [&](const model::EngineObject& o) { return o.kind == "view" && o.name == change.table; });
      const Table& live = change.live_as<Table>();
      const Table& desired = change.desired_as<Table>();
      Table* t = schema.find_table(live.qualified_name());
      if (!t) return;
      std::string old_name = t->qualified_name();
      t->schema = desired.schema;
      t->name = desired.name;
      for (auto& other : schema.tables)
        for (auto& f : other.foreign_keys)
          if (f.ref_table == old_name) f.ref_table = t->qualified_name();
      return;
    }
    default:
      break;
  }
  if (!table) return;
  switch (change.kind) {
    case ChangeKind::add_column: {
      model::Column c = change.desired_as<model::Column>();
      c.renamed_from.reset();
      table->columns.push_back(std::move(c));
      break;
    }
    case ChangeKind::drop_column:
      erase_if(table->columns, [&](const model::Column& c) { return c.name == change.object; });
      break;
    case ChangeKind::rename_column:
      rename_column_everywhere(schema, *table, change.live_as<model::Column>().name, change.desired_as<model::Column>().name);
      break;
    case ChangeKind::alter_column:
      if (auto* c = table->find_column(change.object)) {
        *c = change.desired_as<model::Column>();
        c->renamed_from.reset();
      }
      break;
    case ChangeKind::add_index:
      table->indexes.push_back(change.desired_as<model::Index>());
      break;
    case ChangeKind::drop_index:
      erase_if(table->indexes, [&](const model::Index& i) { return i.name == change.live_as<model::Index>().name; });
      break;
    case ChangeKind::add_unique:
      table->uniques.push_back(change.desired_as<model::Unique>());
      break;
    case ChangeKind::drop_unique:
      erase_if(table->uniques, [&](const model::Unique& u) { return same_constraint(u, change.live_as<model::Unique>()); });
      break;
    case ChangeKind::add_foreign_key:
      table->foreign_keys.push_back(change.desired_as<model::ForeignKey>());
      break;
    case ChangeKind::drop_foreign_key: {
      const auto& fk = change.live_as<model::ForeignKey>();
      erase_if(table->foreign_keys, [&](const model::ForeignKey& f) {
        return same_constraint(f, fk) && f.ref_table == fk.ref_table;
      });
      break;
    }
    case ChangeKind::add_check:
      table->checks.push_back(change.desired_as<model::Check>());
      break;
    case ChangeKind::drop_check:
      erase_if(table->checks, [&](const model::Check& c) { return same_constraint(c, change.live_as<model::Check>()); });
      break;
    case ChangeKind::alter_primary_key:
      if (std::holds_alternative<model::PrimaryKey>(change.desired))
        table->primary_key = change.desired_as<model::PrimaryKey>();
      else
        table->primary_key.reset();
      break;
    case ChangeKind::alter_table_options:
      table->options = change.desired_as<Table>().options;
      break;
    case ChangeKind::alter_table_comment:
      table->comment = change.desired_as<Table>().comment;
      break;
    case ChangeKind::rename_index:
      for (auto& i : table->indexes)
        if (i.name == change.live_as<model::Index>().name) i.name = change.object;
      break;
    default:
      break;
  }
}

void apply(model::Schema& schema, const ChangeSet& changes) {
  for (const auto& c : changes) apply(schema, c);
}

}  // namespace bcdb::diff
