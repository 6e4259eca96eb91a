#include "random_schema.h"

#include <algorithm>
#include <set>

#include "manifest/manifest.h"

namespace bcdb::test {
namespace {

using model::Column;
using model::Schema;
using model::Table;

const std::vector<std::string> kTables = {"t0", "t1", "t2", "t3", "t4", "t5"};
const std::vector<std::string> kColumns = {"n0", "n1", "n2", "n3", "s0", "s1", "s2", "s3", "r0", "r1", "r2"};

class Gen {
 public:
  // On PostgreSQL char(n) pads values and converting it trims them, STRICT is SQLite's, and
  // MySQL indexes no TEXT column without a prefix and has no partial index: the generator
  // keeps to what preserves values on the engine at hand.
  Gen(std::uint64_t seed, std::string engine)
      : rng_(seed), sqlite_(engine == "sqlite"), mysql_(engine == "mysql") {}

  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))];
  }

  model::Type type_for(char family) {
    switch (family) {
      case 'n': return *model::parse_type(pick<std::string>({"int16", "int32", "int64"}));
      case 's':
        if (mysql_) return *model::parse_type(pick<std::string>({"varchar(20)", "varchar(40)", "varchar(200)"}));
        return *model::parse_type(sqlite_ ? pick<std::string>({"text", "varchar(20)", "varchar(40)", "char(12)"})
                                          : pick<std::string>({"text", "varchar(20)", "varchar(40)"}));
      default: return *model::parse_type(pick<std::string>({"float64", "float32", "decimal(12,2)", "decimal(14,3)"}));
    }
  }

  std::optional<std::string> default_for(char family) {
    if (!chance(0.3)) return std::nullopt;
    switch (family) {
      case 'n': return pick<std::string>({"0", "7", "42"});
      case 's': return pick<std::string>({"'x'", "'none'", "''"});
      default: return pick<std::string>({"1.5", "0.25"});
    }
  }

  Column column(const std::string& name) {
    Column c;
    c.name = name;
    c.type = type_for(name[0]);
    c.nullable = chance(0.4);
    c.default_expr = default_for(name[0]);
    return c;
  }

  Table table(const std::string& name) {
    Table t;
    t.name = name;
    Column id;
    id.name = "id";
    id.type = *model::parse_type("int64");
    t.columns.push_back(id);
    std::vector<std::string> pool = kColumns;
    std::shuffle(pool.begin(), pool.end(), rng_);
    int n = between(1, 5);
    for (int i = 0; i < n; ++i) t.columns.push_back(column(pool[static_cast<std::size_t>(i)]));
    set_key(t, chance(0.15));
    if (sqlite_ && chance(0.1)) t.options["sqlite.strict"] = "true";
    for (int i = between(0, 2); i > 0; --i) add_index(t);
    if (chance(0.3)) add_unique(t);
    if (chance(0.3)) add_check(t);
    return t;
  }

  // Sole "id" key (the rowid alias), or (id, n*) when a NOT NULL n-column is at hand.
  void set_key(Table& t, bool composite) {
    Column* id = t.find_column("id");
    std::string second;
    for (const auto& c : t.columns)
      if (c.name[0] == 'n' && !c.nullable) second = c.name;
    if (composite && !second.empty()) {
      t.primary_key = model::PrimaryKey{"", {"id", second}};
      id->identity = false;
    } else {
      t.primary_key = model::PrimaryKey{"", {"id"}};
      id->identity = !t.option("sqlite.without_rowid");
    }
  }

  std::vector<std::string> plain_columns(const Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns)
      if (c.name != "id" && c.name.rfind("ref_", 0) != 0) out.push_back(c.name);
    return out;
  }

  void add_index(Table& t) {
    auto cols = plain_columns(t);
    if (cols.empty()) return;
    model::Index i;
    i.name = t.name + "_idx" + std::to_string(next_index_++);
    i.parts.push_back({pick(cols), "", chance(0.2)});
    if (cols.size() > 1 && chance(0.3)) i.parts.push_back({pick(cols), "", false});
    if (i.parts.size() == 2 && i.parts[0].column == i.parts[1].column) i.parts.pop_back();
    i.unique = chance(0.2);
    if (!mysql_ && chance(0.15)) i.where = "id > 0";
    t.indexes.push_back(std::move(i));
  }

  void add_unique(Table& t) {
    auto cols = plain_columns(t);
    if (cols.empty()) return;
    model::Unique u;
    u.name = t.name + "_uq" + std::to_string(next_index_++);
    u.columns.push_back(pick(cols));
    bool repeats = std::any_of(t.uniques.begin(), t.uniques.end(), [&](const auto& o) { return o.columns == u.columns; });
    if (!repeats) t.uniques.push_back(std::move(u));
  }

  void add_check(Table& t) {
    for (const auto& c : t.columns) {
      if (c.name[0] != 'n' || c.name == "id") continue;
      t.checks.push_back({t.name + "_ck" + std::to_string(next_index_++), c.name + " >= 0"});
      return;
    }
  }

  void add_reference(Schema& s, Table& t) {
    std::vector<std::string> targets;
    for (const auto& other : s.tables)
      if (other.name != t.name && other.primary_key && other.primary_key->columns == std::vector<std::string>{"id"} &&
          !t.find_column("ref_" + other.name))
        targets.push_back(other.name);
    if (targets.empty()) return;
    std::string target = pick(targets);
    Column c;
    c.name = "ref_" + target;
    c.type = *model::parse_type("int64");
    c.nullable = true;
    t.columns.push_back(c);
    model::ForeignKey fk;
    fk.name = t.name + "_" + target + "_fk";
    fk.columns = {c.name};
    fk.ref_table = target;
    fk.ref_columns = {"id"};
    fk.on_delete = pick<model::FkAction>({model::FkAction::no_action, model::FkAction::cascade, model::FkAction::set_null});
    t.foreign_keys.push_back(std::move(fk));
  }

  Schema schema() {
    Schema s;
    std::vector<std::string> names = kTables;
    std::shuffle(names.begin(), names.end(), rng_);
    int n = between(1, 4);
    for (int i = 0; i < n; ++i) s.tables.push_back(table(names[static_cast<std::size_t>(i)]));
    for (auto& t : s.tables)
      if (chance(0.4)) add_reference(s, t);
    return s;
  }

  // B: A after a handful of random edits.
  Schema mutate(Schema s) {
    original_ = s;
    int edits = between(1, 6);
    for (int e = 0; e < edits; ++e) {
      switch (between(0, 13)) {
        case 0: add_table(s); break;
        case 1: drop_table(s); break;
        case 2: with_table(s, [&](Table& t) {
            auto free = unused_columns(t);
            if (free.empty()) return;
            Column c = column(pick(free));
            if (!c.nullable && !c.default_expr) c.default_expr = default_for_sure(c.name[0]);
            t.columns.push_back(c);
          }); break;
        case 3: with_table(s, [&](Table& t) { drop_column(t); }); break;
        case 4: with_table(s, [&](Table& t) { rename_column(t); }); break;
        case 5: with_column(s, [&](Column& c) { c.type = type_for(c.name[0]); }); break;
        case 6: with_column(s, [&](Column& c) { c.nullable = !c.nullable; }); break;
        case 7: with_column(s, [&](Column& c) { c.default_expr = default_for(c.name[0]); }); break;
        case 8: with_table(s, [&](Table& t) { chance(0.5) || t.indexes.empty() ? add_index(t) : t.indexes.pop_back(); }); break;
        case 9: with_table(s, [&](Table& t) { chance(0.5) || t.uniques.empty() ? add_unique(t) : t.uniques.pop_back(); }); break;
        case 10: with_table(s, [&](Table& t) { chance(0.5) || t.checks.empty() ? add_check(t) : t.checks.pop_back(); }); break;
        case 11: with_table(s, [&](Table& t) { add_reference(s, t); }); break;
        case 12: with_table(s, [&](Table& t) {
            if (!referenced(s, t.name)) set_key(t, t.primary_key->columns.size() == 1);
          }); break;
        case 13: with_table(s, [&](Table& t) {
            if (!sqlite_) return;
            if (t.option("sqlite.strict")) t.options.erase("sqlite.strict"); else t.options["sqlite.strict"] = "true";
          }); break;
      }
    }
    // A column new to a table that holds rows needs a value for them.
    for (auto& t : s.tables) {
      const Table* before = original_.find_table(t.name);
      for (auto& c : t.columns) {
        bool is_new = before && !before->find_column(c.renamed_from.value_or(c.name));
        if (is_new && !c.nullable && !c.default_expr && !c.identity) c.default_expr = default_for_sure(c.name[0]);
      }
      // Every existing row gets the same value in a new column: it cannot be unique.
      auto is_new = [&](const std::string& column) {
        const Column* c = t.find_column(column);
        return before && c && !before->find_column(c->renamed_from.value_or(c->name));
      };
      auto any_new = [&](const std::vector<std::string>& columns) {
        return std::any_of(columns.begin(), columns.end(), is_new);
      };
      t.uniques.erase(std::remove_if(t.uniques.begin(), t.uniques.end(), [&](const auto& u) { return any_new(u.columns); }),
                      t.uniques.end());
      for (auto& i : t.indexes)
        if (i.unique && std::any_of(i.parts.begin(), i.parts.end(), [&](const auto& p) { return is_new(p.column); }))
          i.unique = false;
    }
    return s;
  }

  std::optional<std::string> default_for_sure(char family) {
    switch (family) {
      case 'n': return std::string("3");
      case 's': return std::string("'new'");
      default: return std::string("2.5");
    }
  }

  // Names neither B's table nor A's table of that name uses: a name A used means the
  // database still has that column, which would turn an add or a rename into an alter.
  std::vector<std::string> unused_columns(const Table& t) {
    const Table* before = original_.find_table(t.name);
    std::vector<std::string> out;
    for (const auto& name : kColumns)
      if (!t.find_column(name) && !(before && before->find_column(name))) out.push_back(name);
    return out;
  }

  static bool referenced(const Schema& s, const std::string& table) {
    for (const auto& t : s.tables)
      if (t.find_column("ref_" + table)) return true;
    return false;
  }

  template <typename F>
  void with_table(Schema& s, F f) {
    if (s.tables.empty()) return;
    f(s.tables[static_cast<std::size_t>(between(0, static_cast<int>(s.tables.size()) - 1))]);
  }

  template <typename F>
  void with_column(Schema& s, F f) {
    with_table(s, [&](Table& t) {
      std::vector<Column*> candidates;
      for (auto& c : t.columns)
        if (c.name != "id" && c.name.rfind("ref_", 0) != 0 && !in_key(t, c.name)) candidates.push_back(&c);
      if (!candidates.empty()) f(*candidates[static_cast<std::size_t>(between(0, static_cast<int>(candidates.size()) - 1))]);
    });
  }

  static bool in_key(const Table& t, const std::string& column) {
    return t.primary_key && std::count(t.primary_key->columns.begin(), t.primary_key->columns.end(), column);
  }

  void add_table(Schema& s) {
    for (const auto& name : kTables) {
      if (s.find_table(name) || original_.find_table(name)) continue;
      s.tables.push_back(table(name));
      return;
    }
  }

  void drop_table(Schema& s) {
    if (s.tables.size() < 2) return;
    std::string victim = pick(s.tables).name;
    s.tables.erase(std::remove_if(s.tables.begin(), s.tables.end(), [&](const Table& t) { return t.name == victim; }),
                   s.tables.end());
    for (auto& t : s.tables) forget_column(t, "ref_" + victim);
  }

  void drop_column(Table& t) {
    std::vector<std::string> droppable;
    for (const auto& c : t.columns)
      if (c.name != "id" && !in_key(t, c.name)) droppable.push_back(c.name);
    if (!droppable.empty()) forget_column(t, pick(droppable));
  }

  // Removes a column and everything that names it.
  static void forget_column(Table& t, const std::string& name) {
    auto names = [&](const std::vector<std::string>& v) { return std::count(v.begin(), v.end(), name) > 0; };
    t.columns.erase(std::remove_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == name; }),
                    t.columns.end());
    t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(), [&](const model::Index& i) {
                      return std::any_of(i.parts.begin(), i.parts.end(), [&](const auto& p) { return p.column == name; });
                    }), t.indexes.end());
    t.uniques.erase(std::remove_if(t.uniques.begin(), t.uniques.end(), [&](const auto& u) { return names(u.columns); }),
                    t.uniques.end());
    t.foreign_keys.erase(std::remove_if(t.foreign_keys.begin(), t.foreign_keys.end(),
                                        [&](const auto& f) { return names(f.columns); }),
                         t.foreign_keys.end());
    t.checks.erase(std::remove_if(t.checks.begin(), t.checks.end(),
                                  [&](const auto& c) { return c.expr.rfind(name + " ", 0) == 0; }),
                   t.checks.end());
  }

  void rename_column(Table& t) {
    std::vector<Column*> candidates;
    // Only a column A has can be renamed: a hint names a column of the database.
    const Table* before = original_.find_table(t.name);
    for (auto& c : t.columns)
      if (c.name != "id" && c.name.rfind("ref_", 0) != 0 && !in_key(t, c.name) && !c.renamed_from && before &&
          before->find_column(c.name))
        candidates.push_back(&c);
    if (candidates.empty()) return;
    Column& c = *candidates[static_cast<std::size_t>(between(0, static_cast<int>(candidates.size()) - 1))];
    std::vector<std::string> free;
    for (const auto& name : unused_columns(t))
      if (name[0] == c.name[0]) free.push_back(name);
    if (free.empty()) return;
    std::string old_name = c.name, new_name = pick(free);
    c.name = new_name;
    c.renamed_from = old_name;
    for (auto& i : t.indexes)
      for (auto& p : i.parts)
        if (p.column == old_name) p.column = new_name;
    for (auto& u : t.uniques)
      for (auto& col : u.columns)
        if (col == old_name) col = new_name;
    for (auto& ch : t.checks)
      if (ch.expr.rfind(old_name + " ", 0) == 0) ch.expr = new_name + ch.expr.substr(old_name.size());
  }

  std::string value(const Column& c, int row) {
    switch (c.name[0]) {
      case 'n': return std::to_string(row * 7 + c.name[1] - '0');
      case 's': {
        std::string word = "v";
        for (int x = row + 1; x > 0; x /= 26) word += static_cast<char>('a' + x % 26);
        return "'" + word + c.name + "'";
      }
      default: return std::to_string(row) + ".5";
    }
  }

  // Rows for A that also satisfy B: no NULLs, distinct values per column, non-negative
  // numbers, and references only to rows of tables both schemas keep.
  std::vector<std::string> rows(const Schema& a, const Schema& b) {
    std::map<std::string, int> counts;
    for (const auto& t : a.tables) counts[t.name] = between(0, 12);
    std::vector<std::string> out;
    for (const auto& t : a.tables) {
      for (int row = 0; row < counts[t.name]; ++row) {
        std::vector<std::string> names, values;
        for (const auto& c : t.columns) {
          names.push_back("\"" + c.name + "\"");
          if (c.name == "id") {
            values.push_back(std::to_string(row + 1));
          } else if (c.name.rfind("ref_", 0) == 0) {
            std::string target = c.name.substr(4);
            int n = counts[target];
            values.push_back(n > 0 && b.find_table(target) ? std::to_string(row % n + 1) : "NULL");
          } else {
            values.push_back(value(c, row));
          }
        }
        std::string sql = "INSERT INTO \"" + t.name + "\" (";
        for (std::size_t i = 0; i < names.size(); ++i) sql += (i ? ", " : "") + names[i];
        sql += ") VALUES (";
        for (std::size_t i = 0; i < values.size(); ++i) sql += (i ? ", " : "") + values[i];
        out.push_back(sql + ")");
      }
    }
    return out;
  }

 private:
  std::mt19937_64 rng_;
  bool sqlite_;
  bool mysql_;
  int next_index_ = 0;
  Schema original_;
};

}  // namespace

SchemaPair random_schema_pair(std::uint64_t seed, const std::string& engine) {
  Gen g(seed, engine);
  SchemaPair p;
  p.a = g.schema();
  p.b = g.mutate(p.a);
  for (auto& t : p.a.tables)
    for (auto& c : t.columns) c.renamed_from.reset();
  p.inserts = g.rows(p.a, p.b);
  return p;
}

std::string manifest_text(const model::Schema& schema) {
  std::string out;
  for (const auto& t : schema.tables) out += manifest::to_toml(t) + "\n";
  return out;
}

std::string name_in_b(const model::Table& b_table, const std::string& a_column) {
  for (const auto& c : b_table.columns)
    if (c.renamed_from == a_column) return c.name;
  if (const auto* c = b_table.find_column(a_column); c && !c->renamed_from) return a_column;
  return "";
}

}  // namespace bcdb::test
