#include "migrate/own_tables.h"

#include "support/strings.h"

namespace bcdb::migrate {

std::string insert_statement(const dialect::Dialect& dialect, const std::string& table,
                             const std::vector<std::string>& columns) {
  std::vector<std::string> quoted, marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    quoted.push_back(dialect.quote(columns[i]));
    marks.push_back(dialect.placeholder(static_cast<int>(i + 1)));
  }
  return "INSERT INTO " + dialect.quote_table(table) + " (" + str::join(quoted, ", ") + ") VALUES (" +
         str::join(marks, ", ") + ")";
}

model::Column own_column(const char* name, const char* type, bool nullable) {
  model::Column c;
  c.name = name;
  c.type = *model::parse_type(type);
  c.nullable = nullable;
  return c;
}

void create_missing_tables(const dialect::Dialect& dialect, dialect::Connection& connection, model::Schema wanted) {
  model::Schema empty;
  dialect.canonicalize(wanted, connection);
  std::vector<diff::Change> changes;
  for (const auto& t : wanted.tables) {
    if (dialect.has_table(connection, t.name)) continue;
    diff::Change c{diff::ChangeKind::create_table, t.qualified_name()};
    c.desired = t;
    changes.push_back(std::move(c));
  }
  if (changes.empty()) return;
  std::vector<const diff::Change*> pointers;
  for (const auto& c : changes) pointers.push_back(&c);
  dialect::TableStats stats;
  dialect::RenderRequest request{plan::Phase::expand, empty, wanted, pointers, stats};
  for (const auto& draft : dialect.render(request))
    for (const auto& action : draft.actions) connection.execute(action.sql);
}

}  // namespace bcdb::migrate
