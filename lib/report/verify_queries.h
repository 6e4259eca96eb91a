#pragma once
// bcdb verify --queries: the statements of an application's query files that the database
// would refuse, as text for people and as JSON (schemas/verify-queries.schema.json).
#include <cstddef>
#include <string>
#include <vector>

#include "report/style.h"

namespace bcdb::report {

// A statement of a queries file that fails to prepare, or that was not checked.
struct QueryFinding {
  bool failed = true;  // false: not checked (DDL, transaction control, settings prove nothing prepared)
  std::string file;
  int line = 0;
  int column = 0;
  std::string statement;
  std::string message;  // the engine's error; for a statement not checked, its kind ("DROP")
};

struct QueriesReport {
  std::string database;               // redacted
  std::vector<std::string> files;     // as given on the command line
  std::size_t statements = 0;         // in all the files
  std::vector<QueryFinding> findings;  // in the order of the files

  std::size_t failures() const;
  std::size_t not_checked() const { return findings.size() - failures(); }
  bool ok() const { return failures() == 0; }
};

// One line "file:line:col: error" per failure with the statement's first line under it, the
// statements not checked (unless `quiet`), and a summary.
std::string verify_queries_text(const QueriesReport& report, const Style& style, bool quiet);
std::string verify_queries_json(const QueriesReport& report);

}  // namespace bcdb::report
