#pragma once
// The demo verticals bcdb seed fills: their names, main tables and row streams.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "seed/table.h"

namespace bcdb::seed {

struct Params {
  std::uint64_t scale = 1000;  // rows of the vertical's main table
  std::uint64_t seed = 1;
};

struct VerticalInfo {
  std::string name;        // "commerce"
  std::string main_table;  // the table --scale counts the rows of
  std::string summary;
};

const std::vector<VerticalInfo>& verticals();
std::vector<std::string> vertical_names();
// UsageError for an unknown name, listing the known ones.
const VerticalInfo& vertical(std::string_view name);

// The vertical's tables in an order their foreign keys allow (parents first), each a fresh
// stream at its first row.
using Tables = std::vector<std::unique_ptr<TableSource>>;
Tables make_tables(std::string_view vertical, const Params& params);

// Streams of types T..., each made from the same model, in this order.
template <typename... T, typename Model>
Tables tables_of(const std::shared_ptr<const Model>& model) {
  Tables tables;
  (tables.push_back(std::make_unique<T>(model)), ...);
  return tables;
}

// One per vertical (commerce.cpp, auth.cpp, payments.cpp).
Tables commerce_tables(const Params& params);
Tables auth_tables(const Params& params);
Tables payments_tables(const Params& params);

}  // namespace bcdb::seed
