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
  if (f.get("name")) spots.add(".name", f.at("name"));
  return f.nonblank("name", required);
}

std::optional<model::IndexPart> read_index_part(const Node& item, std::size_t j, const Fields& f, Spots& spots,
                                                const std::string& suffix) {
  if (item.kind == Node::Kind::string) {
    spots.add(suffix, item.at);
    return model::IndexPart{item.text, "", false};
  }
  if (item.kind != Node::Kind::table) {
    f.wrong(item, "columns", kIndexColumnsShape);
    return std::nullopt;
  }
  Fields pf(item, f.context() + "column entry #" + std::to_string(j + 1) + ": ", f.reporter(), kIndexPartKeys);
  auto column = pf.nonblank("column");
  auto expr = pf.nonblank("expr");
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
  spots.add(suffix, pf.at(column ? "column" : "expr"));
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
  spots.add(".columns", list->at);
  std::vector<model::IndexPart> parts;
  bool ok = true;
  for (std::size_t j = 0; j < list->items.size(); ++j) {
    auto part = read_index_part(list->items[j], j, f, spots, ".columns[" + std::to_string(parts.size()) + "]");
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
  spots.add(".references", n->at);
  Fields rf(*n, f.context() + "references: ", f.reporter(), kReferenceKeys);
  if (rf.get("table")) spots.add(".references.table", rf.at("table"));
  auto table = rf.nonblank("table", true);
  auto schema = rf.nonblank("schema");
  auto columns = rf.names("columns", false, spots, ".references.columns");
  if (columns) fk.ref_columns = std::move(*columns);
  if (!table || (rf.get("schema") && !schema) || (rf.get("columns") && !columns)) return std::nullopt;
  return schema ? *schema + "." + *table : *table;
}

}  // namespace

std::optional<Read<model::Index>> read_index(const Node& element, int position, const std::string& table_ctx,
                                             const Reporter& r) {
  Fields f(element, table_ctx + label("index", element, position) + ": ", r, kIndexKeys);
  Read<model::Index> out;
  model::Index& index = out.value;
  out.spots.add("", element.at);
  auto name = read_name(f, true, out.spots);
  auto parts = read_index_parts(f, out.spots);
  index.unique = f.boolean("unique").value_or(false);
  index.where = f.nonblank("where").value_or("");
  index.method = f.nonblank("method").value_or("");
  index.include = f.names("include", false, out.spots, ".include").value_or(std::vector<std::string>{});
  if (!name || !parts) return std::nullopt;
  index.name = *name;
  index.parts = std::move(*parts);
  return out;
}

std::optional<Read<model::Unique>> read_unique(const Node& element, int position, const std::string& table_ctx,
                                               const Reporter& r) {
  Fields f(element, table_ctx + label("unique", element, position) + ": ", r, kUniqueKeys);
  Read<model::Unique> out;
  out.spots.add("", element.at);
  auto name = read_name(f, false, out.spots);
  auto columns = f.names("columns", true, out.spots, ".columns");
  if (!columns || (f.get("name") && !name)) return std::nullopt;
  out.value.name = name.value_or("");
  out.value.columns = std::move(*columns);
  return out;
}

std::optional<Read<model::ForeignKey>> read_foreign_key(const Node& element, int position,
                                                        const std::string& table_ctx, const Reporter& r) {
  Fields f(element, table_ctx + label("foreign key", element, position) + ": ", r, kForeignKeyKeys);
  Read<model::ForeignKey> out;
  model::ForeignKey& fk = out.value;
  out.spots.add("", element.at);
  auto name = read_name(f, false, out.spots);
  auto columns = f.names("columns", true, out.spots, ".columns");
  auto target = read_references(f, fk, out.spots);
  auto on_delete = read_action(f, "on_delete");
  auto on_update = read_action(f, "on_update");
  fk.deferrable = f.boolean("deferrable").value_or(false);
  fk.initially_deferred = f.boolean("initially_deferred").value_or(false);
  if (fk.initially_deferred && !fk.deferrable)
    r.error(f.at("initially_deferred"), f.context() + "initially_deferred = true needs deferrable = true");
  if (!columns || !target || (f.get("name") && !name)) return std::nullopt;
  fk.name = name.value_or("");
  fk.columns = std::move(*columns);
  fk.ref_table = *target;
  fk.on_delete = on_delete.value_or(model::FkAction::no_action);
  fk.on_update = on_update.value_or(model::FkAction::no_action);
  return out;
}

std::optional<Read<model::Check>> read_check(const Node& element, int position, const std::string& table_ctx,
                                             const Reporter& r) {
  Fields f(element, table_ctx + label("check", element, position) + ": ", r, kCheckKeys);
  Read<model::Check> out;
  out.spots.add("", element.at);
  auto name = read_name(f, false, out.spots);
  auto expr = f.nonblank("expr", true);
  if (!expr || (f.get("name") && !name)) return std::nullopt;
  out.value.name = name.value_or("");
  out.value.expr = *expr;
  return out;
}

}  // namespace bcdb::manifest::detail
