// The auth vertical's tables (manifests/auth/), parents first. Users are --scale; every other
// row belongs to one user, so each table streams user by user.
#include <algorithm>
#include <memory>

#include "seed/table.h"
#include "seed/vertical.h"
#include "seed/words.h"

namespace bcdb::seed {
namespace {

using words::W;

constexpr std::uint64_t S(std::string_view name) { return stream_id(name); }
constexpr std::uint64_t kKeys = S("auth.keys");

enum class Role { owner, admin, developer, analyst, support, viewer };
struct RoleInfo {
  W name, description;
};
constexpr std::array<RoleInfo, 6> kRoles = {{
    {"owner", "Everything, including billing and deleting the organisation"},
    {"admin", "Manages users, roles and settings"},
    {"developer", "Builds integrations: API keys, orders, reports"},
    {"analyst", "Reads orders, billing and reports"},
    {"support", "Helps customers: reads users, reads and changes orders"},
    {"viewer", "Reads everything that is not secret"},
}};

constexpr std::array<W, 7> kResources = {"users", "roles", "api_keys", "billing", "orders", "reports", "settings"};
constexpr std::array<W, 2> kActions = {"read", "write"};
constexpr std::uint64_t kPermissions = kResources.size() * kActions.size();

// Whether role r holds permission p (1-based): resource (p-1)/2, action (p-1)%2.
bool grants(std::size_t role, std::uint64_t permission) {
  std::size_t resource = (permission - 1) / kActions.size();
  bool write = (permission - 1) % kActions.size() == 1;
  W what = kResources[resource];
  switch (static_cast<Role>(role)) {
    case Role::owner: return true;
    case Role::admin: return what != "billing" || !write;
    case Role::developer: return what == "api_keys" || what == "orders" || (what == "reports" && !write);
    case Role::analyst: return !write && (what == "orders" || what == "billing" || what == "reports");
    case Role::support: return what == "orders" || (what == "users" && !write);
    case Role::viewer: return !write && what != "api_keys" && what != "billing";
  }
  return false;
}

enum class Status { invited, active, suspended, deactivated };
constexpr std::array<W, 4> kStatusNames = {"invited", "active", "suspended", "deactivated"};

// What every table needs to know of a user, from (seed, user) alone.
class Directory {
 public:
  explicit Directory(const Params& p)
      : users(p.scale), start(epoch_seconds(2022, 1, 1)), now(epoch_seconds(2025, 1, 1)), seed_(p.seed) {}
  std::uint64_t seed() const { return seed_; }
  std::uint64_t users;
  std::int64_t start, now;

  struct User {
    Status status = Status::active;
    std::int64_t created = 0;
    std::optional<std::int64_t> last_login;
    std::size_t first_name = 0, last_name = 0;
  };
  User user(std::uint64_t id) const {
    Rng r(seed_, S("auth.user"), id);
    User u;
    std::uint64_t span = static_cast<std::uint64_t>(now - kDay - start);
    u.created = start + static_cast<std::int64_t>((id - 1) * span / users + r.below(std::max<std::uint64_t>(span / users, 1)));
    u.status = id == 1 ? Status::active : static_cast<Status>(r.weighted({5, 85, 3, 7}));
    u.first_name = r.below(words::kFirstNames.size());
    u.last_name = r.below(words::kLastNames.size());
    if (u.status != Status::invited) {
      // Most recent logins are recent: days ago skewed towards 0.
      auto since = static_cast<std::uint64_t>(now - u.created);
      u.last_login = now - 1 - static_cast<std::int64_t>(r.skewed(since, 3));
    }
    return u;
  }
  // Roles: the first user owns the organisation; others hold one, sometimes two.
  std::size_t role_count(std::uint64_t id) const { return id == 1 ? 1 : Rng(seed_, S("auth.roles"), id).percent(25) ? 2 : 1; }
  std::array<std::size_t, 2> roles(std::uint64_t id) const {
    if (id == 1) return {static_cast<std::size_t>(Role::owner), 0};
    Rng r(seed_, S("auth.roles"), id);
    r.percent(25);  // role_count()'s draw
    std::size_t first = 1 + r.weighted({3, 25, 15, 20, 37});
    std::size_t second = 1 + (first + r.below(4)) % 5;  // another of admin..viewer
    return {first, second};
  }
  struct Credentials {
    bool password = true, oauth = false;
    std::size_t count() const { return (password ? 1 : 0) + (oauth ? 1 : 0); }
  };
  Credentials credentials(std::uint64_t id) const {
    Rng r(seed_, S("auth.credentials"), id);
    Credentials c;
    c.oauth = r.percent(25);
    c.password = !c.oauth || r.percent(40);
    return c;
  }
  // Second factors: authenticator app, security key, text message (at most one of each).
  std::array<bool, 3> factors(std::uint64_t id) const {
    Rng r(seed_, S("auth.mfa"), id);
    std::array<bool, 3> f = {r.percent(30), r.percent(12), r.percent(5)};
    if (invited(id)) f = {false, false, false};
    return f;
  }
  // Invited users have not signed in yet: no sessions, keys or factors.
  bool invited(std::uint64_t id) const { return user(id).status == Status::invited; }
  std::size_t session_count(std::uint64_t id) const {
    Rng r(seed_, S("auth.sessions"), id);
    return invited(id) ? 0 : static_cast<std::size_t>(r.skewed(6, 2));
  }
  std::size_t api_key_count(std::uint64_t id) const {
    Rng r(seed_, S("auth.api_keys"), id);
    return r.percent(12) && !invited(id) ? 1 + r.below(2) : 0;
  }
  std::size_t audit_count(std::uint64_t id) const {
    Rng r(seed_, S("auth.audit"), id);
    return 1 + (invited(id) ? 0 : static_cast<std::size_t>(r.skewed(9, 2)));  // signing up, then 0..8 more
  }

 private:
  std::uint64_t seed_;
};

using Users = std::shared_ptr<const Directory>;

void append_ip(std::string& s, Rng& r) {
  if (r.percent(10)) {
    s += "2001:db8:";
    append_hex(s, r.below(0x10000), 4);
    s += "::";
    append_hex(s, r.below(0x10000), 4);
    return;
  }
  static constexpr std::array<std::int64_t, 6> kFirst = {31, 62, 81, 85, 145, 213};
  append_int(s, kFirst[r.below(kFirst.size())]);
  for (int i = 0; i < 3; ++i) {
    s += '.';
    append_int(s, r.between(1, 254));
  }
}

// 64 hex digits (a SHA-256 as text); the first 16 unique per `unique`.
void append_digest(std::string& s, std::uint64_t unique, Rng& r) {
  append_hex(s, scramble(unique, kKeys, 64), 16);
  for (int i = 0; i < 3; ++i) append_hex(s, r.next(), 16);
}

class UsersTable final : public RowPerEntity<Directory> {
 public:
  explicit UsersTable(Users d)
      : RowPerEntity(d, "users",
                     {"id", "email", "username", "display_name", "status", "email_verified", "created_at",
                      "last_login_at"},
                     d->users) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Directory::User u = model_->user(id);
    Rng r = rng(S("auth.user.details"), id);
    W first = words::kFirstNames[u.first_name], last = words::kLastNames[u.last_name];
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) {
      append_slug(s, first);
      s += '.';
      append_slug(s, last);
      if (id > 1) append_int(s, static_cast<std::int64_t>(id));
      s += id == 1 ? "@acme.example" : "@example.com";
    });
    compose(row[2], [&](std::string& s) {
      s += static_cast<char>(first[0] - 'A' + 'a');
      append_slug(s, last);
      append_base36(s, scramble(id, kKeys, 32), 7);  // unique
    });
    compose(row[3], [&](std::string& s) { s.append(first).append(" ").append(last); });
    set(row[4], kStatusNames[static_cast<std::size_t>(u.status)]);
    set_bool(row[5], u.status != Status::invited && r.percent(96));
    set_time(row[6], u.created);
    if (u.last_login) set_time(row[7], *u.last_login);
    else set_null(row[7]);
  }
};

class CredentialsTable final : public ModelTable<Directory> {
 public:
  explicit CredentialsTable(Users d)
      : ModelTable(d, "credentials",
                   {"id", "user_id", "kind", "password_hash", "provider", "provider_subject", "created_at",
                    "rotated_at"},
                   d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override { return model_->credentials(user).count(); }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    credentials_ = model_->credentials(user);
    created_ = model_->user(user).created;
    return credentials_.count();
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("auth.credential"), id);
    bool password = credentials_.password && index == 0;
    set_id(row[0], id);
    set_id(row[1], user_);
    set(row[2], password ? "password" : "oauth");
    if (password) {
      compose(row[3], [&](std::string& s) {
        s += "$argon2id$v=19$m=65536,t=3,p=4$";
        append_base64(s, r.next(), r.next(), 22);  // 16 bytes of salt
        s += '$';
        append_base64(s, r.next(), r.next(), 43);  // 32 bytes of hash
      });
      set_null(row[4]);
      set_null(row[5]);
    } else {
      set_null(row[3]);
      set(row[4], std::array<W, 3>{"google", "github", "microsoft"}[r.weighted({60, 25, 15})]);
      compose(row[5], [&](std::string& s) { append_int(s, static_cast<std::int64_t>(scramble(user_, kKeys, 56)), 18); });
    }
    set_time(row[6], created_);
    if (password && r.percent(20)) set_time(row[7], created_ + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(model_->now - created_))));
    else set_null(row[7]);
  }
  std::uint64_t user_ = 0;
  Directory::Credentials credentials_;
  std::int64_t created_ = 0;
};

class RolesTable final : public RowPerEntity<Directory> {
 public:
  explicit RolesTable(Users d) : RowPerEntity(d, "roles", {"id", "name", "description"}, kRoles.size()) {}

 private:
  void emit(std::size_t, Row& row) override {
    set_id(row[0], row_number());
    set(row[1], kRoles[row_number() - 1].name);
    set(row[2], kRoles[row_number() - 1].description);
  }
};

class PermissionsTable final : public RowPerEntity<Directory> {
 public:
  explicit PermissionsTable(Users d) : RowPerEntity(d, "permissions", {"id", "code", "description"}, kPermissions) {}

 private:
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    W resource = kResources[(id - 1) / kActions.size()], action = kActions[(id - 1) % kActions.size()];
    set_id(row[0], id);
    compose(row[1], [&](std::string& s) { s.append(resource).append(":").append(action); });
    compose(row[2], [&](std::string& s) {
      s.append(action == "read" ? "See " : "Create, change and delete ").append(resource);
    });
  }
};

class RolePermissionsTable final : public ModelTable<Directory> {
 public:
  explicit RolePermissionsTable(Users d)
      : ModelTable(d, "role_permissions", {"role_id", "permission_id"}, kRoles.size()) {}

 private:
  std::size_t count(std::uint64_t role) const override {
    std::size_t n = 0;
    for (std::uint64_t p = 1; p <= kPermissions; ++p) n += grants(role - 1, p);
    return n;
  }
  std::size_t prepare(std::uint64_t role) override {
    role_ = role;
    granted_.clear();
    for (std::uint64_t p = 1; p <= kPermissions; ++p)
      if (grants(role - 1, p)) granted_.push_back(p);
    return granted_.size();
  }
  void emit(std::size_t index, Row& row) override {
    set_id(row[0], role_);
    set_id(row[1], granted_[index]);
  }
  std::uint64_t role_ = 0;
  std::vector<std::uint64_t> granted_;
};

class UserRolesTable final : public ModelTable<Directory> {
 public:
  explicit UserRolesTable(Users d)
      : ModelTable(d, "user_roles", {"user_id", "role_id", "granted_by", "granted_at"}, d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override { return model_->role_count(user); }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    roles_ = model_->roles(user);
    created_ = model_->user(user).created;
    return model_->role_count(user);
  }
  void emit(std::size_t index, Row& row) override {
    Rng r = rng(S("auth.grant"), user_ * 2 + index);
    set_id(row[0], user_);
    set_id(row[1], roles_[index] + 1);
    // Granted by someone who was there first, or by the system (sign-up, SCIM).
    if (user_ > 1 && r.percent(70)) set_id(row[2], 1 + r.skewed(user_ - 1, 2));
    else set_null(row[2]);
    set_time(row[3], created_ + 60 + static_cast<std::int64_t>(index) * 3600 + static_cast<std::int64_t>(r.below(600)));
  }
  std::uint64_t user_ = 0;
  std::array<std::size_t, 2> roles_{};
  std::int64_t created_ = 0;
};

class MfaTable final : public ModelTable<Directory> {
 public:
  explicit MfaTable(Users d)
      : ModelTable(d, "mfa_factors", {"id", "user_id", "kind", "label", "phone", "confirmed_at", "created_at"},
                   d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override {
    auto f = model_->factors(user);
    return static_cast<std::size_t>(std::count(f.begin(), f.end(), true));
  }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    kinds_.clear();
    auto f = model_->factors(user);
    for (std::size_t k = 0; k < f.size(); ++k)
      if (f[k]) kinds_.push_back(k);
    if (!kinds_.empty()) created_ = model_->user(user).created;
    return kinds_.size();
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("auth.factor"), id);
    std::size_t kind = kinds_[index];
    set_id(row[0], id);
    set_id(row[1], user_);
    set(row[2], std::array<W, 3>{"totp", "webauthn", "sms"}[kind]);
    set(row[3], kind == 0   ? r.pick(std::array<W, 3>{"Authenticator app", "1Password", "Google Authenticator"})
                : kind == 1 ? r.pick(std::array<W, 3>{"YubiKey 5C", "MacBook Touch ID", "Titan Key"})
                            : W("Phone"));
    if (kind == 2)
      compose(row[4], [&](std::string& s) {
        s += "+31 6 ";
        append_int(s, r.between(10000000, 99999999));
      });
    else
      set_null(row[4]);
    std::int64_t created = created_ + static_cast<std::int64_t>(r.below(90 * kDay));
    created = std::min(created, model_->now - 3600);
    set_time(row[6], created);
    if (r.percent(92)) set_time(row[5], created + static_cast<std::int64_t>(r.below(300)));
    else set_null(row[5]);
  }
  std::uint64_t user_ = 0;
  std::vector<std::size_t> kinds_;
  std::int64_t created_ = 0;
};

class SessionsTable final : public ModelTable<Directory> {
 public:
  explicit SessionsTable(Users d)
      : ModelTable(d, "sessions",
                   {"id", "user_id", "token_hash", "ip", "user_agent", "created_at", "expires_at", "revoked_at"},
                   d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override { return model_->session_count(user); }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    std::size_t n = model_->session_count(user);
    if (n) u_ = model_->user(user);
    return n;
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("auth.session"), id);
    // The latest session started at the last login; earlier ones a few days apart.
    std::int64_t last = u_.last_login.value_or(u_.created);
    std::int64_t created = std::max(u_.created, last - static_cast<std::int64_t>(index) * 3 * kDay -
                                                    static_cast<std::int64_t>(r.below(kDay)));
    set_id(row[0], id);
    set_id(row[1], user_);
    compose(row[2], [&](std::string& s) { append_digest(s, id, r); });
    compose(row[3], [&](std::string& s) { append_ip(s, r); });
    set(row[4], r.pick(words::kUserAgents));
    set_time(row[5], created);
    set_time(row[6], created + 14 * kDay);
    if (r.percent(15)) set_time(row[7], created + 1 + static_cast<std::int64_t>(r.below(kDay)));
    else set_null(row[7]);
  }
  std::uint64_t user_ = 0;
  Directory::User u_;
};

class ApiKeysTable final : public ModelTable<Directory> {
 public:
  explicit ApiKeysTable(Users d)
      : ModelTable(d, "api_keys",
                   {"id", "user_id", "name", "prefix", "key_hash", "scopes", "created_at", "last_used_at",
                    "revoked_at"},
                   d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override { return model_->api_key_count(user); }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    std::size_t n = model_->api_key_count(user);
    if (n) created_ = model_->user(user).created;
    return n;
  }
  void emit(std::size_t, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("auth.api_key"), id);
    set_id(row[0], id);
    set_id(row[1], user_);
    set(row[2], r.pick(std::array<W, 6>{"CI deploy", "Local development", "Reporting export", "Zapier",
                                        "Terraform", "Monitoring"}));
    compose(row[3], [&](std::string& s) {
      s += "bk_";
      append_base36(s, scramble(id, kKeys, 40), 8);  // unique
    });
    compose(row[4], [&](std::string& s) { append_digest(s, id ^ (1ULL << 63), r); });
    set(row[5], r.pick(std::array<W, 4>{"orders:read", "orders:read orders:write", "reports:read",
                                        "orders:read reports:read billing:read"}));
    auto within = [&r](std::int64_t from, std::int64_t to) {
      return from + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(std::max<std::int64_t>(to - from, 1))));
    };
    std::int64_t created = within(created_, model_->now);
    bool revoked = r.percent(10);
    std::int64_t end = revoked ? within(created, model_->now) : model_->now;  // revoked, or in use
    set_time(row[6], created);
    if (r.percent(80)) set_time(row[7], within(created, end));
    else set_null(row[7]);
    if (revoked) set_time(row[8], end);
    else set_null(row[8]);
  }
  std::uint64_t user_ = 0;
  std::int64_t created_ = 0;
};

class AuditTable final : public ModelTable<Directory> {
 public:
  explicit AuditTable(Users d)
      : ModelTable(d, "audit_log",
                   {"id", "actor_id", "action", "target_type", "target_id", "ip", "occurred_at", "detail"}, d->users) {}

 private:
  std::size_t count(std::uint64_t user) const override { return model_->audit_count(user); }
  std::size_t prepare(std::uint64_t user) override {
    user_ = user;
    u_ = model_->user(user);
    return model_->audit_count(user);
  }
  void emit(std::size_t index, Row& row) override {
    std::uint64_t id = row_number();
    Rng r = rng(S("auth.event"), id);
    struct Event {
      W action, target, detail;
    };
    static constexpr std::array<Event, 7> kEvents = {{
        {"user.login", "user", "{\"method\":\"password\"}"},
        {"user.login_failed", "user", "{\"reason\":\"bad_password\"}"},
        {"user.password_changed", "user", ""},
        {"mfa.enabled", "mfa_factor", "{\"kind\":\"totp\"}"},
        {"api_key.created", "api_key", ""},
        {"role.granted", "user", "{\"role\":\"developer\"}"},
        {"session.revoked", "session", ""},
    }};
    std::int64_t since = u_.created, until = u_.last_login.value_or(u_.created + 3600);
    std::int64_t at = index == 0 ? u_.created
                                 : since + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(until - since) + 1));
    set_id(row[0], id);
    if (index == 0) {  // the sign-up (or the invitation)
      set_id(row[1], user_);
      set(row[2], u_.status == Status::invited ? "user.invited" : "user.signed_up");
      set(row[3], "user");
      set_id(row[4], user_);
      compose(row[5], [&](std::string& s) { append_ip(s, r); });
      set_time(row[6], at);
      set_null(row[7]);
      return;
    }
    const Event& e = kEvents[r.weighted({50, 10, 8, 6, 4, 4, 3})];
    bool system = e.action == "user.login_failed" || r.percent(5);
    if (system) set_null(row[1]);
    else set_id(row[1], user_);
    set(row[2], e.action);
    set(row[3], e.target);
    set_id(row[4], e.target == "user" ? user_ : 1 + r.below(model_->users));
    if (system) set_null(row[5]);
    else compose(row[5], [&](std::string& s) { append_ip(s, r); });
    set_time(row[6], at);
    if (e.detail.empty()) set_null(row[7]);
    else set(row[7], e.detail);
  }
  std::uint64_t user_ = 0;
  Directory::User u_;
};

}  // namespace

Tables auth_tables(const Params& params) {
  return tables_of<UsersTable, CredentialsTable, MfaTable, RolesTable, PermissionsTable, RolePermissionsTable,
                   UserRolesTable, SessionsTable, ApiKeysTable, AuditTable>(std::make_shared<const Directory>(params));
}

}  // namespace bcdb::seed
