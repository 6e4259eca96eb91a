#include "migrate/checkpoints.h"

#include <nlohmann/json.hpp>

#include "migrate/history.h"
#include "migrate/own_tables.h"
#include "support/error.h"

namespace bcdb::migrate {
namespace {

model::Schema checkpoint_schema() {
  model::Table t;
  t.name = model::kBackfillsTable;
  t.columns = {own_column("name", "varchar(255)"),       own_column("fingerprint", "varchar(64)"),
               own_column("status", "varchar(16)"),      own_column("last_key", "text", true),
               own_column("rows_done", "int64"),         own_column("columns", "text"),
               own_column("started_at", "varchar(40)"), own_column("updated_at", "varchar(40)")};
  t.primary_key = model::PrimaryKey{"", {"name"}};
  return model::Schema{{t}, {}, {}};
}

std::string encode_key(const std::vector<dialect::Value>& key) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& v : key) j.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
  return j.dump();
}

std::vector<dialect::Value> decode_key(const std::string& text, const std::string& name) {
  std::vector<dialect::Value> out;
  try {
    for (const auto& v : nlohmann::json::parse(text)) out.push_back(v.is_null() ? dialect::Value{} : v.get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    throw DatabaseError(std::string(model::kBackfillsTable) + ": the checkpoint of " + name +
                        " holds an unreadable key (" + e.what() + "); delete its row to start the backfill over");
  }
  return out;
}

std::vector<std::string> decode_names(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    return {};  // unreadable: no column counts as backfilled, so the backfill is planned again
  }
}

}  // namespace

Checkpoints::Checkpoints(const dialect::Dialect& dialect, dialect::Connection& connection)
    : dialect_(dialect), connection_(connection) {}

bool Checkpoints::exists() { return dialect_.has_table(connection_, model::kBackfillsTable); }

void Checkpoints::ensure() {
  if (!exists()) create_missing_tables(dialect_, connection_, checkpoint_schema());
}

std::optional<Checkpoint> Checkpoints::find(const std::string& name) {
  auto q = [&](const char* c) { return dialect_.quote(c); };
  auto r = connection_.query("SELECT " + q("fingerprint") + ", " + q("status") + ", " + q("last_key") + ", " +
                                 q("rows_done") + ", " + q("columns") + " FROM " +
                                 dialect_.quote_table(model::kBackfillsTable) + " WHERE " + q("name") + " = " +
                                 dialect_.placeholder(1),
                             {name});
  if (r.rows.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  Checkpoint c;
  c.name = name;
  c.fingerprint = row[0].value_or("");
  c.done = row[1].value_or("") == "done";
  if (row[2]) c.last_key = decode_key(*row[2], name);
  c.rows_done = std::stoll(row[3].value_or("0"));
  c.columns = decode_names(row[4].value_or("[]"));
  return c;
}

void Checkpoints::start(const Checkpoint& c) {
  auto q = [&](const char* n) { return dialect_.quote(n); };
  auto p = [&](int n) { return dialect_.placeholder(n); };
  const std::string table = dialect_.quote_table(model::kBackfillsTable);
  connection_.query("DELETE FROM " + table + " WHERE " + q("name") + " = " + p(1), {c.name});
  std::string now = utc_now();
  connection_.query(insert_statement(dialect_, model::kBackfillsTable,
                                     {"name", "fingerprint", "status", "last_key", "rows_done", "columns", "started_at",
                                      "updated_at"}),
                    {c.name, c.fingerprint, std::string("running"), std::nullopt, std::string("0"),
                     nlohmann::json(c.columns).dump(), now, now});
}

void Checkpoints::advance(const std::string& name, const std::vector<dialect::Value>& last_key, long long rows_done,
                          bool done) {
  auto q = [&](const char* n) { return dialect_.quote(n); };
  auto p = [&](int n) { return dialect_.placeholder(n); };
  connection_.query("UPDATE " + dialect_.quote_table(model::kBackfillsTable) + " SET " + q("status") + " = " + p(1) +
                        ", " + q("last_key") + " = " + p(2) + ", " + q("rows_done") + " = " + p(3) + ", " +
                        q("updated_at") + " = " + p(4) + " WHERE " + q("name") + " = " + p(5),
                    {std::string(done ? "done" : "running"),
                     last_key.empty() ? dialect::Value{} : dialect::Value{encode_key(last_key)},
                     std::to_string(rows_done), utc_now(), name});
}

plan::recipes::RecipeState Checkpoints::finished() {
  plan::recipes::RecipeState state;
  if (!exists()) return state;
  state.checkpoints = true;
  auto q = [&](const char* c) { return dialect_.quote(c); };
  auto r = connection_.query("SELECT " + q("name") + ", " + q("fingerprint") + ", " + q("columns") + " FROM " +
                                 dialect_.quote_table(model::kBackfillsTable) + " WHERE " + q("status") + " = " +
                                 dialect_.placeholder(1),
                             {std::string("done")});
  for (const auto& row : r.rows) {
    std::string name = row[0].value_or("");
    state.backfills_done[name] = row[1].value_or("");
    for (const auto& column : decode_names(row[2].value_or("[]"))) state.backfilled.insert(name + "." + column);
  }
  return state;
}

}  // namespace bcdb::migrate
