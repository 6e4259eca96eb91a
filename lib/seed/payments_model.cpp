#include "seed/payments_model.h"

#include <algorithm>

#include "seed/random.h"

namespace bcdb::seed::payments {
namespace {

constexpr std::uint64_t S(std::string_view name) { return stream_id(name); }

std::int64_t spread(std::uint64_t seed, std::uint64_t stream, std::uint64_t i, std::uint64_t n, std::int64_t from,
                    std::int64_t to) {
  auto span = static_cast<std::uint64_t>(to - from);
  Rng rng(seed, stream, i);
  return from + static_cast<std::int64_t>((i - 1) * span / n + rng.below(std::max<std::uint64_t>(span / n, 1)));
}

}  // namespace

std::size_t Intent::settled_refunds() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < refund_count; ++i) n += refunds[i].succeeded;
  return n;
}

Platform::Platform(const Params& params)
    : intents(params.scale),
      accounts(std::max<std::uint64_t>(params.scale / 250, 3)),
      methods(std::max<std::uint64_t>(params.scale / 2, 5)),
      endpoints(params.seed, S("payments.endpoints"), accounts, 4, 6, 1, 2),
      start(epoch_seconds(2023, 1, 1)),
      now(epoch_seconds(2025, 1, 1)),
      seed_(params.seed) {}

std::size_t Platform::account_currency(std::uint64_t account) const {
  Rng r(seed_, S("payments.account.currency"), account);
  // CHF DKK EUR GBP JPY PLN SEK USD
  return r.weighted({4, 3, 55, 12, 3, 4, 4, 15});
}

std::int64_t Platform::account_created(std::uint64_t account) const {
  return spread(seed_, S("payments.account.time"), account, accounts, epoch_seconds(2021, 1, 1), start);
}

std::int64_t Platform::method_created(std::uint64_t method) const {
  return spread(seed_, S("payments.method.time"), method, methods, epoch_seconds(2022, 7, 1), now - kDay);
}

Intent Platform::intent(std::uint64_t id) const {
  Rng r(seed_, S("payments.intent"), id);
  Intent in;
  in.created = spread(seed_, S("payments.intent.time"), id, intents, start, now - 3600);
  in.account = 1 + r.skewed(accounts, 2);  // a few big merchants, many small ones
  std::size_t home = account_currency(in.account);
  in.currency = r.percent(90) ? home : r.below(kCurrencies.size());
  static constexpr std::array<std::int64_t, 4> kLow = {500, 2000, 10000, 50000}, kHigh = {1999, 9999, 49999, 500000};
  std::size_t band = r.weighted({40, 35, 20, 5});
  in.amount = r.between(kLow[band], kHigh[band]);

  // A method of this merchant that existed by then: merchant a has methods a, a + A, a + 2A, ...
  // created in that order over time.
  auto span = static_cast<std::uint64_t>(now - kDay - epoch_seconds(2022, 7, 1));
  std::uint64_t known = static_cast<std::uint64_t>(in.created - epoch_seconds(2022, 7, 1)) * methods / span;
  known = std::min(known, methods);
  std::uint64_t mine = known >= in.account ? (known - in.account) / accounts + 1 : 0;
  bool attached = mine > 0 && r.percent(95);
  if (attached) in.method = in.account + (mine - 1 - r.skewed(mine, 2)) * accounts;  // recent ones more

  std::int64_t age = now - in.created;
  if (!attached) in.status = Status::requires_payment_method;
  else if (age < kDay && r.percent(20)) in.status = Status::processing;
  else in.status = std::array{Status::succeeded, Status::requires_payment_method, Status::canceled}[r.weighted({84, 6, 10})];

  switch (in.status) {
    case Status::succeeded:
      in.failed_charge = r.percent(8);
      in.succeeded_charge = true;
      break;
    case Status::requires_payment_method: in.failed_charge = attached && r.percent(35); break;
    case Status::canceled: in.failed_charge = r.percent(20); break;
    case Status::processing: break;
  }
  if (in.succeeded_charge) {
    in.fee = in.amount * 14 / 1000 + 25;  // 1.4% + 0.25
    if (r.percent(7)) {
      bool full = r.percent(60);
      std::int64_t first = full ? in.amount : r.between(1, in.amount - 1);
      in.refunds[0].amount = first;
      in.refund_count = 1;
      if (!full && r.percent(15)) in.refunds[in.refund_count++].amount = r.between(1, in.amount - first);
      for (std::size_t i = 0; i < in.refund_count; ++i) {
        in.refunds[i].status = age < 3 * kDay ? r.weighted({60, 40, 0}) : r.weighted({97, 0, 3});
        in.refunds[i].succeeded = in.refunds[i].status == 0;
      }
    }
  }
  return in;
}

}  // namespace bcdb::seed::payments
