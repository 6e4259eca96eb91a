// The commerce vertical's tables (manifests/commerce/), parents first.
#include <memory>

#include "seed/commerce_model.h"

namespace bcdb::seed {
namespace {

using namespace commerce;
using words::W;

constexpr std::uint64_t kKeys = stream_id("commerce.keys");  // scrambles unique keys

// Streams are named, so that adding one never changes the numbers of another.
constexpr std::uint64_t S(std::string_view name) { return stream_id(name); }

using ShopTable = ModelTable<Shop>;
using OnePerEntity = RowPerEntity<Shop>;

class Categories final : public OnePerEntity {
 public:
  explicit Categories(std::shared_ptr<const Shop> s)
      : OnePerEntity(s, "categories", {"id", "parent_id", "slug", "name"}, s->categories) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    set_id(row[0], id);
    if (id <= Shop::kTopCategories) {
      set_null(row[1]);
      compose(row[2], [&](std::string& s) { append_slug(s, words::kTopCategories[id - 1]); });
      set(row[3], words::kTopCategories[id - 1]);
      return;
    }
    std::uint64_t parent = 1 + (id - Shop::kTopCategories - 1) % Shop::kTopCategories;
    Rng r = rng(S("commerce.category"), id);
    W adjective = r.pick(words::kAdjectives);
    set_id(row[1], parent);
    compose(row[3], [&](std::string& s) { s.append(adjective).append(" ").append(words::kTopCategories[parent - 1]); });
    compose(row[2], [&](std::string& s) {
      append_slug(s, *row[3]);
      s += '-';
      append_int(s, static_cast<std::int64_t>(id));
    });
  }
};

class Products final : public OnePerEntity {
 public:
  explicit Products(std::shared_ptr<const Shop> s)
      : OnePerEntity(s, "products",
                     {"id", "sku", "category_id", "name", "description", "price", "currency", "active", "created_at"},
                     s->products) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.product"), id);
    // Leaf categories when there are any.
    std::uint64_t leaves = model_->categories - Shop::kTopCategories;
    std::uint64_t category = leaves ? Shop::kTopCategories + 1 + r.below(leaves) : 1 + r.below(Shop::kTopCategories);
    W top = words::kTopCategories[leaves ? (category - Shop::kTopCategories - 1) % Shop::kTopCategories : category - 1];
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) {
      for (std::size_t i = 0; i < 3; ++i) s += static_cast<char>(top[i] >= 'a' ? top[i] - 'a' + 'A' : top[i]);
      s += '-';
      append_int(s, static_cast<std::int64_t>(id), 6);
    });
    set_id(row[2], category);
    W adjective = r.pick(words::kAdjectives), material = r.pick(words::kMaterials), noun = r.pick(words::kProducts);
    compose(row[3], [&](std::string& s) { s.append(adjective).append(" ").append(material).append(" ").append(noun); });
    if (r.percent(90))
      compose(row[4], [&](std::string& s) {
        s.append("A ").append(material).append(" ").append(noun).append(" for every day. ");
        s.append(r.pick(words::kDescriptions));
      });
    else
      set_null(row[4]);
    set_money(row[5], model_->price(id));
    set(row[6], "EUR");
    set_bool(row[7], r.percent(92));
    set_time(row[8], model_->product_created(id));
  }
};

class Inventory final : public ShopTable {
 public:
  explicit Inventory(std::shared_ptr<const Shop> s)
      : ShopTable(s, "inventory", {"product_id", "warehouse", "on_hand", "reserved", "updated_at"}, s->products) {}

 private:
  std::size_t count(std::uint64_t product) const override { return 1 + rng(S("commerce.inventory"), product).below(3); }
  std::size_t prepare(std::uint64_t product) override {
    product_ = product;
    Rng r = rng(S("commerce.inventory"), product);
    std::size_t n = 1 + r.below(3);  // as count()
    first_ = r.below(words::kWarehouses.size());
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    Rng r = rng(S("commerce.inventory.stock"), product_ * 8 + index);
    auto on_hand = static_cast<std::int64_t>(r.skewed(500, 2));
    set_id(row[0], product_);
    set(row[1], words::kWarehouses[(first_ + index) % words::kWarehouses.size()]);
    set_int(row[2], on_hand);
    set_id(row[3], r.below(static_cast<std::uint64_t>(on_hand / 5 + 1)));
    set_time(row[4], model_->now - static_cast<std::int64_t>(r.below(30 * kDay)));
  }
  std::uint64_t product_ = 0;
  std::size_t first_ = 0;
};

class Customers final : public OnePerEntity {
 public:
  explicit Customers(std::shared_ptr<const Shop> s)
      : OnePerEntity(s, "customers", {"id", "email", "full_name", "phone", "status", "marketing_ok", "created_at"},
                     s->customers) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.customer"), id);
    W first = r.pick(words::kFirstNames), last = r.pick(words::kLastNames);
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) {
      append_slug(s, first);
      s += '.';
      append_slug(s, last);
      append_int(s, static_cast<std::int64_t>(id));  // unique
      s += '@';
      s.append(r.pick(words::kEmailDomains));
    });
    compose(row[2], [&](std::string& s) { s.append(first).append(" ").append(last); });
    if (r.percent(70))
      compose(row[3], [&](std::string& s) {
        s.append(model_->customer_country(id).dial).append(" 6 ");
        append_int(s, r.between(10000000, 99999999));
      });
    else
      set_null(row[3]);
    set(row[4], std::array<W, 3>{"active", "suspended", "closed"}[r.weighted({92, 2, 6})]);
    set_bool(row[5], r.percent(38));
    set_time(row[6], model_->customer_created(id));
  }
};

class Addresses final : public ShopTable {
 public:
  explicit Addresses(std::shared_ptr<const Shop> s)
      : ShopTable(s, "addresses",
                  {"id", "customer_id", "kind", "line1", "line2", "city", "postal_code", "country", "is_default"},
                  s->customers) {}

 private:
  std::size_t count(std::uint64_t customer) const override { return model_->addresses.of(customer).count; }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t customer = entity();
    const words::Country& country = model_->customer_country(customer);
    Rng r = rng(S("commerce.address"), row_number());
    set_id(row[0], row_number());
    set_id(row[1], customer);
    set(row[2], index == 0 ? "shipping" : "billing");
    compose(row[3], [&](std::string& s) {
      s.append(r.pick(words::kStreets)).append(" ");
      append_int(s, r.between(1, 240));
    });
    if (r.percent(15))
      compose(row[4], [&](std::string& s) {
        s += "Apt ";
        append_int(s, r.between(1, 60));
      });
    else
      set_null(row[4]);
    set(row[5], r.pick(country.cities));
    compose(row[6], [&](std::string& s) {
      append_int(s, r.between(country.postal_digits == 4 ? 1000 : 10000, country.postal_digits == 4 ? 9999 : 99999));
      if (country.code == "NL") {
        s += ' ';
        s += static_cast<char>('A' + r.below(26));
        s += static_cast<char>('A' + r.below(26));
      }
    });
    set(row[7], country.code);
    set_bool(row[8], index == 0);
  }
};

class Carts final : public OnePerEntity {
 public:
  explicit Carts(std::shared_ptr<const Shop> s)
      : OnePerEntity(s, "carts", {"id", "customer_id", "token", "created_at", "updated_at"}, s->carts) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.cart"), id);
    std::int64_t created = model_->cart_created(id);
    set_id(row[0], id);
    if (r.percent(70)) set_id(row[1], model_->customer_by(created, r));
    else set_null(row[1]);  // a guest
    compose(row[2], [&](std::string& s) { append_uuid(s, r.next(), scramble(id, kKeys, 48)); });
    set_time(row[3], created);
    set_time(row[4], std::min(model_->now - 1, created + static_cast<std::int64_t>(r.below(2 * kDay))));
  }
};

class CartItems final : public ShopTable {
 public:
  explicit CartItems(std::shared_ptr<const Shop> s)
      : ShopTable(s, "cart_items", {"cart_id", "product_id", "quantity", "added_at"}, s->carts) {}

 private:
  std::size_t count(std::uint64_t cart) const override { return 1 + rng(S("commerce.cart.items"), cart).below(4); }
  std::size_t prepare(std::uint64_t cart) override {
    cart_ = cart;
    Rng r = rng(S("commerce.cart.items"), cart);
    std::size_t n = 1 + r.below(4);  // as count()
    for (std::size_t i = 0; i < n; ++i) products_[i] = model_->popular_product_besides(r, products_.data(), i);
    created_ = model_->cart_created(cart);
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    Rng r = rng(S("commerce.cart.item"), cart_ * 4 + index);
    set_id(row[0], cart_);
    set_id(row[1], products_[index]);
    set_int(row[2], 1 + static_cast<std::int64_t>(r.weighted({75, 18, 7})));
    set_time(row[3], created_ + static_cast<std::int64_t>(index) * 90 + static_cast<std::int64_t>(r.below(60)));
  }
  std::uint64_t cart_ = 0;
  std::int64_t created_ = 0;
  std::array<std::uint64_t, 4> products_{};
};

class Orders final : public OnePerEntity {
 public:
  explicit Orders(std::shared_ptr<const Shop> s)
      : OnePerEntity(s, "orders",
                     {"id", "number", "customer_id", "shipping_address_id", "status", "currency", "subtotal",
                      "shipping", "total", "note", "placed_at"},
                     s->orders) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.order"), id);
    std::uint64_t customer = model_->customer_of(id);
    Lines lines = model_->lines(id);
    std::int64_t shipping = model_->shipping(lines.subtotal);
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) {
      s += "SO-";
      append_int(s, static_cast<std::int64_t>(id), 8);
    });
    set_id(row[2], customer);
    if (r.percent(97)) set_id(row[3], model_->addresses.of(customer).first);
    else set_null(row[3]);  // a gift card or a download: nothing to ship
    set(row[4], kStatusNames[static_cast<std::size_t>(model_->status(id))]);
    set(row[5], "EUR");
    set_money(row[6], lines.subtotal);
    set_money(row[7], shipping);
    set_money(row[8], lines.subtotal + shipping);
    if (r.percent(8)) set(row[9], r.pick(words::kOrderNotes));
    else set_null(row[9]);
    set_time(row[10], model_->placed(id));
  }
};

class OrderItems final : public ShopTable {
 public:
  explicit OrderItems(std::shared_ptr<const Shop> s)
      : ShopTable(s, "order_items", {"order_id", "line", "product_id", "quantity", "unit_price", "line_total"},
                  s->orders) {}

 private:
  std::size_t count(std::uint64_t order) const override { return model_->line_count(order); }
  std::size_t prepare(std::uint64_t order) override {
    order_ = order;
    lines_ = model_->lines(order);
    return lines_.count;
  }
  void emit(std::size_t index, Row& row) override {
    const Line& line = lines_.items[index];
    set_id(row[0], order_);
    set_id(row[1], index + 1);
    set_id(row[2], line.product);
    set_int(row[3], line.quantity);
    set_money(row[4], line.unit_price);
    set_money(row[5], line.quantity * line.unit_price);
  }
  std::uint64_t order_ = 0;
  Lines lines_;
};

class OrderPayments final : public ShopTable {
 public:
  explicit OrderPayments(std::shared_ptr<const Shop> s)
      : ShopTable(s, "payments",
                  {"id", "order_id", "provider", "provider_ref", "amount", "currency", "status", "created_at"},
                  s->orders) {}

 private:
  std::size_t count(std::uint64_t order) const override { return model_->payments(order).count; }
  std::size_t prepare(std::uint64_t order) override {
    order_ = order;
    payments_ = model_->payments(order);
    status_ = model_->status(order);
    if (payments_.count) {
      Lines lines = model_->lines(order);
      total_ = lines.subtotal + model_->shipping(lines.subtotal);
      placed_ = model_->placed(order);
    }
    return payments_.count;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.payment"), id);
    static constexpr std::array<W, 3> kProviders = {"stripe", "adyen", "paypal"};
    static constexpr std::array<W, 3> kPrefixes = {"pi_", "psp_", "PAYID-"};
    std::size_t provider = r.weighted({60, 25, 15});
    bool last = index + 1 == payments_.count;
    W status = !last || status_ == Status::cancelled ? "failed"
               : status_ == Status::pending          ? "authorized"
               : status_ == Status::refunded         ? "refunded"
                                                     : "captured";
    set_id(row[0], id);
    set_id(row[1], order_);
    set(row[2], kProviders[provider]);
    compose(row[3], [&](std::string& s) {
      s.append(kPrefixes[provider]);
      append_base36(s, scramble(id, kKeys, 48), 10);
    });
    set_money(row[4], total_);
    set(row[5], "EUR");
    set(row[6], status);
    set_time(row[7], placed_ + 60 * static_cast<std::int64_t>(1 + 2 * index) + static_cast<std::int64_t>(r.below(60)));
  }
  std::uint64_t order_ = 0;
  Payments payments_;
  Status status_ = Status::pending;
  std::int64_t total_ = 0, placed_ = 0;
};

class Shipments final : public ShopTable {
 public:
  explicit Shipments(std::shared_ptr<const Shop> s)
      : ShopTable(s, "shipments", {"id", "order_id", "carrier", "tracking", "shipped_at", "delivered_at"}, s->orders) {}

 private:
  std::size_t count(std::uint64_t order) const override { return model_->shipment_count(order); }
  std::size_t prepare(std::uint64_t order) override {
    order_ = order;
    std::size_t n = model_->shipment_count(order);
    if (n) {
      status_ = model_->status(order);
      placed_ = model_->placed(order);
    }
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.shipment"), id);
    std::size_t carrier = r.below(words::kCarriers.size());
    set_id(row[0], id);
    set_id(row[1], order_);
    set(row[2], words::kCarriers[carrier]);
    if (r.percent(95))
      compose(row[3], [&](std::string& s) {
        s.append(std::array<W, 4>{"JVGL", "3S", "1Z", "0"}[carrier]);
        append_int(s, static_cast<std::int64_t>(scramble(id, kKeys, 40)), 13);
      });
    else
      set_null(row[3]);
    // Shipped within a day (statuses past "paid" are at least a day old), delivered 1-3 days on.
    std::int64_t shipped = placed_ + 2 * 3600 + static_cast<std::int64_t>(r.below(20 * 3600)) +
                           static_cast<std::int64_t>(index) * 1800;
    set_time(row[4], shipped);
    if (status_ == Status::shipped) set_null(row[5]);
    else set_time(row[5], shipped + kDay + static_cast<std::int64_t>(r.below(2 * kDay)));
  }
  std::uint64_t order_ = 0;
  Status status_ = Status::pending;
  std::int64_t placed_ = 0;
};

class Reviews final : public ShopTable {
 public:
  explicit Reviews(std::shared_ptr<const Shop> s)
      : ShopTable(s, "product_reviews", {"id", "product_id", "customer_id", "rating", "body", "created_at"},
                  s->customers) {}

 private:
  static std::size_t draw_count(Rng& r) { return r.percent(25) ? static_cast<std::size_t>(r.between(1, 3)) : 0; }
  std::size_t count(std::uint64_t customer) const override {
    Rng r = rng(S("commerce.reviews"), customer);
    return draw_count(r);
  }
  std::size_t prepare(std::uint64_t customer) override {
    customer_ = customer;
    Rng r = rng(S("commerce.reviews"), customer);
    std::size_t n = draw_count(r);
    for (std::size_t i = 0; i < n; ++i) products_[i] = model_->popular_product_besides(r, products_.data(), i);
    if (n) since_ = std::max(model_->customer_created(customer), model_->first_order);
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("commerce.review"), id);
    set_id(row[0], id);
    set_id(row[1], products_[index]);
    set_id(row[2], customer_);
    set_int(row[3], 1 + static_cast<std::int64_t>(r.weighted({5, 7, 13, 30, 45})));
    if (r.percent(70)) set(row[4], r.pick(words::kReviews));
    else set_null(row[4]);
    set_time(row[5], since_ + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(model_->now - since_))));
  }
  std::uint64_t customer_ = 0;
  std::int64_t since_ = 0;
  std::array<std::uint64_t, 3> products_{};
};

}  // namespace

Tables commerce_tables(const Params& params) {
  // Parents first: the order the tables are filled in.
  return tables_of<Categories, Products, Inventory, Customers, Addresses, Carts, CartItems, Orders, OrderItems,
                   OrderPayments, Shipments, Reviews>(std::make_shared<const Shop>(params));
}

}  // namespace bcdb::seed
