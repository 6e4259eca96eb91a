// The payments vertical's tables (manifests/payments/), parents first. Payment intents are
// --scale; charges, refunds, ledger and webhook deliveries stream intent by intent, payouts
// merchant by merchant.
#include <memory>

#include "seed/payments_model.h"
#include "seed/words.h"

namespace bcdb::seed {
namespace {

using namespace payments;
using words::W;

constexpr std::uint64_t S(std::string_view name) { return stream_id(name); }
constexpr std::uint64_t kKeys = S("payments.keys");

using Model = std::shared_ptr<const Platform>;
constexpr std::array<W, 3> kRefundStatus = {"succeeded", "pending", "failed"};

struct Payout {
  std::uint64_t id = 0;
  std::int64_t amount = 0, created = 0;
  std::size_t status = 0;  // index into {"paid", "failed", "in_transit", "pending"}
};

Payout payout(const Platform& p, std::uint64_t account, std::uint64_t week) {
  Payout out;
  out.id = (account - 1) * Platform::kWeeks + week + 1;
  Rng r(p.seed(), S("payments.payout"), out.id);
  out.created = p.start + static_cast<std::int64_t>(week) * 7 * kDay + 2 * 3600 + static_cast<std::int64_t>(r.below(3600));
  out.amount = r.between(10000, 2000000);
  out.status = week + 1 == Platform::kWeeks ? 2 + r.below(2) : r.percent(3) ? 1 : 0;
  return out;
}

std::size_t paid_payouts(const Platform& p, std::uint64_t account) {
  std::size_t n = 0;
  for (std::uint64_t w = 0; w < Platform::kWeeks; ++w) n += payout(p, account, w).status == 0;
  return n;
}

void append_reference(std::string& s, W prefix, std::uint64_t id) {
  s.append(prefix);
  append_base36(s, scramble(id, kKeys ^ stream_id(prefix), 48), 10);  // unique per prefix
}

class Currencies final : public RowPerEntity<Platform> {
 public:
  explicit Currencies(Model m) : RowPerEntity(m, "currencies", {"code", "name", "minor_units", "symbol"}, kCurrencies.size()) {}

 private:
  void emit(std::size_t, Row& row) override {
    const Currency& c = kCurrencies[row_number() - 1];
    set(row[0], c.code);
    set(row[1], c.name);
    set_int(row[2], c.minor_units);
    set(row[3], c.symbol);
  }
};

class Accounts final : public RowPerEntity<Platform> {
 public:
  explicit Accounts(Model m)
      : RowPerEntity(m, "accounts", {"id", "name", "email", "country", "default_currency", "status", "created_at"},
                     m->accounts) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("payments.account"), id);
    std::size_t currency = model_->account_currency(id);
    static constexpr std::array<W, 8> kCountry = {"CH", "DK", "NL", "GB", "JP", "PL", "SE", "US"};
    W company = r.pick(words::kCompanies), suffix = r.pick(words::kCompanySuffixes);
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) { s.append(company).append(" ").append(suffix); });
    compose(row[2], [&](std::string& s) {
      s += "finance@";
      append_slug(s, company);
      append_int(s, static_cast<std::int64_t>(id));  // unique
      s += ".example";
    });
    set(row[3], currency == 2 ? r.pick(std::array<W, 4>{"NL", "DE", "FR", "BE"}) : kCountry[currency]);
    set(row[4], kCurrencies[currency].code);
    set(row[5], std::array<W, 3>{"active", "restricted", "closed"}[r.weighted({90, 5, 5})]);
    set_time(row[6], model_->account_created(id));
  }
};

class Methods final : public RowPerEntity<Platform> {
 public:
  explicit Methods(Model m)
      : RowPerEntity(m, "payment_methods",
                     {"id", "account_id", "kind", "brand", "last4", "exp_month", "exp_year", "fingerprint",
                      "created_at"},
                     m->methods) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("payments.method"), id);
    std::size_t kind = r.weighted({80, 15, 5});
    std::int64_t created = model_->method_created(id);
    set_id(row[0], id);
    set_id(row[1], model_->method_account(id));
    set(row[2], std::array<W, 3>{"card", "sepa_debit", "bank_transfer"}[kind]);
    compose(row[4], [&](std::string& s) { append_int(s, r.between(0, 9999), 4); });
    if (kind == 0) {
      set(row[3], std::array<W, 3>{"visa", "mastercard", "amex"}[r.weighted({55, 38, 7})]);
      set_int(row[5], r.between(1, 12));
      set_int(row[6], 2025 + r.between(0, 5));
    } else {
      set_null(row[3]);
      set_null(row[5]);
      set_null(row[6]);
    }
    compose(row[7], [&](std::string& s) { append_hex(s, r.next(), 16); });
    set_time(row[8], created);
  }
};

class Intents final : public RowPerEntity<Platform> {
 public:
  explicit Intents(Model m)
      : RowPerEntity(m, "payment_intents",
                     {"id", "account_id", "payment_method_id", "amount", "currency", "status", "description",
                      "created_at"},
                     m->intents) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Intent in = model_->intent(id);
    Rng r = rng(S("payments.intent.details"), id);
    set_id(row[0], id);
    set_id(row[1], in.account);
    if (in.method) set_id(row[2], in.method);
    else set_null(row[2]);
    set_int(row[3], in.amount);
    set(row[4], kCurrencies[in.currency].code);
    set(row[5], kStatusNames[static_cast<std::size_t>(in.status)]);
    if (r.percent(85))
      compose(row[6], [&](std::string& s) {
        s += std::array<W, 4>{"Order #", "Invoice INV-", "Subscription renewal ", "Booking "}[r.below(4)];
        append_int(s, r.between(1000, 999999));
      });
    else
      set_null(row[6]);
    set_time(row[7], in.created);
  }
};

class Charges final : public ModelTable<Platform> {
 public:
  explicit Charges(Model m)
      : ModelTable(m, "charges",
                   {"id", "payment_intent_id", "amount", "fee", "currency", "status", "failure_code", "created_at"},
                   m->intents) {}

 private:
  std::size_t count(std::uint64_t intent) const override { return model_->intent(intent).charge_count(); }
  std::size_t prepare(std::uint64_t intent) override {
    id_ = intent;
    in_ = model_->intent(intent);
    return in_.charge_count();
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("payments.charge"), id);
    bool failed = in_.failed_charge && index == 0;
    set_id(row[0], id);
    set_id(row[1], id_);
    set_int(row[2], in_.amount);
    set_int(row[3], failed ? 0 : in_.fee);
    set(row[4], kCurrencies[in_.currency].code);
    set(row[5], failed ? "failed" : "succeeded");
    if (failed) set(row[6], r.pick(std::array<W, 4>{"card_declined", "insufficient_funds", "expired_card", "do_not_honor"}));
    else set_null(row[6]);
    set_time(row[7], in_.created + 30 + static_cast<std::int64_t>(index) * 90 + static_cast<std::int64_t>(r.below(30)));
  }
  std::uint64_t id_ = 0;
  Intent in_;
};

class Refunds final : public ModelTable<Platform> {
 public:
  explicit Refunds(Model m)
      : ModelTable(m, "refunds", {"id", "charge_id", "amount", "currency", "reason", "status", "created_at"},
                   m->intents) {}

 private:
  std::size_t count(std::uint64_t intent) const override { return model_->intent(intent).refund_count; }
  std::size_t prepare(std::uint64_t intent) override {
    in_ = model_->intent(intent);
    charges_ += in_.charge_count();  // the successful charge is the intent's last
    return in_.refund_count;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("payments.refund"), id);
    const Refund& refund = in_.refunds[index];
    set_id(row[0], id);
    set_id(row[1], charges_);
    set_int(row[2], refund.amount);
    set(row[3], kCurrencies[in_.currency].code);
    set(row[4], std::array<W, 3>{"requested_by_customer", "duplicate", "fraudulent"}[r.weighted({85, 10, 5})]);
    set(row[5], kRefundStatus[refund.status]);
    std::int64_t at = in_.created + kDay + static_cast<std::int64_t>(index) * kDay +
                      static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(20 * kDay)));
    set_time(row[6], std::min(at, model_->now - 60));
  }
  std::uint64_t charges_ = 0;
  Intent in_;
};

class Payouts final : public ModelTable<Platform> {
 public:
  explicit Payouts(Model m)
      : ModelTable(m, "payouts", {"id", "account_id", "amount", "currency", "status", "arrival_date", "created_at"},
                   m->accounts) {}

 private:
  std::size_t count(std::uint64_t) const override { return Platform::kWeeks; }
  std::size_t prepare(std::uint64_t account) override {
    account_ = account;
    currency_ = model_->account_currency(account);
    return Platform::kWeeks;
  }
  void emit(std::size_t week, Row& row) override {
    Payout p = payout(*model_, account_, week);
    set_id(row[0], p.id);
    set_id(row[1], account_);
    set_int(row[2], p.amount);
    set(row[3], kCurrencies[currency_].code);
    set(row[4], std::array<W, 4>{"paid", "failed", "in_transit", "pending"}[p.status]);
    set_date(row[5], p.created + 2 * kDay);
    set_time(row[6], p.created);
  }
  std::uint64_t account_ = 0;
  std::size_t currency_ = 0;
};

// The ledger's transactions in order: for each intent its successful charge and settled
// refunds, then for each merchant its paid payouts. Shared by both ledger tables.
class LedgerEvents {
 public:
  struct Entry {
    W book;
    std::int64_t amount;
  };
  struct Transaction {
    W kind;
    W prefix;            // of the reference
    std::uint64_t source = 0;  // charge, refund or payout id
    std::size_t currency = 0;
    std::int64_t at = 0;
    std::uint64_t account = 0;
    std::array<Entry, 3> entries{};
    std::size_t entry_count = 0;
  };

  explicit LedgerEvents(Model m) : model_(std::move(m)) {}
  std::uint64_t entities() const { return model_->intents + model_->accounts; }

  std::size_t count(std::uint64_t e) const {
    if (e > model_->intents) return paid_payouts(*model_, e - model_->intents);
    Intent in = model_->intent(e);
    return (in.succeeded_charge ? 1 : 0) + in.settled_refunds();
  }

  // Makes entity e's transactions, numbering them after those of earlier entities.
  std::size_t prepare(std::uint64_t e) {
    first_id_ += transactions_.size();
    transactions_.clear();
    if (e > model_->intents) {
      std::uint64_t account = e - model_->intents;
      std::size_t currency = model_->account_currency(account);
      for (std::uint64_t w = 0; w < Platform::kWeeks; ++w) {
        Payout p = payout(*model_, account, w);
        if (p.status != 0) continue;
        add({"payout", "po_", p.id, currency, p.created + 3600, account,
             {{{"merchant_balance", p.amount}, {"platform_cash", -p.amount}}}, 2});
      }
      return transactions_.size();
    }
    Intent in = model_->intent(e);
    charges_ += in.charge_count();
    if (in.succeeded_charge)
      add({"charge", "ch_", charges_, in.currency, in.created + 120, in.account,
           {{{"platform_cash", in.amount}, {"merchant_balance", -(in.amount - in.fee)}, {"platform_fees", -in.fee}}},
           3});
    for (std::size_t i = 0; i < in.refund_count; ++i) {
      ++refunds_;
      const Refund& r = in.refunds[i];
      if (!r.succeeded) continue;
      add({"refund", "re_", refunds_, in.currency, std::min(in.created + (2 + static_cast<std::int64_t>(i)) * kDay, model_->now - 60),
           in.account, {{{"merchant_balance", r.amount}, {"platform_cash", -r.amount}}}, 2});
    }
    return transactions_.size();
  }
  const Transaction& transaction(std::size_t index) const { return transactions_[index]; }
  std::uint64_t id(std::size_t index) const { return first_id_ + index + 1; }

 private:
  void add(Transaction t) { transactions_.push_back(t); }

  Model model_;
  std::vector<Transaction> transactions_;  // of the entity prepared last
  std::uint64_t first_id_ = 0;             // transactions before it
  std::uint64_t charges_ = 0, refunds_ = 0;  // ids given out so far
};

class LedgerTransactions final : public ModelTable<Platform> {
 public:
  explicit LedgerTransactions(Model m)
      : ModelTable(m, "ledger_transactions", {"id", "kind", "reference", "currency", "occurred_at"},
                   m->intents + m->accounts),
        events_(m) {}

 private:
  std::size_t count(std::uint64_t e) const override { return events_.count(e); }
  std::size_t prepare(std::uint64_t e) override { return events_.prepare(e); }
  void emit(std::size_t index, Row& row) override {
    const auto& t = events_.transaction(index);
    set_id(row[0], row_number());
    set(row[1], t.kind);
    compose(row[2], [&](std::string& s) { append_reference(s, t.prefix, t.source); });
    set(row[3], kCurrencies[t.currency].code);
    set_time(row[4], t.at);
  }
  LedgerEvents events_;
};

class LedgerEntries final : public ModelTable<Platform> {
 public:
  explicit LedgerEntries(Model m)
      : ModelTable(m, "ledger_entries", {"id", "transaction_id", "account_id", "book", "amount"},
                   m->intents + m->accounts),
        events_(m) {}

 private:
  std::size_t count(std::uint64_t e) const override {
    if (e > model_->intents) return 2 * paid_payouts(*model_, e - model_->intents);
    Intent in = model_->intent(e);
    return (in.succeeded_charge ? 3 : 0) + 2 * in.settled_refunds();
  }
  std::size_t prepare(std::uint64_t e) override {
    std::size_t n = 0;
    for (std::size_t i = 0, count = events_.prepare(e); i < count; ++i) n += events_.transaction(i).entry_count;
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    std::size_t t = 0;
    while (index >= events_.transaction(t).entry_count) index -= events_.transaction(t++).entry_count;
    const auto& tx = events_.transaction(t);
    set_id(row[0], row_number());
    set_id(row[1], events_.id(t));
    set_id(row[2], tx.account);
    set(row[3], tx.entries[index].book);
    set_int(row[4], tx.entries[index].amount);
  }
  LedgerEvents events_;
};

class Endpoints final : public ModelTable<Platform> {
 public:
  explicit Endpoints(Model m)
      : ModelTable(m, "webhook_endpoints", {"id", "account_id", "url", "secret_hash", "events", "enabled", "created_at"},
                   m->accounts) {}

 private:
  std::size_t count(std::uint64_t account) const override { return model_->endpoints.of(account).count; }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number(), account = entity();
    Rng r = rng(S("payments.endpoint"), id);
    set_id(row[0], id);
    set_id(row[1], account);
    compose(row[2], [&](std::string& s) {
      s += "https://hooks.merchant";
      append_int(s, static_cast<std::int64_t>(account));
      s += ".example/payments/";
      s += index == 0 ? "live" : "audit";
    });
    compose(row[3], [&](std::string& s) {
      for (int i = 0; i < 4; ++i) append_hex(s, r.next(), 16);
    });
    set(row[4], index == 0 ? "payment_intent.succeeded,payment_intent.canceled,charge.refunded"
                           : "payment_intent.succeeded");
    set_bool(row[5], r.percent(92));
    set_time(row[6], model_->account_created(account) + kDay * static_cast<std::int64_t>(1 + index * 30));
  }
};

class Deliveries final : public ModelTable<Platform> {
 public:
  explicit Deliveries(Model m)
      : ModelTable(m, "webhook_deliveries",
                   {"id", "endpoint_id", "event_type", "event_ref", "status", "attempts", "response_code",
                    "created_at", "delivered_at"},
                   m->intents) {}

 private:
  // Final intents notify the merchant's first endpoint, and half the time the second too.
  std::size_t count(std::uint64_t intent) const override {
    Intent in = model_->intent(intent);
    if (in.status != Status::succeeded && in.status != Status::canceled) return 0;
    Allotment::Range endpoints = model_->endpoints.of(in.account);
    return endpoints.count > 1 && in.status == Status::succeeded && rng(S("payments.deliveries"), intent).percent(50) ? 2 : 1;
  }
  std::size_t prepare(std::uint64_t intent) override {
    intent_ = intent;
    std::size_t n = count(intent);
    if (n) {
      in_ = model_->intent(intent);
      first_endpoint_ = model_->endpoints.of(in_.account).first;
    }
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("payments.delivery"), id);
    std::size_t status = in_.created > model_->now - 600 ? 2 : r.weighted({95, 5});  // delivered, failed, pending
    std::int64_t attempts = status == 0 ? 1 + static_cast<std::int64_t>(r.skewed(3, 3)) : status == 1 ? 8 : 1;
    std::int64_t created = in_.created + 150 + static_cast<std::int64_t>(r.below(30));
    set_id(row[0], id);
    set_id(row[1], first_endpoint_ + index);
    set(row[2], in_.status == Status::succeeded ? "payment_intent.succeeded" : "payment_intent.canceled");
    compose(row[3], [&](std::string& s) { append_reference(s, "pi_", intent_); });
    set(row[4], std::array<W, 3>{"delivered", "failed", "pending"}[status]);
    set_int(row[5], attempts);
    if (status == 0) set_int(row[6], 200);
    else if (status == 1) set_int(row[6], r.pick(std::array<std::int64_t, 3>{500, 502, 410}));
    else set_null(row[6]);
    set_time(row[7], created);
    if (status == 0) set_time(row[8], created + (attempts - 1) * 300 + 1);
    else set_null(row[8]);
  }
  std::uint64_t intent_ = 0, first_endpoint_ = 0;
  Intent in_;
};

}  // namespace

Tables payments_tables(const Params& params) {
  return tables_of<Currencies, Accounts, Methods, Intents, Charges, Refunds, Payouts, LedgerTransactions,
                   LedgerEntries, Endpoints, Deliveries>(std::make_shared<const Platform>(params));
}

}  // namespace bcdb::seed
