#pragma once
// Where a sqlite: URL points and how it may be opened: sqlite:app.db, sqlite:///abs/app.db,
// sqlite::memory:, and SQLite's own URI filenames (sqlite:file:app.db?mode=ro). The file's
// identity (absolute, symbolic links resolved) names its migration lock, so that one file
// reached by two spellings is locked once.
#include <filesystem>
#include <string>

#include "dialect/url.h"

namespace bcdb::dialect::sqlite {

struct Location {
  std::string shown;             // the file as the URL names it, for messages
  std::filesystem::path file;    // absolute, symbolic links resolved; empty for :memory:
  bool memory = false;
  bool read_only = false;        // mode=ro or immutable=1: bcdb never writes to the file
  bool must_exist = false;       // mode=rw: never created
  std::string uri;               // what sqlite3_open_v2 opens (with SQLITE_OPEN_URI)
};

// Throws ConfigError naming the URL for an option SQLite's URIs do not have.
Location locate(const Url& url);

}  // namespace bcdb::dialect::sqlite
