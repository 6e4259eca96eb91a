// Reading indexes and constraints of a manifest table.
#include "manifest/reader_support.h"
#include "support/strings.h"

namespace bcdb::manifest::detail {
namespace {

const Keys kIndexKeys{"name", "columns", "unique", "where", "method", "include"};
const Keys kIndexPartKeys{"column", "expr", "desc"};
const Keys kUniqueKeys{"name", "columns"};
const Keys kForeignKeyKeys{"name", "columns", "references", "on_delete", "on_update", "deferrable",
                           "initially_deferred"};
const Keys kReferenceKeys{"table", "schema", "columns"};
const Keys kCheckKeys{"name", "expr"};

const char* const kIndexColumnsShape =
    "an array of column names or tables { column = \"...\", desc = true } / { expr = \"...\" }";

// The name is optional for constraints and required for indexes; either way it is recorded.
std::optional<std::string> read_name(const Fields& f, bool required, Spots& spots) {
  if (f.get("name")) spots.add(Attr::name, f.at("name"));
  return f.nonblank("name", required);
}

// Recorded as item `kept` of the columns: the index among the parts read so far.
std::optional<model::IndexPart> read_index_part(const Node& item, std::size_t j, const Fields& f, Spots& spots,
                                                std::size_t kept) {
  if (item.kind == Node::Kind::string) {
    spots.add(Attr::columns, item.at, kept);
    return model::IndexPart{std::string(item.text), "", false};
  }
  if (item.kind != Node::Kind::table) {
    f.wrong(item, "columns", kIndexColumnsShape);
    return std::nullopt;
  }
  Fields pf(item, Context(f.scope(), "column entry", nullptr, static_cast<int>(j + 1)), f.reporter(), kIndexPartKeys);
  auto column = pf.nonblank("column");
  auto expr = pf.fragment("expr");
  auto desc = pf.boolean("desc");
  if (pf.get("column") && pf.get("expr")) {
    f.reporter().error(item.at, pf.context() + "give either column or expr, not both");
    return std::nullopt;
  }
  if (!pf.get("column") && !pf.get("expr")) {
    f.reporter().error(item.at, pf.context() + "needs one of column or expr");
    return std::nullopt;
  }
  if (!column && !expr) return std::nullopt;
  spots.add(Attr::columns, pf.at(column ? "column" : "expr"), kept);
  return model::IndexPart{column.value_or(""), expr.value_or(""), desc.value_or(false)};
}

std::optional<std::vector<model::IndexPart>> read_index_parts(const Fields& f, Spots& spots) {
  const Node* list = f.get("columns");
  if (!list) {
    f.missing("columns");
    return std::nullopt;
  }
  if (list->kind != Node::Kind::array) {
    f.wrong(*list, "columns", kIndexColumnsShape);
    return std::nullopt;
  }
  if (list->items.empty()) {
    f.reporter().error(list->at, f.context() + "columns must not be empty");
    return std::nullopt;
  }
  spots.add(Attr::columns, list->at);
  std::vector<model::IndexPart> parts;
  parts.reserve(list->items.size());
  bool ok = true;
  for (std::size_t j = 0; j < list->items.size(); ++j) {
    auto part = read_index_part(list->items[j], j, f, spots, parts.size());
    if (part)
      parts.push_back(std::move(*part));
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return parts;
}

std::optional<model::FkAction> read_action(const Fields& f, std::string_view key) {
  auto text = f.string(key);
  if (!text) return std::nullopt;
  if (auto action = model::parse_fk_action(*text)) return action;
  Keys valid;
  for (auto a : {model::FkAction::no_action, model::FkAction::restrict, model::FkAction::cascade,
                 model::FkAction::set_null, model::FkAction::set_default})
    valid.push_back(model::to_string(a));
  std::string hint = "valid actions: " + str::join(valid, ", ");
  if (auto s = str::did_you_mean(str::replace_all(*text, "_", " "), valid)) hint = "did you mean '" + *s + "'? " + hint;
  f.reporter().error(f.at(key), f.context() + std::string(key) + " '" + *text + "' is not a foreign key action", hint);
  return std::nullopt;
}

// references = { table = "customers" | "schema.table", schema = "...", columns = [...] }.
// Returns the qualified target name; the columns stay empty when omitted (filled in later from
// the target's primary key).
std::optional<std::string> read_references(const Fields& f, model::ForeignKey& fk, Spots& spots) {
  const Node* n = f.get("references");
  if (!n) {
    f.missing("references");
    return std::nullopt;
  }
  if (n->kind != Node::Kind::table) {
    f.wrong(*n, "references", "a table { table = \"...\", columns = [...] }");
    return std::nullopt;
  }
  spots.add(Attr::references, n->at);
  Fields rf(*n, Context(f.scope(), "references"), f.reporter(), kReferenceKeys);
  if (rf.get("table")) spots.add(Attr::references_table, rf.at("table"));
  auto table = rf.nonblank("table", true);
  auto schema = rf.nonblank("schema");
  auto columns = rf.names("columns", false, spots, Attr::references_columns);
  if (columns) fk.ref_columns = std::move(*columns);
  if (!table || (rf.get("schema") && !schema) || (rf.get("columns") && !columns)) return std::nullopt;
  return schema ? *schema + "." + *table : *table;
}

}  // namespace

std::optional<model::Index> read_index(const Node& element, int position, const Context& table, const Reporter& r,
                                       Spots& spots) {
  Fields f(element, Context(table, "index", &element, position), r, kIndexKeys);
  model::Index index;
  spots.add(Attr::self, element.at);
  auto name = read_name(f, true, spots);
  auto parts = read_index_parts(f, spots);
  index.unique = f.boolean("unique").value_or(false);
  index.where = f.fragment("where").value_or("");
  index.method = f.word("method").value_or("");
  index.include = f.names("include", false, spots, Attr::include).value_or(std::vector<std::string>{});
  if (!name || !parts) return std::nullopt;
  index.name = std::move(*name);
  index.parts = std::move(*parts);
  return index;
}

std::optional<model::Unique> read_unique(const Node& element, int position, const Context& table, const Reporter& r,
                                         Spots& spots) {
  Fields f(element, Context(table, "unique", &element, position), r, kUniqueKeys);
  spots.add(Attr::self, element.at);
  auto name = read_name(f, false, spots);
  auto columns = f.names("columns", true, spots, Attr::columns);
  if (!columns || (f.get("name") && !name)) return std::nullopt;
  model::Unique unique;
  unique.name = name.value_or("");
  unique.columns = std::move(*columns);
  return unique;
}

std::optional<model::ForeignKey> read_foreign_key(const Node& element, int position, const Context& table,
                                                  const Reporter& r, Spots& spots) {
  Fields f(element, Context(table, "foreign key", &element, position), r, kForeignKeyKeys);
  model::ForeignKey fk;
  spots.add(Attr::self, element.at);
  auto name = read_name(f, false, spots);
  auto columns = f.names("columns", true, spots, Attr::columns);
  auto target = read_references(f, fk, spots);
  auto on_delete = read_action(f, "on_delete");
  auto on_update = read_action(f, "on_update");
  fk.deferrable = f.boolean("deferrable").value_or(false);
  fk.initially_deferred = f.boolean("initially_deferred").value_or(false);
  if (fk.initially_deferred && !fk.deferrable)
    r.error(f.at("initially_deferred"), f.context() + "initially_deferred = true needs deferrable = true");
  if (!columns || !target || (f.get("name") && !name)) return std::nullopt;
  fk.name = name.value_or("");
  fk.columns = std::move(*columns);
  fk.ref_table = std::move(*target);
  fk.on_delete = on_delete.value_or(model::FkAction::no_action);
  fk.on_update = on_update.value_or(model::FkAction::no_action);
  return fk;
}

std::optional<model::Check> read_check(const Node& element, int position, const Context& table, const Reporter& r,
                                       Spots& spots) {
  Fields f(element, Context(table, "check", &element, position), r, kCheckKeys);
  spots.add(Attr::self, element.at);
  auto name = read_name(f, false, spots);
  auto expr = f.fragment("expr", true);
  if (!expr || (f.get("name") && !name)) return std::nullopt;
  model::Check check;
  check.name = name.value_or("");
  check.expr = std::move(*expr);
  return check;
}

}  // namespace bcdb::manifest::detail
