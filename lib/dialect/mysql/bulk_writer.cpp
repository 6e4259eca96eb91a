#include "dialect/mysql/bulk_writer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "dialect/copy_text.h"
#include "dialect/mysql/connection.h"
#include "dialect/mysql/ddl.h"
#include "support/error.h"

namespace bcdb::dialect::mysql {
namespace {

constexpr std::size_t kFileBuffer = 1 << 20;   // bytes of lines gathered before a write()
constexpr std::size_t kInsertRows = 1000;      // rows per INSERT statement
constexpr std::size_t kInsertBytes = 4 << 20;  // well under max_allowed_packet (16 MB by default)

// Test hook: BCDB_TEST_MYSQL_NO_LOAD_DATA=1 takes the INSERT path on any server.
bool load_data_disabled_by_test() {
  const char* v = std::getenv("BCDB_TEST_MYSQL_NO_LOAD_DATA");
  return v && *v && std::strcmp(v, "0") != 0;
}

void append_literal(std::string& out, const Value& value) {
  if (!value) {
    out += "NULL";
    return;
  }
  out += literal(*value);
}

}  // namespace

class MyBulkWriter final : public BulkWriter {
 public:
  explicit MyBulkWriter(MyConnection& connection);
  ~MyBulkWriter() override;

  void begin(const model::Table& table, const std::vector<std::string>& columns) override;
  void write_row(const Row& row) override;
  void commit() override;
  void finish() override;
  void empty_tables(const std::vector<std::string>& tables) override;

 private:
  void flush_buffer();
  void flush_insert();
  void load_chunk();

  MyConnection& connection_;
  bool load_data_ = false;
  int file_ = -1;              // the memfd
  std::string file_path_;      // /proc/self/fd/N
  std::string table_sql_;
  std::string columns_sql_;
  std::string buffer_;         // lines not yet in the file, or the INSERT being built
  std::size_t chunk_rows_ = 0;   // rows since the last commit
  std::size_t insert_rows_ = 0;  // rows in the INSERT being built
};

MyBulkWriter::MyBulkWriter(MyConnection& connection) : connection_(connection) {
  auto r = connection_.query("SELECT @@GLOBAL.local_infile");
  std::string on = r.rows.empty() ? "" : r.rows[0][0].value_or("");
  load_data_ = (on == "1" || on == "ON") && !load_data_disabled_by_test();
  if (load_data_) {
    file_ = memfd_create("bcdb-seed", MFD_CLOEXEC);
    if (file_ < 0) load_data_ = false;  // an old kernel: INSERT batches instead
    else file_path_ = "/proc/self/fd/" + std::to_string(file_);
  }
}

MyBulkWriter::~MyBulkWriter() {
  if (file_ >= 0) close(file_);
}

void MyBulkWriter::begin(const model::Table& table, const std::vector<std::string>& columns) {
  table_sql_ = quote_table(table.name);
  columns_sql_ = quote_list(columns);
  buffer_.clear();
  chunk_rows_ = insert_rows_ = 0;
}

void MyBulkWriter::write_row(const Row& row) {
  ++chunk_rows_;
  if (load_data_) {
    append_copy_line(buffer_, row);
    buffer_ += '\n';
    if (buffer_.size() >= kFileBuffer) flush_buffer();
    return;
  }
  if (chunk_rows_ == 1) connection_.begin();
  buffer_ += insert_rows_++ ? ",(" : "INSERT INTO " + table_sql_ + " (" + columns_sql_ + ") VALUES (";
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) buffer_ += ',';
    append_literal(buffer_, row[i]);
  }
  buffer_ += ')';
  if (insert_rows_ >= kInsertRows || buffer_.size() >= kInsertBytes) flush_insert();
}

void MyBulkWriter::flush_buffer() {
  const char* data = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = ::write(file_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw DatabaseError(std::string("cannot buffer rows for LOAD DATA: ") + std::strerror(errno));
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void MyBulkWriter::flush_insert() {
  if (insert_rows_ == 0) return;
  connection_.execute(buffer_);
  buffer_.clear();
  insert_rows_ = 0;
}

void MyBulkWriter::load_chunk() {
  flush_buffer();
  // One statement: atomic under autocommit. LOCAL turns data errors and duplicate keys into
  // warnings that skip rows, so the row count is checked.
  connection_.execute("LOAD DATA LOCAL INFILE " + literal(file_path_) + " INTO TABLE " + table_sql_ +
                      " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                      " (" + columns_sql_ + ")");
  auto loaded = connection_.query("SELECT ROW_COUNT()").rows.at(0).at(0).value_or("0");
  if (loaded != std::to_string(chunk_rows_)) {
    std::string why;
    for (const auto& w : connection_.query("SHOW WARNINGS LIMIT 3").rows) why += "\n  " + w.at(2).value_or("");
    throw DatabaseError("MySQL: LOAD DATA into " + table_sql_ + " took " + loaded + " of " +
                        std::to_string(chunk_rows_) + " rows:" + why);
  }
  if (ftruncate(file_, 0) != 0 || lseek(file_, 0, SEEK_SET) != 0)
    throw DatabaseError(std::string("cannot reset the LOAD DATA buffer: ") + std::strerror(errno));
}

void MyBulkWriter::commit() {
  if (chunk_rows_ == 0) return;
  if (load_data_) {
    load_chunk();
  } else {
    flush_insert();
    connection_.commit();
  }
  chunk_rows_ = 0;
}

void MyBulkWriter::finish() { commit(); }

void MyBulkWriter::empty_tables(const std::vector<std::string>& tables) {
  // TRUNCATE is refused for any table a foreign key points at, and commits by itself: DELETE,
  // children first, in one transaction.
  delete_all_rows(connection_, tables, [](const std::string& t) { return quote_table(t); });
}

std::unique_ptr<BulkWriter> make_bulk_writer(MyConnection& connection) {
  return std::make_unique<MyBulkWriter>(connection);
}

}  // namespace bcdb::dialect::mysql
