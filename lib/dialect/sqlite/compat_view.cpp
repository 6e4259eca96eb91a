#include "dialect/sqlite/compat_view.h"

#include "dialect/sqlite/ddl.h"
#include "dialect/sync_sql.h"
#include "support/error.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

std::string trigger_name(const std::string& view, const char* suffix) {
  return std::string(model::kCompatPrefix) + sha256_hex(str::lower(view)).substr(0, 16) + suffix;
}

}  // namespace

std::vector<std::string> compat_view_sql(const model::Table& shown, const std::string& view, const std::string& table) {
  if (!shown.primary_key) throw Error(ExitCode::database, "internal: a compatibility view for " + table + " needs its primary key");
  auto q = [](std::string_view n) { return quote(n); };
  std::vector<std::string> columns, values, assignments, key;
  for (const auto& c : shown.columns) {
    if (c.generated) continue;
    columns.push_back(quote(c.name));
    // The view has no defaults: a column the insert leaves out arrives as NULL, and takes the
    // table's default instead (an explicit NULL does too; see DESIGN.md).
    std::string value = "NEW." + quote(c.name);
    values.push_back(c.default_expr ? "coalesce(" + value + ", " + *c.default_expr + ")" : value);
    assignments.push_back(quote(c.name) + " = NEW." + quote(c.name));
  }
  for (const auto& k : shown.primary_key->columns) key.push_back(quote(k) + " IS OLD." + quote(k));
  const std::string where = " WHERE " + str::join(key, " AND ");
  const std::string on = " ON " + quote(view) + " FOR EACH ROW BEGIN ";
  return {
      "CREATE VIEW " + quote(view) + " AS SELECT " + view_columns(shown, q) + " FROM " + quote(table),
      "CREATE TRIGGER " + quote(trigger_name(view, "_i")) + " INSTEAD OF INSERT" + on + "INSERT INTO " + quote(table) +
          " (" + str::join(columns, ", ") + ") VALUES (" + str::join(values, ", ") + "); END",
      "CREATE TRIGGER " + quote(trigger_name(view, "_u")) + " INSTEAD OF UPDATE" + on + "UPDATE " + quote(table) +
          " SET " + str::join(assignments, ", ") + where + "; END",
      "CREATE TRIGGER " + quote(trigger_name(view, "_d")) + " INSTEAD OF DELETE" + on + "DELETE FROM " + quote(table) +
          where + "; END",
  };
}

}  // namespace bcdb::dialect::sqlite
