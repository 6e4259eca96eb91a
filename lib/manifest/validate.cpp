#include "manifest/validate.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <tuple>

#include "model/expression_names.h"
#include "support/strings.h"

namespace bcdb::manifest::detail {

namespace {

std::string_view part_name(Part part) {
  switch (part) {
    case Part::primary_key: return "primary_key";
    case Part::columns: return "columns";
    case Part::indexes: return "indexes";
    case Part::uniques: return "uniques";
    case Part::foreign_keys: return "foreign_keys";
    case Part::checks: return "checks";
  }
  return "";
}

// ".references.table" lies inside ".references"; every other attribute lies in the element.
Attr parent(Attr attr) {
  return attr == Attr::references_table || attr == Attr::references_columns ? Attr::references : Attr::self;
}

// (part, element) as one number, the order spots are kept in.
std::uint64_t element_key(Part part, std::size_t element) {
  return static_cast<std::uint64_t>(part) << 32 | static_cast<std::uint32_t>(element);
}

struct ByElement {
  bool operator()(const Spot& a, std::uint64_t b) const { return element_key(a.part, a.element) < b; }
  bool operator()(std::uint64_t a, const Spot& b) const { return a < element_key(b.part, b.element); }
};

}  // namespace

Pos TableSource::position(Part part, std::size_t element, Attr attr, int item) const {
  const Spot* begin = spot_list->data() + first_spot;
  const Spot* end = spot_list->data() + end_spot;
  auto [first, last] = std::equal_range(begin, end, element_key(part, element), ByElement{});
  return resolve(first, last, part, attr, item);
}

void TableSource::name_positions(Part part, std::size_t count, std::vector<Pos>& out) const {
  out.clear();
  const Spot* it = spot_list->data() + first_spot;
  const Spot* end = spot_list->data() + end_spot;
  for (std::size_t element = 0; element < count; ++element) {
    std::uint64_t key = element_key(part, element);
    while (it != end && element_key(it->part, it->element) < key) ++it;
    const Spot* first = it;
    while (it != end && element_key(it->part, it->element) == key) ++it;
    out.push_back(resolve(first, it, part, Attr::name, -1));
  }
}

Pos TableSource::resolve(const Spot* first, const Spot* last, Part part, Attr attr, int item) const {
  auto find = [&](Attr a, int i) -> const Spot* {
    for (const Spot* it = last; it != first;) {
      --it;
      if (it->attr == a && it->item == i) return it;
    }
    return nullptr;
  };
  if (first != last) {
    if (item >= 0)
      if (const Spot* s = find(attr, item)) return s->at;
    for (Attr a = attr;; a = parent(a)) {
      if (const Spot* s = find(a, -1)) return s->at;
      if (a == Attr::self) break;
    }
  }
  return key_position(part_name(part));
}

Pos TableSource::key_position(std::string_view key) const {
  while (!key.empty()) {
    for (auto it = keys.rbegin(); it != keys.rend(); ++it)
      if (it->first == key) return it->second;
    auto cut = key.find_last_of(".[");
    if (cut == std::string_view::npos) break;
    key = key.substr(0, cut);
  }
  return at;
}

namespace {

using model::Table;

// Engines disagree on case sensitivity (SQLite and MySQL fold names), so names that differ only
// in case count as the same name: such a manifest would not load into every engine. Folding is
// str::lower's, looked up in a table made once instead of a library call per character, and
// names are compared and hashed in place instead of building lowered copies.
class Fold {
 public:
  Fold() {
    for (int c = 0; c < 256; ++c) lower_[static_cast<std::size_t>(c)] = static_cast<unsigned char>(std::tolower(c));
  }

  bool equal(std::string_view a, std::string_view b) const {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i] && lower(a[i]) != lower(b[i])) return false;
    return true;
  }

  // FNV-1a over the folded characters, continuing from `h`.
  std::uint64_t hash(std::string_view s, std::uint64_t h = 14695981039346656037ULL) const {
    for (char c : s) {
      h ^= lower(c);
      h *= 1099511628211ULL;
    }
    return h;
  }

 private:
  unsigned char lower(char c) const { return lower_[static_cast<unsigned char>(c)]; }
  std::array<unsigned char, 256> lower_{};
};

// Up to this many keys (the columns of most tables) are compared pairwise, hashes first.
constexpr std::size_t kPairwise = 32;

template <typename Hash, typename Equal>
std::vector<std::size_t> first_declared_pairwise(std::size_t count, Hash hash_of, Equal equal) {
  std::array<std::uint64_t, kPairwise> hashes{};
  std::vector<std::size_t> first(count);
  for (std::size_t i = 0; i < count; ++i) {
    hashes[i] = hash_of(i);
    first[i] = i;
    // The smallest index with an equal key is the first of its group.
    for (std::size_t j = 0; j < i; ++j)
      if (hashes[j] == hashes[i] && equal(j, i)) {
        first[i] = j;
        break;
      }
  }
  return first;
}

// Many keys (the index names of a big schema): grouped by sorting their hashes.
template <typename Hash, typename Equal>
std::vector<std::size_t> first_declared_sorted(std::size_t count, Hash hash_of, Equal equal) {
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed(count);
  for (std::size_t i = 0; i < count; ++i) keyed[i] = {hash_of(i), i};
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::size_t> first(count);
  for (std::size_t run = 0; run < count;) {
    std::size_t end = run + 1;
    while (end < count && keyed[end].first == keyed[run].first) ++end;
    // Within a run of equal hashes indices ascend: compare with the first of each group so far.
    for (std::size_t a = run; a < end; ++a) {
      std::size_t i = keyed[a].second;
      first[i] = i;
      for (std::size_t b = run; b < a && first[i] == i; ++b)
        if (std::size_t j = keyed[b].second; first[j] == j && equal(j, i)) first[i] = j;
    }
    run = end;
  }
  return first;
}

// For each of `count` keys, the index of the first key equal to it (itself when none comes
// earlier). Keys are compared for real only when their hashes are equal, and never all pairs of
// many keys, so that this stays cheap for wide tables and for the thousands of names of a big
// schema.
template <typename Hash, typename Equal>
std::vector<std::size_t> first_declared(std::size_t count, Hash hash_of, Equal equal) {
  if (count <= kPairwise) return first_declared_pairwise(count, hash_of, equal);
  return first_declared_sorted(count, hash_of, equal);
}

int item(std::size_t j) { return static_cast<int>(j); }

std::string label(std::string_view what, const std::string& name, std::size_t i) {
  return std::string(what) + (name.empty() ? " #" + std::to_string(i + 1) : " " + name);
}

bool is_integer(model::TypeKind k) {
  return k == model::TypeKind::int16 || k == model::TypeKind::int32 || k == model::TypeKind::int64;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The same names, in any order; keys of one column, the usual case, need no sorted copies.
bool same_set(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  if (a.size() == 1) return a[0] == b[0];
  return sorted(a) == sorted(b);
}

std::vector<std::string> column_names(const Table& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

std::string column_hint(const std::string& word, const Table& t) {
  auto names = column_names(t);
  if (auto s = str::did_you_mean(word, names)) return "did you mean '" + *s + "'?";
  if (names.size() <= 12) return "columns of " + t.qualified_name() + ": " + str::join(names, ", ");
  return "";
}

// Whether `columns` (in any order) are the primary key of `t` or exactly the columns of one of its
// unique constraints or full (not partial) unique indexes: what a foreign key may reference.
bool is_unique_key(const Table& t, const std::vector<std::string>& columns) {
  if (t.primary_key && same_set(t.primary_key->columns, columns)) return true;
  for (const auto& u : t.uniques)
    if (same_set(u.columns, columns)) return true;
  for (const auto& i : t.indexes) {
    if (!i.unique || !i.where.empty()) continue;
    std::vector<std::string> parts;
    for (const auto& p : i.parts)
      if (!p.column.empty()) parts.push_back(p.column);
    if (parts.size() == i.parts.size() && same_set(parts, columns)) return true;
  }
  return false;
}

// What stops an engine from holding `name` as written, per engine (model::kEngine*):
// PostgreSQL keeps 63 bytes of a name (longer ones are cut, so two may collide); MySQL and
// MariaDB take at most 64 characters of the Basic Multilingual Plane, and no trailing space.
std::vector<std::pair<std::string, std::string>> identifier_problems(std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  constexpr std::size_t kPostgresBytes = 63, kMysqlCharacters = 64;
  if (name.size() > kPostgresBytes)
    out.emplace_back(model::kEnginePostgres, "is " + std::to_string(name.size()) + " bytes long; PostgreSQL keeps " +
                                                 std::to_string(kPostgresBytes) + " (two names sharing them collide)");
  std::size_t characters = 0;
  bool astral = false;
  for (unsigned char c : name) {
    if ((c & 0xC0) != 0x80) ++characters;
    if (c >= 0xF0) astral = true;  // the lead byte of a 4-byte sequence: U+10000 and above
  }
  if (characters > kMysqlCharacters)
    out.emplace_back(model::kEngineMysql, "is " + std::to_string(characters) + " characters long; MySQL and MariaDB take " +
                                              std::to_string(kMysqlCharacters));
  else if (astral)
    out.emplace_back(model::kEngineMysql,
                     "holds a character beyond U+FFFF (an emoji?), which MySQL and MariaDB names cannot");
  else if (!name.empty() && name.back() == ' ')
    out.emplace_back(model::kEngineMysql, "ends with a space, which MySQL and MariaDB names cannot");
  return out;
}

// Messages name their subject through callables: a valid schema writes no message, and building
// each subject's text up front was a large part of loading a big one.
class Validator {
 public:
  Validator(std::vector<TableSource>& tables, std::vector<Diagnostic>& out) : tables_(tables), out_(out) {
    for (auto& t : tables_) by_name_.emplace(t.table.qualified_name(), &t);
  }

  void run() {
    for (auto& t : tables_) table(t);
    shared_names();
  }

 private:
  void error(const Location& at, std::string message, std::string hint = {}) {
    out_.push_back({at, std::move(message), std::move(hint)});
  }
  void advise(const Location& at, std::string message, std::string hint = {}) {
    out_.push_back({at, std::move(message), std::move(hint), {}, true});
  }

  // Names an engine cannot hold (identifier_problems): problems on those engines only.
  void name(const Location& at, const std::string& what, const std::string& text) {
    for (auto& [engine, problem] : identifier_problems(text))
      out_.push_back({at, what + ": the name " + problem, "", {engine}});
  }

  void names(const TableSource& s) {
    const Table& t = s.table;
    name(s.declared(), ctx(s) + "table", t.name);
    if (!t.schema.empty()) name(s.locate("schema"), ctx(s) + "schema", t.schema);
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      name(s.locate(Part::columns, i, Attr::name), ctx(s) + "column " + t.columns[i].name, t.columns[i].name);
    for (std::size_t i = 0; i < t.indexes.size(); ++i)
      name(s.locate(Part::indexes, i, Attr::name), ctx(s) + "index " + t.indexes[i].name, t.indexes[i].name);
    auto constraint = [&](Part part, std::size_t i, const char* what, const std::string& n) {
      if (!n.empty()) name(s.locate(part, i, Attr::name), ctx(s) + what + " " + n, n);
    };
    if (t.primary_key) constraint(Part::primary_key, 0, "primary key", t.primary_key->name);
    for (std::size_t i = 0; i < t.uniques.size(); ++i) constraint(Part::uniques, i, "unique", t.uniques[i].name);
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i)
      constraint(Part::foreign_keys, i, "foreign key", t.foreign_keys[i].name);
    for (std::size_t i = 0; i < t.checks.size(); ++i) constraint(Part::checks, i, "check", t.checks[i].name);
  }

  static std::string ctx(const TableSource& s) { return "table " + s.table.qualified_name() + ": "; }

  void table(TableSource& s) {
    const Table& t = s.table;
    if (model::is_reserved_table(t.name))
      error(s.declared(), ctx(s) + "the name is reserved",
            "bcdb keeps its own records (migration history, seeds) in " + t.name);
    else if (str::starts_with_ci(t.name, "sqlite_"))
      error(s.declared(), ctx(s) + "the name is reserved", "SQLite reserves names starting with sqlite_");
    if (t.columns.empty())
      error(s.locate("columns"), ctx(s) + "has no columns", "add columns = [ { name = \"...\", type = \"...\" } ]");
    names(s);
    if (t.renamed_from) table_rename(s);
    columns(s);
    if (t.primary_key) primary_key(s);
    for (std::size_t i = 0; i < t.indexes.size(); ++i) index(s, i);
    for (std::size_t i = 0; i < t.uniques.size(); ++i) {
      column_list(s, [&] { return label("unique", t.uniques[i].name, i); }, t.uniques[i].columns, Part::uniques, i);
      redundant_unique(s, i);
    }
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) foreign_key(s, i);
    if (!t.options.empty()) options(s);
  }

  void options(const TableSource& s) {
    const Table& t = s.table;
    constexpr std::string_view on_update = "mysql.on_update.";
    for (const auto& [key, value] : t.options) {
      if (key.rfind(on_update, 0) != 0) continue;
      const model::Column* c = t.find_column(std::string_view(key).substr(on_update.size()));
      if (!c)
        error(s.locate(key), ctx(s) + key + " names no column of the table",
              "on_update.<column> gives a column's ON UPDATE expression");
      else if (c->generated)
        error(s.locate(key), ctx(s) + key + ": column " + c->name + " is generated and cannot have ON UPDATE");
    }
    if (t.option("sqlite.without_rowid") && !t.primary_key)
      error(s.locate("sqlite.without_rowid"), ctx(s) + "sqlite.without_rowid needs a primary key");
    if (t.option("sqlite.autoincrement") &&
        std::none_of(t.columns.begin(), t.columns.end(), [](const model::Column& c) { return c.identity; }))
      error(s.locate("sqlite.autoincrement"), ctx(s) + "sqlite.autoincrement needs an identity column");
  }

  void table_rename(const TableSource& s) {
    const Table& t = s.table;
    Location at = s.locate("renamed_from");
    if (*t.renamed_from == t.name) {
      error(at, ctx(s) + "renamed_from names the table itself", "renamed_from is the table's previous name");
      return;
    }
    std::string old_name = model::qualify(t.schema, *t.renamed_from);
    if (auto it = by_name_.find(old_name); it != by_name_.end())
      error(at, ctx(s) + "renamed_from names table " + old_name + ", which is also declared at " +
                    it->second->declared().to_string(),
            "a rename needs the old table to be gone; remove the hint or the other table");
  }

  void columns(const TableSource& s) {
    const Table& t = s.table;
    auto first = first_declared(
        t.columns.size(), [&](std::size_t i) { return fold_.hash(t.columns[i].name); },
        [&](std::size_t a, std::size_t b) { return fold_.equal(t.columns[a].name, t.columns[b].name); });
    const model::Column* identity = nullptr;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const model::Column& c = t.columns[i];
      auto at = [&](Attr attr) { return s.locate(Part::columns, i, attr); };
      auto cctx = [&] { return ctx(s) + "column " + c.name + ": "; };
      if (first[i] != i)
        error(at(Attr::name), ctx(s) + "duplicate column '" + c.name + "', first declared at " +
                                  s.locate(Part::columns, first[i], Attr::name).to_string());
      if (c.identity) {
        if (!s.untyped.count(c.name) && !is_integer(c.type.kind))
          error(at(Attr::identity), cctx() + "identity needs an integer type, not " + model::to_string(c.type),
                "use int16, int32 or int64");
        if (identity)
          error(at(Attr::identity), cctx() + "column " + identity->name + " is the identity column already",
                "a table has at most one identity column");
        else
          identity = &c;
      }
      if (c.default_expr && c.identity) error(at(Attr::default_), cctx() + "an identity column cannot have a default");
      if (c.default_expr && c.generated) error(at(Attr::default_), cctx() + "a generated column cannot have a default");
      if (c.generated && c.identity)
        error(at(Attr::generated), cctx() + "a generated column cannot be an identity column");
      if (c.renamed_from) column_rename(s, c, cctx(), at(Attr::renamed_from));
      transforms(s, c, cctx(), at);
    }
  }

  // up, down and using: where they can apply, and which columns down may fill.
  template <typename At>
  void transforms(const TableSource& s, const model::Column& c, const std::string& cctx, At at) {
    if (c.up && (c.identity || c.generated))
      error(at(Attr::up), cctx + "up cannot apply to an " + (c.identity ? "identity" : "generated") + " column",
            "the engine computes its values");
    if (c.using_expr && (c.identity || c.generated))
      error(at(Attr::using_), cctx + "using cannot apply to an " + (c.identity ? "identity" : "generated") + " column");
    if (c.up) unknown_names(s, *c.up, cctx + "up", at(Attr::up));
    if (c.using_expr) unknown_names(s, *c.using_expr, cctx + "using", at(Attr::using_));
    for (const auto& [old, t] : c.down) unknown_names(s, t, cctx + (old.empty() ? "down" : "down." + old), at(Attr::down));
    if (c.down.empty()) return;
    if (c.down.count("") && !c.renamed_from)
      error(at(Attr::down), cctx + "down = \"...\" gives the value of the column this one was renamed from, and it has no renamed_from",
            "name the old columns: down = { old_column = \"...\" }");
    if (!c.up && !c.renamed_from)
      error(at(Attr::down), cctx + "down needs up: how this column's values come from the old columns");
    for (const auto& [old, t] : c.down)
      if (!old.empty() && s.table.find_column(old))
        error(at(Attr::down), cctx + "down." + old + ": " + old + " is a column of the table",
              "down gives the values of columns that go away, for the old version to read");
  }

  // Names an expression reads that the manifest knows as no column of the table's old or new
  // row (its columns, the columns they are renamed from, those a down fills): the live table may
  // still hold them, so this is advice; the engine decides at plan time.
  void unknown_names(const TableSource& s, const model::Transform& t, const std::string& what, const Location& at) {
    auto known = [&](const std::string& name) {
      for (const auto& c : s.table.columns) {
        if (str::iequals(c.name, name) || (c.renamed_from && str::iequals(*c.renamed_from, name))) return true;
        for (const auto& [old, d] : c.down)
          if (str::iequals(old, name)) return true;
      }
      return false;
    };
    std::vector<std::string> unknown;
    auto read = [&](const std::string& expr) {
      for (auto& name : model::names_read(expr))
        if (!known(name) && std::find(unknown.begin(), unknown.end(), name) == unknown.end()) unknown.push_back(name);
    };
    read(t.expr);
    for (const auto& [engine, expr] : t.engines) read(expr);
    if (unknown.empty()) return;
    advise(at, what + " reads " + str::join(unknown, ", ") + ", which the manifest declares as no column of the table",
           "unless the live table has " + std::string(unknown.size() > 1 ? "them" : "it") +
               ", bcdb diff and migrate refuse the expression");
  }

  void column_rename(const TableSource& s, const model::Column& c, const std::string& cctx, const Location& at) {
    if (*c.renamed_from == c.name) {
      error(at, cctx + "renamed_from names the column itself", "renamed_from is the column's previous name");
    } else if (s.table.find_column(*c.renamed_from)) {
      error(at, cctx + "renamed_from names column " + *c.renamed_from + ", which also exists",
            "a rename needs the old column to be gone; remove the hint or the other column");
    }
  }

  // Engines fold a unique constraint on the key's columns, or on another unique constraint's
  // columns, into the existing one (SQLite creates no second index), so it could never be in sync.
  void redundant_unique(const TableSource& s, std::size_t i) {
    const Table& t = s.table;
    auto as_set = [](std::vector<std::string> v) {
      for (auto& x : v) x = str::lower(x);
      std::sort(v.begin(), v.end());
      return v;
    };
    auto columns = as_set(t.uniques[i].columns);
    std::string what = label("unique", t.uniques[i].name, i);
    if (t.primary_key && as_set(t.primary_key->columns) == columns) {
      error(s.locate(Part::uniques, i, Attr::columns), ctx(s) + what + ": repeats the primary key",
            "the primary key is already unique; remove this constraint");
      return;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (as_set(t.uniques[j].columns) != columns) continue;
      error(s.locate(Part::uniques, i, Attr::columns),
            ctx(s) + what + ": repeats " + label("unique", t.uniques[j].name, j) + " on the same columns",
            "remove one of them");
      return;
    }
  }

  // Every name must be a column of the table, and listed once. The names are recorded as the
  // items of `attr` in element `element` of `part`; `what()` names the list's owner.
  template <typename What>
  void column_list(const TableSource& s, What what, const std::vector<std::string>& names, Part part,
                   std::size_t element, Attr attr = Attr::columns) {
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (!s.table.find_column(names[j]))
        error(s.locate(part, element, attr, item(j)), ctx(s) + what() + ": unknown column '" + names[j] + "'",
              column_hint(names[j], s.table));
      else if (std::find(names.begin(), names.begin() + j, names[j]) != names.begin() + j)
        error(s.locate(part, element, attr, item(j)), ctx(s) + what() + ": column '" + names[j] + "' is listed twice");
    }
  }

  void primary_key(const TableSource& s) {
    const auto& pk = *s.table.primary_key;
    column_list(s, [] { return std::string("primary key"); }, pk.columns, Part::primary_key, 0);
    std::set<std::string> seen;
    for (std::size_t j = 0; j < pk.columns.size(); ++j) {
      const model::Column* c = s.table.find_column(pk.columns[j]);
      if (c && c->nullable && seen.insert(c->name).second)
        error(s.locate(Part::primary_key, 0, Attr::columns, item(j)),
              ctx(s) + "primary key: column " + c->name + " is nullable",
              "primary key columns are NOT NULL; remove nullable = true");
    }
  }

  void index(const TableSource& s, std::size_t i) {
    const model::Index& index = s.table.indexes[i];
    auto what = [&] { return "index " + index.name; };
    for (std::size_t j = 0; j < index.parts.size(); ++j) {
      const std::string& column = index.parts[j].column;
      if (!column.empty() && !s.table.find_column(column))
        error(s.locate(Part::indexes, i, Attr::columns, item(j)), ctx(s) + what() + ": unknown column '" + column + "'",
              column_hint(column, s.table));
    }
    column_list(s, [&] { return what() + ": include"; }, index.include, Part::indexes, i, Attr::include);
  }

  void foreign_key(TableSource& s, std::size_t i) {
    model::ForeignKey& fk = s.table.foreign_keys[i];
    auto what = [&] { return label("foreign key", fk.name, i); };
    auto fctx = [&] { return ctx(s) + what() + ": "; };
    auto at = [&](Attr attr, int j = -1) { return s.locate(Part::foreign_keys, i, attr, j); };
    column_list(s, what, fk.columns, Part::foreign_keys, i);
    auto target_it = by_name_.find(fk.ref_table);
    if (target_it == by_name_.end()) {
      error(at(Attr::references_table), fctx() + "references unknown table '" + fk.ref_table + "'",
            table_hint(fk.ref_table));
      return;
    }
    const Table& target = target_it->second->table;
    if (fk.ref_columns.empty()) {
      if (!target.primary_key) {
        error(at(Attr::references),
              fctx() + "references.columns is omitted but table " + target.qualified_name() + " has no primary key",
              "name the referenced columns");
        return;
      }
      fk.ref_columns = target.primary_key->columns;
    }
    bool columns_known = true;
    for (std::size_t j = 0; j < fk.ref_columns.size(); ++j) {
      if (target.find_column(fk.ref_columns[j])) continue;
      columns_known = false;
      error(at(Attr::references_columns, item(j)),
            fctx() + "references unknown column '" + fk.ref_columns[j] + "' of table " + target.qualified_name(),
            column_hint(fk.ref_columns[j], target));
    }
    if (fk.columns.size() != fk.ref_columns.size()) {
      error(at(Attr::references_columns), fctx() + "has " + std::to_string(fk.columns.size()) +
                                              " column(s) but references " + std::to_string(fk.ref_columns.size()));
      return;
    }
    if (!columns_known) return;
    compare_types(s, *target_it->second, fk, fctx, i);
    if (!is_unique_key(target, fk.ref_columns))
      error(at(Attr::references_columns),
            fctx() + "references " + target.qualified_name() + "(" + str::join(fk.ref_columns, ", ") +
                ") which is neither its primary key nor unique",
            "add a unique constraint on those columns of " + target.qualified_name());
  }

  template <typename Context>
  void compare_types(const TableSource& s, const TableSource& target, const model::ForeignKey& fk, Context fctx,
                     std::size_t i) {
    for (std::size_t j = 0; j < fk.columns.size(); ++j) {
      const model::Column* from = s.table.find_column(fk.columns[j]);
      const model::Column* to = target.table.find_column(fk.ref_columns[j]);
      if (!from || !to || s.untyped.count(from->name) || target.untyped.count(to->name)) continue;
      if (from->type == to->type) continue;
      error(s.locate(Part::foreign_keys, i, Attr::columns, item(j)),
            fctx() + "column " + from->name + " is " + model::to_string(from->type) + " but " +
                target.table.qualified_name() + "." + to->name + " is " + model::to_string(to->type),
            "a foreign key column needs the type of the column it references");
    }
  }

  std::string table_hint(const std::string& name) const {
    std::vector<std::string> names;
    for (const auto& [qualified, source] : by_name_) {
      // An unqualified reference to a table that lives in a named schema: the schema is missing.
      if (source->table.name == name) return "did you mean '" + qualified + "'?";
      names.push_back(qualified);
    }
    if (auto s = str::did_you_mean(name, names)) return "did you mean '" + *s + "'?";
    return "";
  }

  struct Named {
    std::string_view name;  // into the table, which stays put while names are checked
    bool is_index = false;
    const TableSource* table = nullptr;
    Pos at;
  };

  std::size_t named_count() const {
    std::size_t n = 0;
    for (const auto& s : tables_)
      n += s.table.indexes.size() + s.table.uniques.size() + s.table.foreign_keys.size() + s.table.checks.size() + 1;
    return n;
  }

  static void named_objects(const TableSource& s, std::vector<Named>& out) {
    const Table& t = s.table;
    auto add = [&](const std::string& name, bool is_index, Part part, std::size_t i) {
      if (!name.empty()) out.push_back({name, is_index, &s, s.position(part, i, Attr::name)});
    };
    if (t.primary_key) add(t.primary_key->name, false, Part::primary_key, 0);
    for (std::size_t i = 0; i < t.indexes.size(); ++i) add(t.indexes[i].name, true, Part::indexes, i);
    for (std::size_t i = 0; i < t.uniques.size(); ++i) add(t.uniques[i].name, false, Part::uniques, i);
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) add(t.foreign_keys[i].name, false, Part::foreign_keys, i);
    for (std::size_t i = 0; i < t.checks.size(); ++i) add(t.checks[i].name, false, Part::checks, i);
  }

  // Index names, and constraint names, share one namespace per engine schema: report a name used
  // twice at its second declaration.
  void shared_names() {
    std::vector<Named> all;
    all.reserve(named_count());
    for (const auto& s : tables_) named_objects(s, all);
    auto order = [](const Named& n) { return std::make_tuple(n.table->file_order, n.at.line, n.at.column); };
    std::stable_sort(all.begin(), all.end(), [&](const Named& a, const Named& b) { return order(a) < order(b); });
    auto first = first_declared(
        all.size(),
        [&](std::size_t i) {
          // The schema, a separator no folded character produces, then the name.
          std::uint64_t h = fold_.hash(all[i].table->table.schema);
          return fold_.hash(all[i].name, (h ^ 0x100) * 1099511628211ULL);
        },
        [&](std::size_t a, std::size_t b) {
          return fold_.equal(all[a].table->table.schema, all[b].table->table.schema) &&
                 fold_.equal(all[a].name, all[b].name);
        });
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (first[k] == k) continue;
      const Named& n = all[k];
      const Named& f = all[first[k]];
      std::string name(n.name);
      std::string where = "table " + f.table->table.qualified_name() + " at " + f.table->location(f.at).to_string();
      std::string message = ctx(*n.table);
      if (n.is_index && f.is_index)
        message += "duplicate index name '" + name + "', first declared in " + where;
      else if (!n.is_index && !f.is_index)
        message += "duplicate constraint name '" + name + "', first declared in " + where;
      else
        message += std::string(n.is_index ? "index" : "constraint") + " '" + name + "' has the same name as " +
                   (f.is_index ? "an index" : "a constraint") + " declared in " + where;
      error(n.table->location(n.at), message, "index and constraint names must be unique within a schema");
    }
  }

  std::vector<TableSource>& tables_;
  std::vector<Diagnostic>& out_;
  std::map<std::string, TableSource*> by_name_;
  Fold fold_;
};

// `names` is scratch space, kept by the caller to spare an allocation per table.
void record_locations(const TableSource& s, Locations& out, std::vector<Pos>& names) {
  const Table& t = s.table;
  out.add_table(t.qualified_name(), *s.file, s.at.line, s.at.column);
  s.name_positions(Part::columns, t.columns.size(), names);
  for (std::size_t i = 0; i < t.columns.size(); ++i) out.add(t.columns[i].name, names[i].line, names[i].column);
  auto named = [&](const std::string& name, Part part, std::size_t i) {
    if (name.empty()) return;
    Pos at = s.position(part, i, Attr::name);
    out.add(name, at.line, at.column);
  };
  if (t.primary_key) named(t.primary_key->name, Part::primary_key, 0);
  for (std::size_t i = 0; i < t.indexes.size(); ++i) named(t.indexes[i].name, Part::indexes, i);
  for (std::size_t i = 0; i < t.uniques.size(); ++i) named(t.uniques[i].name, Part::uniques, i);
  for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) named(t.foreign_keys[i].name, Part::foreign_keys, i);
  for (std::size_t i = 0; i < t.checks.size(); ++i) named(t.checks[i].name, Part::checks, i);
}

// Keeps the first of tables whose names differ at most in case, reporting the others.
void drop_duplicate_tables(std::vector<TableSource>& tables, std::vector<Diagnostic>& out) {
  std::vector<std::string> names;
  names.reserve(tables.size());
  for (const auto& t : tables) names.push_back(t.table.qualified_name());
  const Fold fold;
  auto first = first_declared(
      names.size(), [&](std::size_t i) { return fold.hash(names[i]); },
      [&](std::size_t a, std::size_t b) { return fold.equal(names[a], names[b]); });
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (first[i] == i) continue;
    const std::string& qualified = names[i];
    const std::string& first_name = names[first[i]];
    out.push_back({tables[i].declared(),
                   "table " + qualified + ": duplicate table, first declared at " + tables[first[i]].declared().to_string(),
                   first_name == qualified ? "" : "table names differ only in case: " + first_name});
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (first[i] != i) continue;
    if (kept != i) tables[kept] = std::move(tables[i]);
    ++kept;
  }
  tables.erase(tables.begin() + static_cast<std::ptrdiff_t>(kept), tables.end());
}

}  // namespace

void assemble(std::vector<TableSource> tables, LoadResult& result) {
  drop_duplicate_tables(tables, result.diagnostics);
  Validator(tables, result.diagnostics).run();
  result.schema.tables.reserve(result.schema.tables.size() + tables.size());
  std::size_t objects = 0;
  for (const auto& s : tables)
    objects += s.table.columns.size() + s.table.indexes.size() + s.table.uniques.size() +
               s.table.foreign_keys.size() + s.table.checks.size() + 1;
  result.locations.reserve(tables.size(), objects);
  std::vector<Pos> names;
  for (auto& s : tables) {
    record_locations(s, result.locations, names);
    result.schema.tables.push_back(std::move(s.table));
  }
}

}  // namespace bcdb::manifest::detail
