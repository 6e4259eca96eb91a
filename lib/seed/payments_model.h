#pragma once
// The payments vertical's facts as pure functions of (seed, entity): a merchant's currency,
// what became of a payment intent, its charges and refunds. Tables (payments.cpp) read them.
#include <array>
#include <cstdint>
#include <string_view>

#include "seed/table.h"
#include "seed/vertical.h"

namespace bcdb::seed::payments {

struct Currency {
  std::string_view code, name;
  int minor_units;
  std::string_view symbol;
};
inline constexpr std::array<Currency, 8> kCurrencies = {{
    {"CHF", "Swiss franc", 2, "CHF"},
    {"DKK", "Danish krone", 2, "kr."},
    {"EUR", "Euro", 2, "€"},
    {"GBP", "Pound sterling", 2, "£"},
    {"JPY", "Japanese yen", 0, "¥"},
    {"PLN", "Polish złoty", 2, "zł"},
    {"SEK", "Swedish krona", 2, "kr"},
    {"USD", "United States dollar", 2, "$"},
}};

enum class Status { requires_payment_method, processing, succeeded, canceled };
inline constexpr std::array<std::string_view, 4> kStatusNames = {"requires_payment_method", "processing", "succeeded",
                                                                 "canceled"};

struct Refund {
  std::int64_t amount = 0;
  bool succeeded = true;  // else pending or failed: no money moved
  std::size_t status = 0;  // index into {"succeeded", "pending", "failed"}
};

// What happened to one payment intent.
struct Intent {
  std::uint64_t account = 0;
  std::uint64_t method = 0;  // 0: none attached
  std::int64_t amount = 0;
  std::size_t currency = 0;  // index into kCurrencies
  Status status = Status::requires_payment_method;
  std::int64_t created = 0;
  bool failed_charge = false;     // a declined attempt (before the successful one, if any)
  bool succeeded_charge = false;
  std::int64_t fee = 0;           // of the successful charge
  std::array<Refund, 2> refunds;  // of the successful charge
  std::size_t refund_count = 0;
  std::size_t charge_count() const { return (failed_charge ? 1 : 0) + (succeeded_charge ? 1 : 0); }
  std::size_t settled_refunds() const;
};

class Platform {
 public:
  explicit Platform(const Params& params);
  std::uint64_t seed() const { return seed_; }

  std::uint64_t intents, accounts, methods;
  static constexpr std::uint64_t kWeeks = 104;  // of payouts per account: 2023 and 2024
  Allotment endpoints;                           // of each account: 1 or 2
  std::int64_t start, now;                       // intents span 2023 and 2024, as of 2025-01-01

  std::size_t account_currency(std::uint64_t account) const;  // index into kCurrencies
  std::int64_t account_created(std::uint64_t account) const;
  std::uint64_t method_account(std::uint64_t method) const { return 1 + (method - 1) % accounts; }
  std::int64_t method_created(std::uint64_t method) const;
  Intent intent(std::uint64_t id) const;

 private:
  std::uint64_t seed_;
};

}  // namespace bcdb::seed::payments
