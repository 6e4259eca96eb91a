#include "seed/table.h"

#include "seed/random.h"

namespace bcdb::seed {

std::uint64_t EntityTable::rows() const {
  if (!rows_) {
    std::uint64_t total = 0;
    for (std::uint64_t e = 1; e <= entities_; ++e) total += count(e);
    rows_ = total;
  }
  return *rows_;
}

bool EntityTable::advance() {
  while (emitted_ == entity_rows_) {
    if (entity_ == entities_) return false;
    entity_rows_ = prepare(++entity_);
    emitted_ = 0;
  }
  return true;
}

bool EntityTable::next(Row& row) {
  if (!advance()) return false;
  row.resize(columns().size());
  ++row_number_;
  emit(emitted_++, row);
  return true;
}

void EntityTable::skip(std::uint64_t n) {
  while (n > 0 && advance()) {
    std::uint64_t take = std::min<std::uint64_t>(n, entity_rows_ - emitted_);
    emitted_ += static_cast<std::size_t>(take);
    row_number_ += take;
    n -= take;
  }
}

Allotment::Allotment(std::uint64_t seed, std::uint64_t stream, std::uint64_t parents, unsigned block,
                     unsigned per_block, unsigned lo, unsigned hi)
    : seed_(seed), stream_(stream), parents_(parents), block_(block), per_block_(per_block), lo_(lo), hi_(hi) {}

const std::vector<unsigned>& Allotment::counts(std::uint64_t block) const {
  if (block == cached_block_) return cached_;
  cached_.assign(block_, lo_);
  Rng rng(seed_, stream_, block);
  for (unsigned extra = per_block_ - lo_ * block_; extra > 0;) {
    auto i = static_cast<std::size_t>(rng.below(block_));
    if (cached_[i] < hi_) {
      ++cached_[i];
      --extra;
    }
  }
  cached_block_ = block;
  return cached_;
}

Allotment::Range Allotment::of(std::uint64_t parent) const {
  std::uint64_t block = (parent - 1) / block_;
  const auto& c = counts(block);
  Range r;
  r.first = block * per_block_ + 1;
  auto index = static_cast<std::size_t>((parent - 1) % block_);
  for (std::size_t i = 0; i < index; ++i) r.first += c[i];
  r.count = c[index];
  return r;
}

std::uint64_t Allotment::total() const {
  if (parents_ == 0) return 0;
  Range last = of(parents_);
  return last.first + last.count - 1;
}

}  // namespace bcdb::seed
