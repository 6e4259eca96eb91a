#include "seed/seed_log.h"

#include "migrate/history.h"
#include "migrate/own_tables.h"

namespace bcdb::seed {
namespace {

model::Schema log_schema() {
  using migrate::own_column;
  model::Table t;
  t.name = model::kSeedsTable;
  t.columns = {own_column("vertical", "varchar(32)"), own_column("scale", "int64"),
               own_column("seed", "int64"),           own_column("status", "varchar(16)"),
               own_column("started_at", "varchar(40)"), own_column("finished_at", "varchar(40)", true),
               own_column("bcdb_version", "varchar(32)"), own_column("who", "varchar(255)")};
  t.primary_key = model::PrimaryKey{"", {"vertical"}};
  return model::Schema{{t}, {}, {}};
}

}  // namespace

SeedLog::SeedLog(const dialect::Dialect& dialect, dialect::Connection& connection)
    : dialect_(dialect), connection_(connection), table_(dialect.quote_table(model::kSeedsTable)) {}

void SeedLog::ensure() {
  if (!dialect_.has_table(connection_, model::kSeedsTable))
    migrate::create_missing_tables(dialect_, connection_, log_schema());
}

std::optional<SeedRecord> SeedLog::find(const std::string& vertical) {
  auto r = connection_.query("SELECT " + q("scale") + ", " + q("seed") + ", " + q("status") + ", " + q("started_at") +
                                 ", " + q("finished_at") + " FROM " + table_ + " WHERE " + q("vertical") + " = " + p(1),
                             {vertical});
  if (r.rows.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  SeedRecord record;
  record.vertical = vertical;
  record.scale = std::stoull(row[0].value_or("0"));
  record.seed = std::stoull(row[1].value_or("0"));
  record.status = row[2].value_or("");
  record.started_at = row[3].value_or("");
  record.finished_at = row[4].value_or("");
  return record;
}

void SeedLog::start(const std::string& vertical, std::uint64_t scale, std::uint64_t seed) {
  forget(vertical);
  connection_.query("INSERT INTO " + table_ + " (" + q("vertical") + ", " + q("scale") + ", " + q("seed") + ", " +
                        q("status") + ", " + q("started_at") + ", " + q("bcdb_version") + ", " + q("who") +
                        ") VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ", " + p(5) + ", " + p(6) +
                        ", " + p(7) + ")",
                    {vertical, std::to_string(scale), std::to_string(seed), std::string("running"), migrate::utc_now(),
                     std::string(BCDB_VERSION), migrate::who_am_i()});
}

void SeedLog::complete(const std::string& vertical) {
  connection_.query("UPDATE " + table_ + " SET " + q("status") + " = " + p(1) + ", " + q("finished_at") + " = " +
                        p(2) + " WHERE " + q("vertical") + " = " + p(3),
                    {std::string("complete"), migrate::utc_now(), vertical});
}

void SeedLog::forget(const std::string& vertical) {
  connection_.query("DELETE FROM " + table_ + " WHERE " + q("vertical") + " = " + p(1), {vertical});
}

}  // namespace bcdb::seed
