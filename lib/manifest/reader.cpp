#include "manifest/reader.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "manifest/engine_options.h"
#include "manifest/sql_fragment.h"
#include "manifest/reader_support.h"
#include "support/strings.h"

namespace bcdb::manifest::detail {

bool blank(std::string_view s) {
  // Most texts start with an ASCII letter or digit, which no locale counts as space: that settles
  // them without a library call.
  if (!s.empty()) {
    char c = s.front();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  }
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string suggest(std::string_view word, const Keys& candidates, std::string_view what) {
  if (auto s = str::did_you_mean(word, candidates)) return "did you mean '" + *s + "'?";
  if (candidates.empty()) return "";
  return std::string(what) + ": " + str::join(candidates, ", ");
}

bool sql_fragment_ok(const Reporter& r, Pos at, const std::string& context, std::string_view key,
                     std::string_view text) {
  FragmentProblems problems = check_sql_fragment(text);
  if (problems.none()) return true;
  const std::string hint = "write one expression: bcdb pastes it into a statement of its own";
  const std::string what = context + std::string(key) + " is not one SQL expression";
  if (problems.everywhere()) {
    r.error(at, what + ": " + problems.by_engine.front().second.message, hint);
    return false;
  }
  // Another engine's SQL (MySQL's 'it\'s'): refused only where it does not read as one expression.
  std::vector<std::string> engines;
  for (const auto& [engine, problem] : problems.by_engine) engines.push_back(engine);
  r.engine_error(at, std::move(engines),
                 what + " as " + problems.engines() + " read" + (problems.by_engine.size() == 1 ? "s" : "") +
                     " it: " + problems.by_engine.front().second.message,
                 hint);
  return true;
}

bool sql_word_ok(const Reporter& r, Pos at, const std::string& context, std::string_view key, std::string_view text) {
  auto problem = check_sql_word(text);
  if (!problem) return true;
  r.error(at, context + std::string(key) + " '" + std::string(text) + "' " + *problem);
  return false;
}

std::string Context::str() const {
  if (!parent_) return std::string(text_);
  std::string out = parent_->str();
  if (element_)
    out += label(text_, *element_, position_);
  else if (position_ > 0)
    out.append(text_).append(" #").append(std::to_string(position_));
  else
    out += text_;
  out += ": ";
  return out;
}

Fields::Fields(const Node& node, const Context& context, const Reporter& r, const Keys& known)
    : node_(node), ctx_(context), r_(r) {
  for (const auto& e : node.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    std::string hint = known.empty() ? "no keys are defined here yet" : suggest(e.key, known, "valid keys");
    r_.error(e.at, ctx_.str() + "unknown key '" + std::string(e.key) + "'", hint);
  }
}

Pos Fields::at(std::string_view key) const {
  const Node* n = get(key);
  return n ? n->at : node_.at;
}

void Fields::missing(std::string_view key) const {
  r_.error(node_.at, context() + "missing required key '" + std::string(key) + "'");
}

void Fields::wrong(const Node& value, std::string_view key, std::string_view expected) const {
  r_.error(value.at, context() + std::string(key) + " must be " + std::string(expected));
}

std::optional<std::string_view> Fields::text(std::string_view key, bool required) const {
  const Node* n = get(key);
  if (!n) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (n->kind != Node::Kind::string) {
    wrong(*n, key, "a string");
    return std::nullopt;
  }
  return n->text;
}

std::optional<std::string_view> Fields::nonblank_text(std::string_view key, bool required) const {
  auto s = text(key, required);
  if (s && blank(*s)) {
    r_.error(at(key), context() + std::string(key) + " must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Fields::string(std::string_view key, bool required) const {
  auto s = text(key, required);
  if (!s) return std::nullopt;
  return std::string(*s);
}

std::optional<std::string> Fields::fragment(std::string_view key, bool required) const {
  auto s = nonblank_text(key, required);
  if (!s || !sql_fragment_ok(r_, at(key), context(), key, *s)) return std::nullopt;
  return std::string(*s);
}

std::optional<std::string> Fields::word(std::string_view key) const {
  auto s = nonblank_text(key);
  if (!s || !sql_word_ok(r_, at(key), context(), key, *s)) return std::nullopt;
  return std::string(*s);
}

std::optional<std::string> Fields::nonblank(std::string_view key, bool required) const {
  auto s = nonblank_text(key, required);
  if (!s) return std::nullopt;
  return std::string(*s);
}

std::optional<bool> Fields::boolean(std::string_view key) const {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  if (n->kind != Node::Kind::boolean) {
    wrong(*n, key, "a boolean");
    return std::nullopt;
  }
  return n->boolean;
}

std::optional<std::vector<std::string>> Fields::names(std::string_view key, bool required, Spots& spots,
                                                      Attr attr) const {
  const Node* n = get(key);
  if (!n) {
    if (required) missing(key);
    return std::nullopt;
  }
  return read_names(*n, ctx_, key, r_, spots, attr);
}

std::optional<std::vector<std::string>> read_names(const Node& list, const Context& context, std::string_view key,
                                                   const Reporter& r, Spots& spots, Attr attr) {
  auto what = [&] { return context.str() + std::string(key); };
  if (list.kind != Node::Kind::array) {
    r.error(list.at, what() + " must be an array of column names");
    return std::nullopt;
  }
  if (list.items.empty()) {
    r.error(list.at, what() + " must not be empty");
    return std::nullopt;
  }
  spots.add(attr, list.at);
  std::vector<std::string> out;
  out.reserve(list.items.size());
  bool ok = true;
  for (const Node& item : list.items) {
    if (item.kind != Node::Kind::string) {
      r.error(item.at, what() + " must be an array of column names");
      ok = false;
      continue;
    }
    spots.add(attr, item.at, out.size());
    out.emplace_back(item.text);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string label(std::string_view what, const Node& element, int position) {
  const Node* name = element.find("name");
  if (name && name->kind == Node::Kind::string && !blank(name->text))
    return std::string(what) + " " + std::string(name->text);
  return std::string(what) + " #" + std::to_string(position);
}

namespace {

const Keys kTopKeys{"tables"};
const Keys kTableKeys{"schema",  "comment", "renamed_from", "primary_key", "columns", "indexes",
                      "uniques", "foreign_keys", "checks",   "sqlite",      "mysql",   "postgres"};
const Keys kPrimaryKeyKeys{"name", "columns"};

class TableReader {
 public:
  TableReader(const Reporter& r, TypeCache& types, std::vector<Spot>& spots, TableSource& source)
      : r_(r), types_(types), spots_(spots), src_(source) {}

  void read(const Entry& entry) {
    model::Table& t = src_.table;
    t.name = entry.key;
    src_.at = entry.at;
    if (const Node* schema = entry.value.find("schema"); schema && schema->kind == Node::Kind::string)
      t.schema = schema->text;
    prefix_ = "table " + t.qualified_name() + ": ";
    const Context ctx(prefix_);
    Fields f(entry.value, ctx, r_, kTableKeys);
    if (f.get("schema")) {
      src_.keys.emplace_back("schema", f.at("schema"));
      t.schema = f.nonblank("schema").value_or("");
    }
    t.comment = f.string("comment").value_or("");
    if (f.get("renamed_from")) src_.keys.emplace_back("renamed_from", f.at("renamed_from"));
    t.renamed_from = f.nonblank("renamed_from");
    read_primary_key(f, ctx);
    if (const Node* columns = f.get("columns")) {
      src_.keys.emplace_back("columns", columns->at);
      if (columns->kind == Node::Kind::array) t.columns.reserve(columns->items.size());
    }
    each_table(f, "columns", [&](const Node& n, int position) { add_column(n, position, ctx); });
    each_table(f, "indexes", [&](const Node& n, int position) {
      keep(Part::indexes, t.indexes, [&](Spots& spots) { return read_index(n, position, ctx, r_, spots); });
    });
    each_table(f, "uniques", [&](const Node& n, int position) {
      keep(Part::uniques, t.uniques, [&](Spots& spots) { return read_unique(n, position, ctx, r_, spots); });
    });
    each_table(f, "foreign_keys", [&](const Node& n, int position) {
      keep(Part::foreign_keys, t.foreign_keys,
           [&](Spots& spots) { return read_foreign_key(n, position, ctx, r_, spots); });
    });
    each_table(f, "checks", [&](const Node& n, int position) {
      keep(Part::checks, t.checks, [&](Spots& spots) { return read_check(n, position, ctx, r_, spots); });
    });
    for (const auto& engine : engine_options()) read_options(f, ctx, engine);
    keep_spots_ordered();
  }

 private:
  // Lookups binary-search the spots by (part, element); the parts are read in that order, so
  // this only sorts if the reading order ever changes.
  void keep_spots_ordered() {
    auto by_element = [](const Spot& a, const Spot& b) {
      return std::tie(a.part, a.element) < std::tie(b.part, b.element);
    };
    if (!std::is_sorted(spots_.begin(), spots_.end(), by_element))
      std::stable_sort(spots_.begin(), spots_.end(), by_element);
  }

  // Reads one element into `into`; its positions stay recorded only when it is kept.
  template <typename T, typename ReadElement>
  void keep(Part part, std::vector<T>& into, ReadElement read) {
    std::size_t mark = spots_.size();
    Spots spots(spots_, part, into.size());
    if (std::optional<T> value = read(spots))
      into.push_back(std::move(*value));
    else
      spots_.resize(mark);
  }

  void add_column(const Node& n, int position, const Context& ctx) {
    auto& columns = src_.table.columns;
    std::size_t mark = spots_.size();
    Spots spots(spots_, Part::columns, columns.size());
    switch (read_column(n, position, ctx, r_, spots, types_, columns.emplace_back())) {
      case ColumnRead::dropped:
        columns.pop_back();
        spots_.resize(mark);
        break;
      case ColumnRead::untyped: src_.untyped.insert(columns.back().name); break;
      case ColumnRead::typed: break;
    }
  }

  void read_primary_key(const Fields& f, const Context& ctx) {
    const Node* n = f.get("primary_key");
    if (!n) return;
    std::size_t mark = spots_.size();
    Spots spots(spots_, Part::primary_key, 0);
    spots.add(Attr::self, n->at);
    model::PrimaryKey pk;
    std::optional<std::vector<std::string>> columns;
    if (n->kind == Node::Kind::array) {
      columns = read_names(*n, ctx, "primary_key", r_, spots, Attr::columns);
    } else if (n->kind == Node::Kind::table) {
      Fields pf(*n, Context(ctx, "primary key"), r_, kPrimaryKeyKeys);
      if (pf.get("name")) spots.add(Attr::name, pf.at("name"));
      pk.name = pf.nonblank("name").value_or("");
      columns = pf.names("columns", true, spots, Attr::columns);
    } else {
      f.wrong(*n, "primary_key", "an array of column names or a table { name = \"...\", columns = [...] }");
    }
    if (!columns) {
      spots_.resize(mark);
      return;
    }
    pk.columns = std::move(*columns);
    src_.table.primary_key = std::move(pk);
  }

  void read_options(const Fields& f, const Context& ctx, const EngineOptions& engine) {
    const Node* n = f.get(engine.engine);
    if (!n) return;
    if (n->kind != Node::Kind::table) {
      f.wrong(*n, engine.engine, "a table of options, e.g. sqlite = { strict = true }");
      return;
    }
    Keys known = engine.booleans;
    known.insert(known.end(), engine.strings.begin(), engine.strings.end());
    // MySQL's ON UPDATE per column: "on_update.<column>" = "...", or on_update = { <column> = "..." }.
    bool on_update = std::string_view(engine.engine) == model::kEngineMysql;
    Keys per_column;
    if (on_update)
      for (const auto& e : n->entries)
        if (e.key.rfind(kOnUpdateKey, 0) == 0 && e.key.size() > kOnUpdateKey.size()) per_column.emplace_back(e.key);
    Keys accepted = known;
    if (on_update) accepted.emplace_back(kOnUpdateKey.substr(0, kOnUpdateKey.size() - 1));
    accepted.insert(accepted.end(), per_column.begin(), per_column.end());
    Fields of(*n, Context(ctx, engine.engine), r_, accepted);
    std::string prefix = std::string(engine.engine) + ".";
    for (const auto& key : known)
      if (of.get(key)) src_.keys.emplace_back(prefix + key, of.at(key));
    for (const auto& key : engine.booleans)
      if (auto value = of.boolean(key)) src_.table.options[prefix + key] = *value ? "true" : "false";
    for (const auto& key : engine.strings)
      if (auto value = of.word(key)) src_.table.options[prefix + key] = *value;
    for (const auto& key : per_column) {
      src_.keys.emplace_back(prefix + key, of.at(key));
      if (auto value = of.fragment(key)) src_.table.options[prefix + key] = *value;
    }
    if (const Node* nested = on_update ? of.get("on_update") : nullptr) {
      if (nested->kind != Node::Kind::table) {
        of.wrong(*nested, "on_update", "a table of column = \"expression\", e.g. on_update = { updated_at = \"current_timestamp(6)\" }");
        return;
      }
      Keys columns;
      for (const auto& e : nested->entries) columns.emplace_back(e.key);
      const Context engine_ctx(ctx, engine.engine);
      Fields cf(*nested, Context(engine_ctx, "on_update"), r_, columns);
      for (const auto& column : columns) {
        std::string key = prefix + std::string(kOnUpdateKey) + column;
        src_.keys.emplace_back(key, cf.at(column));
        if (auto value = cf.fragment(column)) src_.table.options[key] = *value;
      }
    }
  }

  static constexpr std::string_view kOnUpdateKey = "on_update.";

  const Reporter& r_;
  TypeCache& types_;
  std::vector<Spot>& spots_;
  TableSource& src_;
  std::string prefix_;  // "table NAME: ", the root of every message about the table
};

}  // namespace

void SpotStore::keep(const std::vector<Spot>& spots, TableSource& table) {
  if (!chunk_ || chunk_->size() + spots.size() > chunk_->capacity()) {
    // Doubling keeps small loads small and big ones to a few chunks.
    chunk_ = std::make_shared<std::vector<Spot>>();
    chunk_->reserve(std::max(spots.size(), next_capacity_));
    next_capacity_ = std::min(2 * next_capacity_, std::size_t{1} << 16);
  }
  table.spot_list = chunk_;
  table.first_spot = static_cast<std::uint32_t>(chunk_->size());
  chunk_->insert(chunk_->end(), spots.begin(), spots.end());
  table.end_spot = static_cast<std::uint32_t>(chunk_->size());
}

void read_document(const Node& root, const std::string& file, int file_order, Sources& into,
                   std::vector<Diagnostic>& out) {
  std::vector<TableSource>& tables = into.tables;
  Reporter r(file, out);
  for (const auto& e : root.entries)
    if (e.key != "tables")
      r.error(e.at, "unknown top-level key '" + std::string(e.key) + "'", suggest(e.key, kTopKeys, "valid keys"));
  const Node* all = root.find("tables");
  if (!all) return;
  if (all->kind != Node::Kind::table) {
    r.error(all->at, "tables must be a table of tables, e.g. [tables.orders]");
    return;
  }
  auto shared_file = std::make_shared<const std::string>(file);
  TypeCache types;
  if (std::size_t needed = tables.size() + all->entries.size(); needed > tables.capacity())
    tables.reserve(std::max(needed, 2 * tables.capacity()));
  for (const auto& entry : all->entries) {
    if (entry.value.kind != Node::Kind::table) {
      std::string key(entry.key);
      r.error(entry.value.at, "table " + key + ": must be a table, e.g. [tables." + key + "]");
      continue;
    }
    if (blank(entry.key)) {
      r.error(entry.at, "table name must not be empty");
      continue;
    }
    TableSource& source = tables.emplace_back();
    source.file = shared_file;
    source.file_order = file_order;
    into.scratch.clear();
    TableReader(r, types, into.scratch, source).read(entry);
    into.spots.keep(into.scratch, source);
  }
}

}  // namespace bcdb::manifest::detail
