#include "manifest/reader.h"

#include <algorithm>

#include "manifest/engine_options.h"
#include "manifest/reader_support.h"
#include "support/strings.h"

namespace bcdb::manifest::detail {

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

std::string suggest(std::string_view word, const Keys& candidates, std::string_view what) {
  if (auto s = str::did_you_mean(word, candidates)) return "did you mean '" + *s + "'?";
  if (candidates.empty()) return "";
  return std::string(what) + ": " + str::join(candidates, ", ");
}

void Spots::file_under(const std::string& path, const Reporter& r, TableSource& table) const {
  for (const auto& [suffix, at] : items_) table.where[path + suffix] = r.at(at);
}

Fields::Fields(const Node& node, std::string context, const Reporter& r, const Keys& known)
    : node_(node), ctx_(std::move(context)), r_(r) {
  for (const auto& e : node.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    std::string hint = known.empty() ? "no keys are defined here yet" : suggest(e.key, known, "valid keys");
    r_.error(e.at, ctx_ + "unknown key '" + e.key + "'", hint);
  }
}

Pos Fields::at(std::string_view key) const {
  const Node* n = get(key);
  return n ? n->at : node_.at;
}

void Fields::missing(std::string_view key) const {
  r_.error(node_.at, ctx_ + "missing required key '" + std::string(key) + "'");
}

void Fields::wrong(const Node& value, std::string_view key, std::string_view expected) const {
  r_.error(value.at, ctx_ + std::string(key) + " must be " + std::string(expected));
}

std::optional<std::string> Fields::string(std::string_view key, bool required) const {
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

std::optional<std::string> Fields::nonblank(std::string_view key, bool required) const {
  auto s = string(key, required);
  if (s && str::trim(*s).empty()) {
    r_.error(at(key), ctx_ + std::string(key) + " must not be empty");
    return std::nullopt;
  }
  return s;
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
                                                      const std::string& suffix) const {
  const Node* n = get(key);
  if (!n) {
    if (required) missing(key);
    return std::nullopt;
  }
  return read_names(*n, ctx_, key, r_, spots, suffix);
}

std::optional<std::vector<std::string>> read_names(const Node& list, const std::string& context,
                                                   std::string_view key, const Reporter& r, Spots& spots,
                                                   const std::string& suffix) {
  std::string what = context + std::string(key);
  if (list.kind != Node::Kind::array) {
    r.error(list.at, what + " must be an array of column names");
    return std::nullopt;
  }
  if (list.items.empty()) {
    r.error(list.at, what + " must not be empty");
    return std::nullopt;
  }
  spots.add(suffix, list.at);
  std::vector<std::string> out;
  bool ok = true;
  for (const Node& item : list.items) {
    if (item.kind != Node::Kind::string) {
      r.error(item.at, what + " must be an array of column names");
      ok = false;
      continue;
    }
    spots.add(suffix + "[" + std::to_string(out.size()) + "]", item.at);
    out.push_back(item.text);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string label(std::string_view what, const Node& element, int position) {
  const Node* name = element.find("name");
  if (name && name->kind == Node::Kind::string && !str::trim(name->text).empty())
    return std::string(what) + " " + name->text;
  return std::string(what) + " #" + std::to_string(position);
}

namespace {

const Keys kTopKeys{"tables"};
const Keys kTableKeys{"schema",  "comment", "renamed_from", "primary_key", "columns", "indexes",
                      "uniques", "foreign_keys", "checks",   "sqlite",      "mysql",   "postgres"};
const Keys kPrimaryKeyKeys{"name", "columns"};

class TableReader {
 public:
  TableReader(const Reporter& r, TableSource& source) : r_(r), src_(source) {}

  void read(const Entry& entry) {
    model::Table& t = src_.table;
    t.name = entry.key;
    src_.at = r_.at(entry.at);
    if (const Node* schema = entry.value.find("schema"); schema && schema->kind == Node::Kind::string)
      t.schema = schema->text;
    ctx_ = "table " + t.qualified_name() + ": ";
    Fields f(entry.value, ctx_, r_, kTableKeys);
    if (f.get("schema")) {
      src_.where["schema"] = r_.at(f.at("schema"));
      t.schema = f.nonblank("schema").value_or("");
    }
    t.comment = f.string("comment").value_or("");
    if (f.get("renamed_from")) src_.where["renamed_from"] = r_.at(f.at("renamed_from"));
    t.renamed_from = f.nonblank("renamed_from");
    read_primary_key(f);
    if (const Node* columns = f.get("columns")) src_.where["columns"] = r_.at(columns->at);
    each_table(f, "columns", [&](const Node& n, int position) { add_column(n, position); });
    each_table(f, "indexes", [&](const Node& n, int position) {
      keep(read_index(n, position, ctx_, r_), t.indexes, "indexes");
    });
    each_table(f, "uniques", [&](const Node& n, int position) {
      keep(read_unique(n, position, ctx_, r_), t.uniques, "uniques");
    });
    each_table(f, "foreign_keys", [&](const Node& n, int position) {
      keep(read_foreign_key(n, position, ctx_, r_), t.foreign_keys, "foreign_keys");
    });
    each_table(f, "checks", [&](const Node& n, int position) {
      keep(read_check(n, position, ctx_, r_), t.checks, "checks");
    });
    for (const auto& engine : engine_options()) read_options(f, engine);
  }

 private:
  static std::string path(const char* list, std::size_t index) {
    return std::string(list) + "[" + std::to_string(index) + "]";
  }

  template <typename T>
  void keep(std::optional<Read<T>> read, std::vector<T>& into, const char* list) {
    if (!read) return;
    read->spots.file_under(path(list, into.size()), r_, src_);
    into.push_back(std::move(read->value));
  }

  void add_column(const Node& n, int position) {
    auto read = read_column(n, position, ctx_, r_);
    if (!read) return;
    if (!read->typed) src_.untyped.insert(read->column.value.name);
    keep(std::optional<Read<model::Column>>(std::move(read->column)), src_.table.columns, "columns");
  }

  void read_primary_key(const Fields& f) {
    const Node* n = f.get("primary_key");
    if (!n) return;
    Spots spots;
    spots.add("", n->at);
    model::PrimaryKey pk;
    std::optional<std::vector<std::string>> columns;
    if (n->kind == Node::Kind::array) {
      columns = read_names(*n, ctx_, "primary_key", r_, spots, ".columns");
    } else if (n->kind == Node::Kind::table) {
      Fields pf(*n, ctx_ + "primary key: ", r_, kPrimaryKeyKeys);
      if (pf.get("name")) spots.add(".name", pf.at("name"));
      pk.name = pf.nonblank("name").value_or("");
      columns = pf.names("columns", true, spots, ".columns");
    } else {
      f.wrong(*n, "primary_key", "an array of column names or a table { name = \"...\", columns = [...] }");
    }
    if (!columns) return;
    pk.columns = std::move(*columns);
    spots.file_under("primary_key", r_, src_);
    src_.table.primary_key = std::move(pk);
  }

  void read_options(const Fields& f, const EngineOptions& engine) {
    const Node* n = f.get(engine.engine);
    if (!n) return;
    if (n->kind != Node::Kind::table) {
      f.wrong(*n, engine.engine, "a table of options, e.g. sqlite = { strict = true }");
      return;
    }
    Keys known = engine.booleans;
    known.insert(known.end(), engine.strings.begin(), engine.strings.end());
    Fields of(*n, ctx_ + engine.engine + ": ", r_, known);
    std::string prefix = std::string(engine.engine) + ".";
    for (const auto& key : known)
      if (of.get(key)) src_.where[prefix + key] = r_.at(of.at(key));
    for (const auto& key : engine.booleans)
      if (auto value = of.boolean(key)) src_.table.options[prefix + key] = *value ? "true" : "false";
    for (const auto& key : engine.strings)
      if (auto value = of.nonblank(key)) src_.table.options[prefix + key] = *value;
  }

  const Reporter& r_;
  TableSource& src_;
  std::string ctx_;
};

}  // namespace

std::vector<TableSource> read_document(const Node& root, const std::string& file, int file_order,
                                       std::vector<Diagnostic>& out) {
  Reporter r(file, out);
  std::vector<TableSource> tables;
  for (const auto& e : root.entries)
    if (e.key != "tables") r.error(e.at, "unknown top-level key '" + e.key + "'", suggest(e.key, kTopKeys, "valid keys"));
  const Node* all = root.find("tables");
  if (!all) return tables;
  if (all->kind != Node::Kind::table) {
    r.error(all->at, "tables must be a table of tables, e.g. [tables.orders]");
    return tables;
  }
  for (const auto& entry : all->entries) {
    if (entry.value.kind != Node::Kind::table) {
      r.error(entry.value.at, "table " + entry.key + ": must be a table, e.g. [tables." + entry.key + "]");
      continue;
    }
    if (str::trim(entry.key).empty()) {
      r.error(entry.at, "table name must not be empty");
      continue;
    }
    TableSource source;
    source.file_order = file_order;
    TableReader(r, source).read(entry);
    tables.push_back(std::move(source));
  }
  return tables;
}

}  // namespace bcdb::manifest::detail
