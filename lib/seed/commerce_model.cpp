#include "seed/commerce_model.h"

#include <algorithm>

namespace bcdb::seed::commerce {
namespace {

constexpr std::uint64_t kCustomerTime = stream_id("commerce.customer.time");
constexpr std::uint64_t kCustomerCountry = stream_id("commerce.customer.country");
constexpr std::uint64_t kAddresses = stream_id("commerce.addresses");
constexpr std::uint64_t kProductTime = stream_id("commerce.product.time");
constexpr std::uint64_t kPrice = stream_id("commerce.product.price");
constexpr std::uint64_t kOrderTime = stream_id("commerce.order.time");
constexpr std::uint64_t kOrderCustomer = stream_id("commerce.order.customer");
constexpr std::uint64_t kOrderLines = stream_id("commerce.order.lines");
constexpr std::uint64_t kOrderStatus = stream_id("commerce.order.status");
constexpr std::uint64_t kOrderPayments = stream_id("commerce.order.payments");
constexpr std::uint64_t kOrderShipments = stream_id("commerce.order.shipments");
constexpr std::uint64_t kCartTime = stream_id("commerce.cart.time");

std::uint64_t at_least(std::uint64_t value, std::uint64_t floor) { return std::max(value, floor); }

}  // namespace

Shop::Shop(const Params& params)
    : orders(params.scale),
      customers(at_least(params.scale / 3, 10)),
      products(at_least(params.scale / 10, 20)),
      categories(kTopCategories + std::min<std::uint64_t>(192, params.scale / 500)),
      carts(at_least(params.scale / 5, 5)),
      addresses(params.seed, kAddresses, customers, 16, 24, 1, 2),
      opened(epoch_seconds(2022, 7, 1)),
      first_order(epoch_seconds(2023, 1, 1)),
      now(epoch_seconds(2025, 1, 1)),
      params_(params) {}

std::int64_t Shop::spread(std::uint64_t stream, std::uint64_t i, std::uint64_t n, std::int64_t from,
                          std::int64_t to) const {
  auto span = static_cast<std::uint64_t>(to - from);
  std::uint64_t start = (i - 1) * span / n;
  Rng rng(params_.seed, stream, i);
  return from + static_cast<std::int64_t>(start + rng.below(at_least(span / n, 1)));
}

std::int64_t Shop::customer_created(std::uint64_t c) const { return spread(kCustomerTime, c, customers, opened, now - kDay); }

const words::Country& Shop::customer_country(std::uint64_t c) const {
  Rng rng(params_.seed, kCustomerCountry, c);
  return words::kCountries[rng.weighted({30, 25, 15, 12, 10, 8})];
}

std::int64_t Shop::product_created(std::uint64_t p) const {
  return spread(kProductTime, p, products, epoch_seconds(2022, 1, 1), opened);
}

std::int64_t Shop::price(std::uint64_t p) const {
  Rng rng(params_.seed, kPrice, p);
  static constexpr std::array<std::int64_t, 4> kLow = {1, 10, 50, 200}, kHigh = {9, 49, 199, 999};
  std::size_t band = rng.weighted({20, 45, 25, 10});
  std::int64_t euros = rng.between(kLow[band], kHigh[band]);
  static constexpr std::array<std::int64_t, 3> kCents = {99, 49, 0};
  std::int64_t cents = kCents[rng.weighted({70, 15, 15})];
  return cents ? (euros - 1) * 100 + cents : euros * 100;  // 19.99, 19.49 or 20.00
}

std::int64_t Shop::placed(std::uint64_t o) const { return spread(kOrderTime, o, orders, first_order, now - 3600); }

std::uint64_t Shop::customer_by(std::int64_t time, Rng& rng) const {
  // Customers whose sign-up slot ended before `time` (spread() puts customer c in slot c).
  auto span = static_cast<std::uint64_t>(now - kDay - opened);
  std::uint64_t known = time <= opened ? 1 : static_cast<std::uint64_t>(time - opened) * customers / span;
  known = std::clamp<std::uint64_t>(known, 1, customers);
  return rng.percent(50) ? known - rng.skewed(known, 2) : 1 + rng.below(known);
}

std::uint64_t Shop::customer_of(std::uint64_t o) const {
  Rng rng(params_.seed, kOrderCustomer, o);
  // The start of the order's slot: every customer chosen signed up before it.
  auto span = static_cast<std::uint64_t>(now - 3600 - first_order);
  return customer_by(first_order + static_cast<std::int64_t>((o - 1) * span / orders), rng);
}

std::size_t Shop::line_count(std::uint64_t o) const {
  Rng rng(params_.seed, kOrderLines, o);
  return 1 + rng.weighted({40, 30, 15, 10, 5});
}

std::uint64_t Shop::popular_product_besides(Rng& rng, const std::uint64_t* taken, std::size_t n) const {
  auto used = [&](std::uint64_t p) { return std::find(taken, taken + n, p) != taken + n; };
  std::uint64_t p = popular_product(rng);
  for (int retry = 0; retry < 3 && used(p); ++retry) p = popular_product(rng);
  while (used(p)) p = p % products + 1;
  return p;
}

Lines Shop::lines(std::uint64_t o) const {
  Rng rng(params_.seed, kOrderLines, o);
  Lines out;
  out.count = 1 + rng.weighted({40, 30, 15, 10, 5});  // as line_count()
  std::array<std::uint64_t, 5> taken{};
  for (std::size_t i = 0; i < out.count; ++i) {
    Line& line = out.items[i];
    line.product = taken[i] = popular_product_besides(rng, taken.data(), i);
    line.quantity = 1 + static_cast<std::int64_t>(rng.weighted({70, 20, 7, 3}));
    line.unit_price = price(line.product);
    out.subtotal += line.quantity * line.unit_price;
  }
  return out;
}

Status Shop::status(std::uint64_t o) const {
  Rng rng(params_.seed, kOrderStatus, o);
  std::int64_t age = now - placed(o);
  using S = Status;
  if (age < kDay) return std::array{S::pending, S::paid, S::cancelled}[rng.weighted({55, 35, 10})];
  if (age < 4 * kDay) return std::array{S::paid, S::shipped, S::cancelled}[rng.weighted({25, 65, 10})];
  if (age < 10 * kDay)
    return std::array{S::shipped, S::delivered, S::cancelled, S::refunded}[rng.weighted({35, 55, 5, 5})];
  return std::array{S::delivered, S::cancelled, S::refunded}[rng.weighted({88, 6, 6})];
}

Payments Shop::payments(std::uint64_t o) const {
  Rng rng(params_.seed, kOrderPayments, o);
  switch (status(o)) {
    case Status::pending: return {rng.percent(40) ? 1u : 0u, false};  // authorised, not captured yet
    case Status::cancelled: return {rng.percent(50) ? 1u : 0u, true};  // a declined card, or none
    case Status::refunded: return {1, false};
    default: {
      bool failed = rng.percent(7);
      return {failed ? 2u : 1u, failed};
    }
  }
}

std::size_t Shop::shipment_count(std::uint64_t o) const {
  Status s = status(o);
  if (s != Status::shipped && s != Status::delivered && s != Status::refunded) return 0;
  Rng rng(params_.seed, kOrderShipments, o);
  return line_count(o) >= 3 && rng.percent(15) ? 2 : 1;  // some big orders ship in two parcels
}

std::int64_t Shop::cart_created(std::uint64_t cart) const {
  return spread(kCartTime, cart, carts, now - 60 * kDay, now - 3600);
}

}  // namespace bcdb::seed::commerce
