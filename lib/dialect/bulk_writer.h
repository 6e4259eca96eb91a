#pragma once
// The fastest insert path of an engine (DESIGN.md, "The dialect interface"): PostgreSQL COPY,
// MySQL LOAD DATA LOCAL INFILE (or multi-row INSERT batches), SQLite one prepared INSERT per
// transaction. Rows arrive as text, NULL as nullopt, formatted the same for every engine.
#include <string>
#include <vector>

#include "dialect/connection.h"
#include "model/schema.h"

namespace bcdb::dialect {

class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  BulkWriter() = default;
  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  // Starts loading `table` with values for `columns`, in this order.
  virtual void begin(const model::Table& table, const std::vector<std::string>& columns) = 0;
  virtual void write_row(const Row& row) = 0;
  // Makes the rows written since begin() or the last commit durable, in one transaction; the
  // writer stays on the table. A process killed before this loses those rows and no others.
  virtual void commit() = 0;
  // Commits the rest and ends the table; the engine's key generator then continues after the
  // loaded keys (PostgreSQL identity sequences; the other engines do this themselves).
  virtual void finish() = 0;

  // Deletes every row of `tables`, given children first, in one transaction where the engine
  // allows it. Foreign keys from tables not listed still hold (the engine refuses).
  virtual void empty_tables(const std::vector<std::string>& tables) = 0;
};

// empty_tables() for engines without a transactional TRUNCATE: DELETE, in the order given, each
// table name through `quote`.
template <typename Quote>
void delete_all_rows(Connection& connection, const std::vector<std::string>& tables, Quote quote) {
  connection.begin();
  try {
    for (const auto& t : tables) connection.execute("DELETE FROM " + quote(t));
    connection.commit();
  } catch (...) {
    connection.rollback();
    throw;
  }
}

}  // namespace bcdb::dialect
