#include "dialect/sqlite/scratch.h"

#include <functional>
#include <map>
#include <optional>

#include "dialect/sqlite/connection.h"
#include "dialect/sqlite/ddl.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

constexpr const char* kProbe = "bcdb_probe";

std::string engine_message(const DatabaseError& e) {
  std::string m = e.what();
  if (m.rfind("SQLite: ", 0) == 0) m = m.substr(8);
  return m.substr(0, m.find('\n'));
}

class Scratch {
 public:
  Scratch() : db_(Url::parse("sqlite::memory:"), Dialect::Access::read_write) {}

  std::optional<std::string> rejects(const std::string& sql) {
    try {
      db_.execute(sql);
      return std::nullopt;
    } catch (const DatabaseError& e) {
      return engine_message(e);
    }
  }

  // Creates `t` (and its indexes), or throws naming what SQLite rejects in it.
  void create(const model::Table& t) {
    if (auto error = rejects(create_table(t, t.name))) throw ConfigError(culprit(t) + ": " + *error);
    for (const auto& i : t.indexes)
      if (auto error = rejects(create_index(t, i)))
        throw ConfigError("table " + t.name + ": index " + i.name + ": SQLite rejects it: " + *error);
  }

 private:
  // Which part of `t` SQLite rejects: the table without its checks tells a check from a column;
  // then each expression is left out in turn.
  std::string culprit(const model::Table& t) {
    const std::string table = "table " + t.name;
    model::Table plain = t;
    plain.checks.clear();
    plain.foreign_keys.clear();
    if (tries(plain)) {
      for (const auto& check : t.checks) {
        model::Table one = plain;
        one.checks = {check};
        if (!tries(one))
          return table + ": check " + (check.name.empty() ? check.expr : check.name) + ": SQLite rejects '" +
                 check.expr + "'";
      }
      return table + ": SQLite rejects its foreign keys";
    }
    for (std::size_t i = 0; i < plain.columns.size(); ++i) {
      const model::Column& c = t.columns[i];
      if (!c.default_expr && !c.generated) continue;
      model::Table without = plain;
      without.columns[i].default_expr.reset();
      without.columns[i].generated.reset();
      if (tries(without))
        return table + ": column " + c.name + ": SQLite rejects the " +
               (c.default_expr ? "default '" + *c.default_expr + "'" : "generated expression '" + c.generated->expr + "'");
    }
    return table + ": SQLite rejects its definition";
  }

  bool tries(const model::Table& t) {
    bool ok = !rejects(create_table(t, kProbe));
    rejects(std::string("DROP TABLE IF EXISTS ") + quote(kProbe));
    return ok;
  }

  SqliteConnection db_;
};

// SQLite keeps tables and indexes in one namespace, without regard to case; each scratch
// database sees only some of the tables, so a clash between them is found here.
void check_names_apart(const model::Schema& schema) {
  std::map<std::string, std::string> owner;  // folded name -> what holds it
  for (const auto& t : schema.tables) owner.emplace(str::lower(t.name), "table " + t.name);
  for (const auto& t : schema.tables)
    for (const auto& i : t.indexes) {
      auto [it, added] = owner.emplace(str::lower(i.name), "index " + i.name + " of table " + t.name);
      if (!added)
        throw ConfigError("table " + t.name + ": index " + i.name + ": the name is taken by " + it->second +
                          " (SQLite keeps tables and indexes in one namespace)");
    }
}

}  // namespace

void check_in_scratch(const model::Schema& schema, const std::set<std::string>& tables) {
  check_names_apart(schema);
  // Every CREATE re-reads its entries by a scan of sqlite_schema, so one database for all the
  // tables costs time quadratic in their number (2,000 tables: seconds). Tables are tried
  // independently (a foreign key's target need not exist), so a fresh database every few
  // dozen tables keeps it linear.
  constexpr std::size_t kTablesPerScratch = 32;
  std::optional<Scratch> scratch;
  std::size_t tried = 0;
  for (const auto& t : schema.tables) {
    if (!tables.count(t.qualified_name())) continue;
    if (tried++ % kTablesPerScratch == 0) {
      scratch.emplace();
      scratch->rejects("BEGIN");
    }
    scratch->create(t);
  }
}

}  // namespace bcdb::dialect::sqlite
