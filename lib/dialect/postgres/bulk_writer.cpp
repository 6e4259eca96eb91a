#include "dialect/postgres/bulk_writer.h"

// pqxx::tablewriter is deprecated in libpqxx 6.4 in favour of stream_to, but stream_to takes
// only tuples of a width fixed at compile time and formats each field through several
// temporary strings; tablewriter::write_raw_line sends a line bcdb formats itself.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "dialect/copy_text.h"
#include "dialect/postgres/connection.h"
#include "dialect/postgres/ddl.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::postgres {

class PgBulkWriter final : public BulkWriter {
 public:
  explicit PgBulkWriter(PgConnection& connection);

  void begin(const model::Table& table, const std::vector<std::string>& columns) override;
  void write_row(const Row& row) override;
  void commit() override;
  void finish() override;
  void empty_tables(const std::vector<std::string>& tables) override;

 private:
  void open();
  [[noreturn]] void fail(const std::string& what) const;

  PgConnection& connection_;
  const model::Table* table_ = nullptr;
  std::string table_sql_;
  std::vector<std::string> columns_sql_;
  std::unique_ptr<pqxx::tablewriter> copy_;  // open between the first row of a chunk and commit()
  std::string line_;
};

PgBulkWriter::PgBulkWriter(PgConnection& connection) : connection_(connection) {
  connection_.execute("SET TIME ZONE 'UTC'");
  connection_.execute("SET client_encoding = 'UTF8'");
}

void PgBulkWriter::fail(const std::string& what) const {
  throw DatabaseError("PostgreSQL: " + redact(str::trim(what), connection_.url()) + "\n  in: COPY " + table_sql_ +
                      " FROM STDIN");
}

void PgBulkWriter::begin(const model::Table& table, const std::vector<std::string>& columns) {
  table_ = &table;
  table_sql_ = quote_table(table);
  columns_sql_.clear();
  for (const auto& c : columns) columns_sql_.push_back(quote(c));
}

void PgBulkWriter::open() {
  connection_.begin();
  try {
    copy_ = std::make_unique<pqxx::tablewriter>(connection_.session(), table_sql_, columns_sql_.begin(),
                                                columns_sql_.end());
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void PgBulkWriter::write_row(const Row& row) {
  if (!copy_) open();
  line_.clear();
  append_copy_line(line_, row);
  try {
    copy_->write_raw_line(line_);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void PgBulkWriter::commit() {
  if (!copy_) return;
  try {
    copy_->complete();
  } catch (const std::exception& e) {
    copy_.reset();
    connection_.rollback();
    fail(e.what());
  }
  copy_.reset();
  connection_.commit();
}

void PgBulkWriter::finish() {
  commit();
  // Rows came with their keys: the identity sequences continue after the largest.
  for (const auto& c : table_->columns)
    if (c.identity)
      connection_.query("SELECT setval(pg_get_serial_sequence($1, $2), max(" + quote(c.name) + ")) FROM " + table_sql_,
                        {table_sql_, c.name});
}

void PgBulkWriter::empty_tables(const std::vector<std::string>& tables) {
  if (tables.empty()) return;
  std::vector<std::string> quoted;
  for (const auto& t : tables) quoted.push_back(quote_table(t));
  connection_.execute("TRUNCATE " + str::join(quoted, ", ") + " RESTART IDENTITY");
}

std::unique_ptr<BulkWriter> make_bulk_writer(PgConnection& connection) {
  return std::make_unique<PgBulkWriter>(connection);
}

}  // namespace bcdb::dialect::postgres

#pragma GCC diagnostic pop
