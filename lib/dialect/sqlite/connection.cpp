#include "dialect/sqlite/connection.h"

#include <sqlite3.h>

#include <filesystem>

#include "dialect/one_statement.h"
#include "support/error.h"

namespace bcdb::dialect::sqlite {
namespace {

std::string excerpt(const std::string& sql) {
  constexpr std::size_t kMax = 300;
  return sql.size() <= kMax ? sql : sql.substr(0, kMax) + "...";
}

}  // namespace

void SqliteConnection::Close::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void SqliteConnection::Finalize::operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

SqliteConnection::SqliteConnection(const Url& url, Dialect::Access access) : url_(url), location_(locate(url)) {
  const bool create = access == Dialect::Access::read_write;
  if (create && location_.read_only)
    throw ConfigError(url.redacted() + " is opened read-only (mode=ro or immutable=1), and this command writes to it");
  std::string uri = location_.uri;
  if (!location_.memory) {
    path_ = location_.shown;
    std::error_code ec;
    if ((!create || location_.must_exist) && !std::filesystem::exists(location_.file, ec)) {
      if (access != Dialect::Access::preview)
        throw DatabaseError("the SQLite database " + location_.shown + " does not exist" +
                            (create ? " (mode=rw never creates it)" : "; bcdb migrate creates it"));
      uri = "file::memory:";  // what migrate would start from
    }
  }
  int flags = (location_.read_only ? SQLITE_OPEN_READONLY
                                   : SQLITE_OPEN_READWRITE | (create && !location_.must_exist ? SQLITE_OPEN_CREATE : 0)) |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    throw DatabaseError("cannot open SQLite database '" + location_.shown + "': " + message);
  }
  sqlite3_extended_result_codes(raw, 1);
  if (sqlite3_libversion_number() < 3037000)
    throw DatabaseError(std::string("bcdb needs SQLite 3.37 or newer; this one is ") + sqlite3_libversion());
  set_lock_timeout(5000);
  // Reading the schema of a file that is not a database fails here, with a clear message,
  // rather than in the middle of an inspection.
  query("SELECT count(*) FROM sqlite_schema");
}

void SqliteConnection::fail(const std::string& sql, int code) const {
  std::string message = sqlite3_errmsg(db_.get());
  int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    throw LockTimeout("SQLite database '" + url_.database + "' is locked by another connection (" + message +
                      ") while running: " + excerpt(sql));
  throw DatabaseError("SQLite: " + message + "\n  in: " + excerpt(sql));
}

// The one statement of `sql`: what follows it may only be whitespace, ';' or comments.
SqliteConnection::Prepared SqliteConnection::prepare_one(const std::string& sql) const {
  Prepared first;
  if (int rc = try_prepare_one(sql, first); rc != SQLITE_OK) fail(sql, rc);
  return first;
}

int SqliteConnection::try_prepare_one(const std::string& sql, Prepared& first) const {
  require_no_nul(sql);
  const char* end = sql.c_str() + sql.size();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
  first.reset(raw);
  if (rc != SQLITE_OK) return rc;
  while (tail && tail < end) {
    const char* next = nullptr;
    rc = sqlite3_prepare_v2(db_.get(), tail, static_cast<int>(end - tail), &raw, &next);
    Prepared more(raw);
    if (more || rc != SQLITE_OK) refuse_second_statement(sql, static_cast<std::size_t>(tail - sql.c_str()));
    if (next == tail) break;
    tail = next;
  }
  return SQLITE_OK;
}

// sqlite3_prepare_v2 compiles the statement, resolving every table and column it names; it
// runs only on sqlite3_step, which is never called here.
std::optional<std::string> SqliteConnection::prepare_error(const std::string& sql) {
  Prepared stmt;
  int rc = try_prepare_one(sql, stmt);
  if (rc == SQLITE_OK) return std::nullopt;
  int primary = rc & 0xff;
  // A locked schema or a full memory say nothing of the statement: the check did not happen.
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_NOMEM) fail(sql, rc);
  return std::string(sqlite3_errmsg(db_.get()));
}

void SqliteConnection::execute(const std::string& sql) {
  Prepared stmt = prepare_one(sql);
  if (!stmt) return;  // whitespace or a comment
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail(sql, rc);
}

Result SqliteConnection::query(const std::string& sql, const std::vector<Value>& params) {
  Prepared stmt = prepare_one(sql);
  int rc = SQLITE_OK;
  Result result;
  if (!stmt) return result;
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i + 1);
    rc = params[i] ? sqlite3_bind_text(stmt.get(), index, params[i]->data(), static_cast<int>(params[i]->size()),
                                       SQLITE_TRANSIENT)
                   : sqlite3_bind_null(stmt.get(), index);
    if (rc != SQLITE_OK) fail(sql, rc);
  }
  int columns = sqlite3_column_count(stmt.get());
  for (int c = 0; c < columns; ++c) {
    const char* name = sqlite3_column_name(stmt.get(), c);
    result.columns.emplace_back(name ? name : "");
  }
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    Row row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      int type = sqlite3_column_type(stmt.get(), c);
      if (type == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      // Fetch first, then ask for the size: the documented order for a stable byte count.
      const void* data = type == SQLITE_BLOB ? sqlite3_column_blob(stmt.get(), c)
                                             : static_cast<const void*>(sqlite3_column_text(stmt.get(), c));
      auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), c));
      row.emplace_back(data ? std::string(static_cast<const char*>(data), size) : std::string());
    }
    result.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) fail(sql, rc);
  return result;
}

void SqliteConnection::begin() {
  // IMMEDIATE takes the write lock up front: a deferred transaction that later needs to
  // write can fail with SQLITE_BUSY without waiting for the busy timeout.
  execute("BEGIN IMMEDIATE");
  in_transaction_ = true;
}

void SqliteConnection::commit() {
  execute("COMMIT");
  in_transaction_ = false;
}

void SqliteConnection::rollback() {
  in_transaction_ = false;
  if (sqlite3_get_autocommit(db_.get())) return;  // SQLite already rolled back
  execute("ROLLBACK");
}

std::string lock_timeout_statement(int milliseconds) {
  return "PRAGMA busy_timeout = " + std::to_string(std::max(1, milliseconds));
}

void SqliteConnection::set_lock_timeout(int milliseconds) { execute(lock_timeout_statement(milliseconds)); }

std::string SqliteConnection::server_version() { return sqlite3_libversion(); }

}  // namespace bcdb::dialect::sqlite
