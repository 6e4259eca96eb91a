#pragma once
// The commerce vertical's facts as pure functions of (seed, entity): when a customer signed
// up, what an order holds and costs, what happened to it. The table streams (commerce.cpp)
// read them, so rows that refer to each other agree without any row being kept.
#include <array>
#include <cstdint>

#include "seed/random.h"
#include "seed/table.h"
#include "seed/vertical.h"
#include "seed/words.h"

namespace bcdb::seed::commerce {

enum class Status { pending, paid, shipped, delivered, cancelled, refunded };
inline constexpr std::array<std::string_view, 6> kStatusNames = {"pending",   "paid",      "shipped",
                                                                 "delivered", "cancelled", "refunded"};

struct Line {
  std::uint64_t product = 0;
  std::int64_t quantity = 0;
  std::int64_t unit_price = 0;  // cents
};

struct Lines {
  std::array<Line, 5> items;
  std::size_t count = 0;
  std::int64_t subtotal = 0;  // cents
};

struct Payments {
  std::size_t count = 0;
  bool failed_first = false;  // an attempt that failed before the one that went through
};

class Shop {
 public:
  explicit Shop(const Params& params);

  // Row counts: orders are --scale, the rest in fixed proportions.
  std::uint64_t orders, customers, products, categories, carts;
  static constexpr std::uint64_t kTopCategories = words::kTopCategories.size();
  Allotment addresses;  // of each customer: 1 or 2, 1.5 on average

  std::uint64_t seed() const { return params_.seed; }
  // The shop opened mid-2022, orders span 2023 and 2024, the data is as of 2025-01-01.
  std::int64_t opened, first_order, now;

  std::int64_t customer_created(std::uint64_t customer) const;
  const words::Country& customer_country(std::uint64_t customer) const;
  std::int64_t product_created(std::uint64_t product) const;
  std::int64_t price(std::uint64_t product) const;  // cents
  std::uint64_t popular_product(Rng& rng) const { return 1 + rng.skewed(products, 3); }
  // A popular product other than taken[0, n) (the lines of one order, the items of one cart).
  std::uint64_t popular_product_besides(Rng& rng, const std::uint64_t* taken, std::size_t n) const;

  std::int64_t placed(std::uint64_t order) const;
  std::uint64_t customer_of(std::uint64_t order) const;
  std::size_t line_count(std::uint64_t order) const;
  Lines lines(std::uint64_t order) const;
  std::int64_t shipping(std::int64_t subtotal) const { return subtotal >= 5000 ? 0 : 495; }
  Status status(std::uint64_t order) const;
  Payments payments(std::uint64_t order) const;
  std::size_t shipment_count(std::uint64_t order) const;

  std::int64_t cart_created(std::uint64_t cart) const;
  // A customer who had signed up by `time`: half the time a recent one, else anyone.
  std::uint64_t customer_by(std::int64_t time, Rng& rng) const;

 private:
  // The i-th of n moments spread evenly over [from, to), each at a random point of its slot.
  std::int64_t spread(std::uint64_t stream, std::uint64_t i, std::uint64_t n, std::int64_t from, std::int64_t to) const;

  Params params_;
};

}  // namespace bcdb::seed::commerce
