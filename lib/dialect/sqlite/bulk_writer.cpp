#include "dialect/sqlite/bulk_writer.h"

#include <sqlite3.h>

#include "dialect/sqlite/connection.h"
#include "dialect/sqlite/ddl.h"
#include "support/error.h"

namespace bcdb::dialect::sqlite {

class SqliteBulkWriter final : public BulkWriter {
 public:
  explicit SqliteBulkWriter(SqliteConnection& connection);
  ~SqliteBulkWriter() override;

  void begin(const model::Table& table, const std::vector<std::string>& columns) override;
  void write_row(const Row& row) override;
  void commit() override;
  void finish() override;
  void empty_tables(const std::vector<std::string>& tables) override;

 private:
  [[noreturn]] void fail() const;

  struct Finalize {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  SqliteConnection& connection_;
  std::unique_ptr<sqlite3_stmt, Finalize> insert_;
  std::string sql_;
};

void SqliteBulkWriter::Finalize::operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

SqliteBulkWriter::SqliteBulkWriter(SqliteConnection& connection) : connection_(connection) {
  // 32 MB of page cache (the default is 2 MB): unique indexes on random keys (emails, tokens)
  // otherwise re-read their pages from the file for every row. This connection only.
  connection_.execute("PRAGMA cache_size = -32768");
}

SqliteBulkWriter::~SqliteBulkWriter() = default;

void SqliteBulkWriter::fail() const {
  throw DatabaseError(std::string("SQLite: ") + sqlite3_errmsg(connection_.handle()) + "\n  in: " + sql_);
}

void SqliteBulkWriter::begin(const model::Table& table, const std::vector<std::string>& columns) {
  std::string marks;
  for (std::size_t i = 0; i < columns.size(); ++i) marks += i ? ", ?" : "?";
  sql_ = "INSERT INTO " + quote(table.name) + " (" + quote_list(columns) + ") VALUES (" + marks + ")";
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(connection_.handle(), sql_.c_str(), static_cast<int>(sql_.size()), &raw, nullptr);
  insert_.reset(raw);
  if (rc != SQLITE_OK) fail();
}

void SqliteBulkWriter::write_row(const Row& row) {
  if (!connection_.in_transaction()) connection_.begin();
  sqlite3_stmt* s = insert_.get();
  for (std::size_t i = 0; i < row.size(); ++i) {
    int index = static_cast<int>(i + 1);
    // SQLITE_STATIC: the row outlives the step below.
    int rc = row[i] ? sqlite3_bind_text(s, index, row[i]->data(), static_cast<int>(row[i]->size()), SQLITE_STATIC)
                    : sqlite3_bind_null(s, index);
    if (rc != SQLITE_OK) fail();
  }
  int rc = sqlite3_step(s);
  sqlite3_reset(s);  // keeps the error message of a failed step
  if (rc != SQLITE_DONE) fail();
}

void SqliteBulkWriter::commit() {
  if (connection_.in_transaction()) connection_.commit();
}

void SqliteBulkWriter::finish() {
  commit();
  insert_.reset();
}

void SqliteBulkWriter::empty_tables(const std::vector<std::string>& tables) {
  delete_all_rows(connection_, tables, [](const std::string& t) { return quote(t); });
}

std::unique_ptr<BulkWriter> make_bulk_writer(SqliteConnection& connection) {
  return std::make_unique<SqliteBulkWriter>(connection);
}

}  // namespace bcdb::dialect::sqlite
