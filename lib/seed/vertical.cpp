#include "seed/vertical.h"

#include "support/error.h"
#include "support/strings.h"

namespace bcdb::seed {

const std::vector<VerticalInfo>& verticals() {
  static const std::vector<VerticalInfo> all = {
      {"commerce", "orders", "a web shop: categories, products, stock, customers, carts, orders, payments, shipments, reviews"},
      {"auth", "users", "identity: users, credentials, roles, permissions, sessions, API keys, MFA factors, audit log"},
      {"payments", "payment_intents",
       "a payment platform: currencies, merchant accounts, payment methods, intents, charges, refunds, payouts, a "
       "double-entry ledger, webhooks"},
  };
  return all;
}

std::vector<std::string> vertical_names() {
  std::vector<std::string> names;
  for (const auto& v : verticals()) names.push_back(v.name);
  return names;
}

const VerticalInfo& vertical(std::string_view name) {
  for (const auto& v : verticals())
    if (v.name == name) return v;
  throw UsageError("unknown vertical '" + std::string(name) + "'; bcdb seed knows " + str::join(vertical_names(), ", "));
}

Tables make_tables(std::string_view name, const Params& params) {
  const auto& v = vertical(name);
  if (v.name == "commerce") return commerce_tables(params);
  if (v.name == "auth") return auth_tables(params);
  return payments_tables(params);
}

}  // namespace bcdb::seed
