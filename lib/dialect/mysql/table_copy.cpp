#include "dialect/mysql/table_copy.h"

#include <algorithm>

#include "dialect/mysql/ddl.h"
#include "dialect/sync_sql.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {

const Spelling& spelling() {
  static const Spelling s{"mysql", [](std::string_view n) { return quote(n); },
                          [](const std::string& a, const std::string& b) { return "(" + a + " <=> " + b + ")"; },
                          [](int) { return std::string("?"); }};
  return s;
}

namespace {

std::string columns_of(const model::TableCopy& copy) {
  std::vector<std::string> names;
  for (const auto& [column, value] : copy.columns) names.push_back(quote(column));
  return str::join(names, ", ");
}

std::string values_over(const model::TableCopy& copy, const std::string& prefix) {
  std::vector<std::string> values;
  for (const auto& [column, value] : copy.columns) values.push_back(over_row(value, copy.row, spelling(), prefix));
  return str::join(values, ", ");
}

// The copy's row whose key the original's row (`prefix`: OLD.) had.
std::string same_key(const model::TableCopy& copy, const std::string& prefix) {
  std::vector<std::string> parts;
  for (const auto& k : copy.key)
    parts.push_back(quote(copy.copy_name()) + "." + quote(k) + " <=> " + prefix + quote(k));
  return str::join(parts, " AND ");
}

std::string key_changed(const model::TableCopy& copy) {
  std::vector<std::string> parts;
  for (const auto& k : copy.key) parts.push_back("NOT (OLD." + quote(k) + " <=> NEW." + quote(k) + ")");
  return "(" + str::join(parts, " OR ") + ")";
}

}  // namespace

std::vector<std::string> drop_sync_triggers_sql(const std::string& name) {
  std::vector<std::string> out;
  for (const char* suffix : {"_i", "_u", "_d"}) out.push_back("DROP TRIGGER IF EXISTS " + quote(name + suffix));
  return out;
}

std::vector<std::string> create_copy_sql(const model::TableCopy& copy, const std::string& table, const Server& server,
                                         const std::vector<std::string>& on_empty) {
  const std::string target = quote(copy.copy_name());
  const std::string on = quote_table(table);
  const std::string replace = "REPLACE INTO " + target + " (" + columns_of(copy) + ") VALUES (" + values_over(copy, "NEW.") + ")";
  std::vector<std::string> out = drop_sync_triggers_sql(copy.name);
  out.push_back("DROP TABLE IF EXISTS " + target);
  out.insert(out.end(), on_empty.begin(), on_empty.end());
  out.push_back(create_table(copy.table, server, false));
  // The three triggers appear to other sessions at once. Created one after another under
  // traffic, a server-side prepared statement re-prepared between two of them can keep failing
  // with "Table '..._c' doesn't exist" for as long as the triggers stand (MariaDB 10.11,
  // MDEV-26048; pt-online-schema-change's clients meet it too).
  out.push_back("LOCK TABLES " + on + " WRITE");
  out.push_back("CREATE TRIGGER " + quote(copy.name + "_d") + " AFTER DELETE ON " + on + " FOR EACH ROW DELETE FROM " +
                target + " WHERE " + same_key(copy, "OLD."));
  out.push_back("CREATE TRIGGER " + quote(copy.name + "_u") + " AFTER UPDATE ON " + on + " FOR EACH ROW BEGIN\n  IF " +
                key_changed(copy) + " THEN DELETE FROM " + target + " WHERE " + same_key(copy, "OLD.") + "; END IF;\n  " +
                replace + ";\nEND");
  out.push_back("CREATE TRIGGER " + quote(copy.name + "_i") + " AFTER INSERT ON " + on + " FOR EACH ROW " + replace);
  out.push_back("UNLOCK TABLES");
  return out;
}

plan::Action copy_backfill_action(const model::Backfill& b, const std::string& table, const Server& server) {
  std::vector<std::string> names, values, updates, order;
  for (const auto& [column, value] : b.set) {
    names.push_back(quote(column));
    values.push_back(over_row(value, b.row, spelling(), ""));
    if (std::find(b.key.begin(), b.key.end(), column) == b.key.end())
      updates.push_back(quote(column) + " = VALUES(" + quote(column) + ")");
  }
  for (const auto& k : b.key) order.push_back(quote(k));
  const std::string head = "INSERT INTO " + quote(b.into) + " (" + str::join(names, ", ") + ") SELECT " +
                           str::join(values, ", ") + " FROM " + table;
  const std::string tail = " ORDER BY " + str::join(order, ", ") + " LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE " +
                           str::join(updates, ", ");
  plan::Action a = backfill_action(b, table, spelling(), [&](const std::string& range) {
    return head + (range.empty() ? "" : " WHERE " + range) + tail;
  });
  if (!str::iequals(server.binlog_format, "STATEMENT"))
    a.backfill->before_batch = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
  return a;
}

std::string row_count_difference_query(const model::TableCopy& copy, const std::string& table) {
  return "SELECT (SELECT count(*) FROM " + quote_table(table) + ") - (SELECT count(*) FROM " + quote(copy.copy_name()) + ")";
}

std::vector<std::string> swap_copy_sql(const model::TableCopy& copy, const std::string& table) {
  std::vector<std::string> out;
  const bool counts = std::any_of(copy.table.columns.begin(), copy.table.columns.end(),
                                  [](const model::Column& c) { return c.identity; });
  if (counts) {
    // ALTER TABLE takes AUTO_INCREMENT as a literal only: the value is read into the statement.
    out.push_back("SET @bcdb_next_id = (SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                  "DATABASE() AND TABLE_NAME = " + literal(table) + ")");
    out.push_back("SET @bcdb_alter = CONCAT(" + literal("ALTER TABLE " + quote(copy.copy_name()) + " AUTO_INCREMENT = ") +
                  ", COALESCE(@bcdb_next_id, 1))");
    out.push_back("PREPARE bcdb_set_next_id FROM @bcdb_alter");
    out.push_back("EXECUTE bcdb_set_next_id");
    out.push_back("DEALLOCATE PREPARE bcdb_set_next_id");
  }
  out.push_back("RENAME TABLE " + quote_table(table) + " TO " + quote(copy.retired_name()) + ", " + quote(copy.copy_name()) +
                " TO " + quote_table(table));
  for (auto& sql : drop_sync_triggers_sql(copy.name)) out.push_back(std::move(sql));
  return out;
}

}  // namespace bcdb::dialect::mysql
