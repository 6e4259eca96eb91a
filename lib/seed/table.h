#pragma once
// One table's generated rows, as a stream: rows are made on demand, in key order, each a pure
// function of the seed and the entity it belongs to. Nothing of earlier rows is kept.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "seed/random.h"
#include "seed/values.h"

namespace bcdb::seed {

class TableSource {
 public:
  virtual ~TableSource() = default;
  const std::string& table() const { return table_; }
  const std::vector<std::string>& columns() const { return columns_; }

  // How many rows the table gets in all.
  virtual std::uint64_t rows() const = 0;
  // The next row into `row` (resized to the columns); false once every row was made.
  virtual bool next(Row& row) = 0;
  // Passes over the next n rows without making them (a resumed seed skips what is stored).
  virtual void skip(std::uint64_t n) = 0;

 protected:
  TableSource(std::string table, std::vector<std::string> columns)
      : table_(std::move(table)), columns_(std::move(columns)) {}

 private:
  std::string table_;
  std::vector<std::string> columns_;
};

// Rows made entity by entity: each entity (a product, an order) gives zero or more rows, and
// how many is known without making them. Entities are numbered from 1.
class EntityTable : public TableSource {
 public:
  std::uint64_t rows() const final;
  bool next(Row& row) final;
  void skip(std::uint64_t n) final;

 protected:
  EntityTable(std::string table, std::vector<std::string> columns, std::uint64_t entities)
      : TableSource(std::move(table), std::move(columns)), entities_(entities) {}

  // How many rows entity e gives; a pure function of e.
  virtual std::size_t count(std::uint64_t entity) const = 0;
  // Gets entity e ready for emit(); called for every entity in order, even skipped ones, so it
  // may advance running numbers (the id of a child in another table). Returns count(e).
  virtual std::size_t prepare(std::uint64_t entity) { return count(entity); }
  // The index-th row (from 0) of the entity prepared last.
  virtual void emit(std::size_t index, Row& row) = 0;

  // The 1-based number of the row being made: its id, where the table has one.
  std::uint64_t row_number() const { return row_number_; }
  // The entity prepared last: the one whose rows emit() makes.
  std::uint64_t entity() const { return entity_; }

 private:
  bool advance();  // to the next entity with rows left; false at the end

  std::uint64_t entities_;
  std::uint64_t entity_ = 0;   // prepared last
  std::size_t entity_rows_ = 0;
  std::size_t emitted_ = 0;    // rows of the entity already made or skipped
  std::uint64_t row_number_ = 0;
  mutable std::optional<std::uint64_t> rows_;
};

// A table made from a vertical's model (the facts its tables share), with the model's seed.
template <typename Model>
class ModelTable : public EntityTable {
 protected:
  ModelTable(std::shared_ptr<const Model> model, std::string table, std::vector<std::string> columns,
             std::uint64_t entities)
      : EntityTable(std::move(table), std::move(columns), entities), model_(std::move(model)) {}
  Rng rng(std::uint64_t stream, std::uint64_t entity) const { return Rng(model_->seed(), stream, entity); }
  std::shared_ptr<const Model> model_;
};

// One row per entity.
template <typename Model>
class RowPerEntity : public ModelTable<Model> {
 protected:
  using ModelTable<Model>::ModelTable;
  std::size_t count(std::uint64_t) const override { return 1; }
};

// Children per parent, random yet addressable: parents come in blocks of `block`, whose
// children number exactly `per_block` in all (each parent lo..hi of them), so where a parent's
// children start is known without counting the children of every parent before it.
class Allotment {
 public:
  Allotment(std::uint64_t seed, std::uint64_t stream, std::uint64_t parents, unsigned block, unsigned per_block,
            unsigned lo, unsigned hi);
  struct Range {
    std::uint64_t first = 1;  // 1-based number of the first child
    unsigned count = 0;
  };
  Range of(std::uint64_t parent) const;
  std::uint64_t total() const;

 private:
  const std::vector<unsigned>& counts(std::uint64_t block) const;  // of a block's parents

  std::uint64_t seed_, stream_, parents_;
  unsigned block_, per_block_, lo_, hi_;
  mutable std::uint64_t cached_block_ = ~0ULL;
  mutable std::vector<unsigned> cached_;
};

}  // namespace bcdb::seed
