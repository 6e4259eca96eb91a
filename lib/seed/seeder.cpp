#include "seed/seeder.h"

#include <csignal>

#include "seed/seed_log.h"
#include "support/error.h"

namespace bcdb::seed {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kProgressEvery = 4096;  // rows between progress reports

std::unique_ptr<dialect::MigrationLock> take_lock(const dialect::Dialect& dialect, dialect::Connection& connection,
                                                  const Options& options, Observer& observer) {
  // Seeding and migrating exclude each other, as two seeds do: the migration lock.
  try {
    return dialect.lock_migrations(connection, std::chrono::milliseconds(0));
  } catch (const LockTimeout&) {
    observer.waiting_for_lock();
    return dialect.lock_migrations(connection, options.lock_wait);
  }
}

std::uint64_t count_rows(const dialect::Dialect& dialect, dialect::Connection& connection, const std::string& table) {
  auto r = connection.query("SELECT count(*) FROM " + dialect.quote_table(table));
  return std::stoull(r.rows.at(0).at(0).value_or("0"));
}

// The manifest table each stream fills; ConfigError when the manifests lack one of its columns.
std::vector<const model::Table*> targets(const Tables& tables, const model::Schema& schema, const std::string& vertical) {
  std::vector<const model::Table*> out;
  for (const auto& t : tables) {
    const model::Table* table = schema.find_table(t->table());
    if (!table)
      throw ConfigError("the manifests have no table " + t->table() + ", which bcdb seed " + vertical + " fills");
    for (const auto& c : t->columns())
      if (!table->find_column(c))
        throw ConfigError("the manifests' table " + t->table() + " has no column " + c + ", which bcdb seed " +
                          vertical + " fills");
    out.push_back(table);
  }
  return out;
}

// A vertical seeded before with other parameters, or rows nobody recorded: refuse, since
// seeding on top would mix two data sets (or fail on duplicate keys half-way).
void check_ownership(const dialect::Dialect& dialect, dialect::Connection& connection, const Tables& tables,
                     const std::optional<SeedRecord>& record, const Options& o) {
  if (record && (record->scale != o.params.scale || record->seed != o.params.seed))
    throw RefusedError(o.vertical + " was seeded with --scale " + std::to_string(record->scale) + " --seed " +
                       std::to_string(record->seed) + " (" + record->status + ", " + record->started_at +
                       "); to replace those rows with --scale " + std::to_string(o.params.scale) + " --seed " +
                       std::to_string(o.params.seed) + ", add --truncate");
  if (record) return;
  for (const auto& t : tables)
    if (std::uint64_t n = count_rows(dialect, connection, t->table()); n > 0)
      throw RefusedError("table " + t->table() + " already holds " + std::to_string(n) +
                         " rows that bcdb seed did not write; --truncate empties the " + o.vertical +
                         " tables first (and deletes those rows)");
}

// Seeded rows are a prefix of the table's rows, keys 1..n: a table with a key of "id" whose
// largest id is not its row count was changed since (rows deleted or added), and resuming would
// collide with the rows that are left.
void check_prefix(const dialect::Dialect& dialect, dialect::Connection& connection, const model::Table& table,
                  std::uint64_t existing, const std::string& vertical) {
  if (existing == 0 || !table.primary_key || table.primary_key->columns != std::vector<std::string>{"id"}) return;
  auto r = connection.query("SELECT max(" + dialect.quote("id") + ") FROM " + dialect.quote_table(table.qualified_name()));
  std::string largest = r.rows.at(0).at(0).value_or("0");
  if (largest != std::to_string(existing))
    throw RefusedError("table " + table.name + " holds " + std::to_string(existing) + " rows with ids up to " + largest +
                       ": rows were deleted or added since bcdb seed wrote them; --truncate empties the " + vertical +
                       " tables first");
}

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

std::uint64_t Outcome::rows() const {
  std::uint64_t n = 0;
  for (const auto& t : tables) n += t.rows;
  return n;
}

std::uint64_t Outcome::inserted() const {
  std::uint64_t n = 0;
  for (const auto& t : tables) n += t.inserted;
  return n;
}

Outcome seed(const dialect::Dialect& dialect, dialect::Connection& connection, const model::Schema& schema,
             const Options& o, Observer& observer) {
  Tables tables = make_tables(o.vertical, o.params);
  std::vector<const model::Table*> manifest_tables = targets(tables, schema, o.vertical);
  auto lock = take_lock(dialect, connection, o, observer);
  SeedLog log(dialect, connection);
  log.ensure();
  auto writer = dialect.bulk_writer(connection);

  Outcome out;
  if (o.truncate) {
    std::vector<std::string> children_first;
    for (auto t = tables.rbegin(); t != tables.rend(); ++t) children_first.push_back((*t)->table());
    log.forget(o.vertical);
    writer->empty_tables(children_first);
    out.truncated = true;
  }
  std::optional<SeedRecord> record = log.find(o.vertical);
  check_ownership(dialect, connection, tables, record, o);
  if (!record) log.start(o.vertical, o.params.scale, o.params.seed);
  out.resumed = record && record->status != "complete";

  std::uint64_t written = 0;  // by this process, for the test hook
  dialect::Row row;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    TableSource& source = *tables[i];
    TableResult result{source.table(), source.rows(), count_rows(dialect, connection, source.table())};
    if (result.existing > result.rows)
      throw RefusedError("table " + result.table + " holds " + std::to_string(result.existing) +
                         " rows, more than bcdb seed " + o.vertical + " makes at this scale (" +
                         std::to_string(result.rows) + "); --truncate empties the " + o.vertical + " tables first");
    if (result.existing < result.rows) check_prefix(dialect, connection, *manifest_tables[i], result.existing, o.vertical);
    observer.table_started(result);
    auto started = Clock::now();
    if (result.existing < result.rows) {
      source.skip(result.existing);
      writer->begin(*manifest_tables[i], source.columns());
      std::uint64_t in_chunk = 0;
      while (source.next(row)) {
        writer->write_row(row);
        ++result.inserted;
        if (o.kill_after_rows && ++written >= *o.kill_after_rows) std::raise(SIGKILL);
        if (++in_chunk == o.chunk_rows) {
          writer->commit();
          in_chunk = 0;
        }
        if (result.inserted % kProgressEvery == 0) {
          result.seconds = since(started);
          observer.progress(result);
        }
      }
      writer->finish();
    }
    result.seconds = since(started);
    observer.table_finished(result);
    out.tables.push_back(std::move(result));
  }
  if (!record || record->status != "complete") log.complete(o.vertical);
  return out;
}

}  // namespace bcdb::seed
