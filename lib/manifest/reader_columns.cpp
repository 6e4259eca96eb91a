// Reading one column of a manifest table, with hints for the types people mistype.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>

#include "manifest/reader_support.h"
#include "model/type.h"
#include "support/strings.h"

namespace bcdb::manifest::detail {
namespace {

const Keys kColumnKeys{"name",      "type",      "nullable", "default",      "identity", "generated",
                       "collation", "comment",   "renamed_from", "native", "up",       "down",
                       "using"};
const Keys kTransformKeys{"expr", model::kEngineSqlite, model::kEnginePostgres, model::kEngineMysql};
const Keys kGeneratedKeys{"expr", "stored"};
const Keys kEngines{model::kEngineSqlite, model::kEnginePostgres, model::kEngineMysql};
// The keys whose positions later checks may point at. Problems with a column's type or
// nullability are reported while reading, from the tree itself: their positions are not kept.
constexpr std::pair<std::string_view, Attr> kRecorded[]{
    {"name", Attr::name},           {"default", Attr::default_},         {"identity", Attr::identity},
    {"generated", Attr::generated}, {"renamed_from", Attr::renamed_from},
    {"up", Attr::up},               {"down", Attr::down},                {"using", Attr::using_},
};

int parameter_count(std::string_view type_name) {
  if (type_name == "char" || type_name == "varchar") return 1;
  if (type_name == "decimal") return 2;
  return 0;
}

std::string example(const std::string& type_name) {
  if (type_name == "char") return "char(3)";
  if (type_name == "varchar") return "varchar(255)";
  if (type_name == "decimal") return "decimal(12,2)";
  return type_name;
}

// Native spellings people reach for out of habit; only used for hints, never accepted.
std::optional<std::string> alias(const std::string& type_name) {
  static const std::map<std::string, std::string> aliases{
      {"int", "int32"},          {"integer", "int32"},       {"smallint", "int16"},
      {"bigint", "int64"},       {"boolean", "bool"},        {"string", "text"},
      {"double", "float64"},     {"double precision", "float64"}, {"real", "float32"},
      {"float", "float64"},      {"numeric", "decimal"},     {"blob", "bytes"},
      {"bytea", "bytes"},        {"binary", "bytes"},        {"datetime", "timestamp"},
      {"jsonb", "json"},         {"character varying", "varchar"}, {"timestamp with time zone", "timestamptz"},
  };
  auto it = aliases.find(type_name);
  if (it == aliases.end()) return std::nullopt;
  return it->second;
}

void report_type(const Fields& f, std::string_view spelled) {
  std::string text(spelled);
  std::string t = str::lower(str::trim(text));
  std::string name = t;
  std::string args;  // "(12,2)", parentheses included
  if (auto open = t.find('('); open != std::string::npos) {
    name = str::trim(t.substr(0, open));
    args = t.substr(open);
  }
  const auto& names = model::type_names();
  Pos at = f.at("type");
  if (std::find(names.begin(), names.end(), name) != names.end()) {
    std::string hint;
    switch (parameter_count(name)) {
      case 0: hint = name + " takes no parameters"; break;
      case 1: hint = name + " needs a length" + (args.empty() ? "" : " from 1 to 65535") + ", e.g. " + example(name); break;
      default:
        hint = "decimal needs precision and scale" +
               std::string(args.empty() ? "" : " (precision 1 to 1000, scale 0 to precision)") + ", e.g. decimal(12,2)";
    }
    f.reporter().error(at, f.context() + "malformed type '" + text + "'", hint);
    return;
  }
  auto suggestion = alias(name);
  if (!suggestion) suggestion = str::did_you_mean(name, names);
  std::string hint;
  if (suggestion) {
    std::string s = *suggestion;
    if (parameter_count(s) > 0) s = args.empty() ? example(s) : s + args;
    hint = "did you mean '" + s + "'?";
  } else {
    hint = "logical types are " + str::join(names, ", ") + "; engine-specific types go in native = { ... }";
  }
  f.reporter().error(at, f.context() + "unknown type '" + text + "'", hint);
}

// TOML numbers and booleans are accepted as defaults for convenience; the model holds SQL text.
std::string float_sql(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string out(buffer, ec == std::errc{} ? end : buffer);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

void read_default(const Fields& f, model::Column& c) {
  const Node* d = f.get("default");
  if (!d) return;
  switch (d->kind) {
    case Node::Kind::string:
      if (blank(d->text))
        f.reporter().error(d->at, f.context() + "default must not be empty",
                           "leave default out for no default; an empty string is default = \"''\"");
      else if (sql_fragment_ok(f.reporter(), d->at, f.context(), "default", d->text))
        c.default_expr = std::string(d->text);
      return;
    case Node::Kind::integer: c.default_expr = std::to_string(d->integer); return;
    case Node::Kind::floating:
      if (!std::isfinite(d->floating))
        f.reporter().error(d->at, f.context() + "default must be a finite number");
      else
        c.default_expr = float_sql(d->floating);
      return;
    case Node::Kind::boolean: c.default_expr = d->boolean ? "true" : "false"; return;
    default: f.wrong(*d, "default", "a string holding an SQL expression, a number or a boolean");
  }
}

void read_generated(const Fields& f, model::Column& c) {
  const Node* g = f.get("generated");
  if (!g) return;
  if (g->kind == Node::Kind::string) {
    if (auto expr = f.fragment("generated")) c.generated = model::Generated{*expr, false};
  } else if (g->kind == Node::Kind::table) {
    Fields gf(*g, Context(f.scope(), "generated"), f.reporter(), kGeneratedKeys);
    auto expr = gf.fragment("expr", true);
    auto stored = gf.boolean("stored");
    if (expr) c.generated = model::Generated{*expr, stored.value_or(false)};
  } else {
    f.wrong(*g, "generated", "a string holding an SQL expression or a table { expr = \"...\", stored = true }");
  }
}

void read_native(const Fields& f, model::Column& c) {
  const Node* n = f.get("native");
  if (!n) return;
  if (n->kind != Node::Kind::table) {
    f.wrong(*n, "native", "a table of engine = \"native type\", e.g. { postgres = \"tsvector\" }");
    return;
  }
  for (const auto& e : n->entries) {
    std::string key(e.key);
    if (std::find(kEngines.begin(), kEngines.end(), key) == kEngines.end()) {
      f.reporter().error(e.at, f.context() + "native: unknown engine '" + key + "'", suggest(key, kEngines, "engines"));
    } else if (e.value.kind != Node::Kind::string) {
      f.reporter().error(e.value.at, f.context() + "native." + key + " must be a string");
    } else if (blank(e.value.text)) {
      f.reporter().error(e.value.at, f.context() + "native." + key + " must not be empty");
    } else if (sql_fragment_ok(f.reporter(), e.value.at, f.context(), "native." + key, e.value.text)) {
      c.native[key] = e.value.text;
    }
  }
}

// up = "expr", or up = { expr = "...", postgres = "..." } with per-engine spellings.
std::optional<model::Transform> read_transform(const Fields& f, const Node& n, const std::string& what) {
  auto fragment = [&](const Node& v, const std::string& key) -> std::optional<std::string> {
    if (v.kind != Node::Kind::string) {
      f.reporter().error(v.at, f.context() + key + " must be a string holding an SQL expression");
      return std::nullopt;
    }
    if (blank(v.text)) {
      f.reporter().error(v.at, f.context() + key + " must not be empty");
      return std::nullopt;
    }
    if (!sql_fragment_ok(f.reporter(), v.at, f.context(), key, v.text)) return std::nullopt;
    return std::string(v.text);
  };
  if (n.kind == Node::Kind::string) {
    auto expr = fragment(n, what);
    if (!expr) return std::nullopt;
    return model::Transform{*expr, {}};
  }
  if (n.kind != Node::Kind::table) {
    f.wrong(n, what, "a string holding an SQL expression or a table { expr = \"...\", postgres = \"...\" }");
    return std::nullopt;
  }
  Fields tf(n, Context(f.scope(), what), f.reporter(), kTransformKeys);
  model::Transform t;
  bool ok = true;
  for (const auto& e : n.entries) {
    if (std::find(kTransformKeys.begin(), kTransformKeys.end(), e.key) == kTransformKeys.end()) continue;
    auto expr = fragment(e.value, what + "." + std::string(e.key));
    if (!expr) {
      ok = false;
      continue;
    }
    if (e.key == "expr") t.expr = *expr;
    else t.engines[std::string(e.key)] = *expr;
  }
  if (ok && t.expr.empty()) {
    f.reporter().error(n.at, f.context() + what + " needs expr, the spelling of engines not named");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return t;
}

void read_transforms(const Fields& f, model::Column& c) {
  if (const Node* up = f.get("up")) c.up = read_transform(f, *up, "up");
  if (const Node* u = f.get("using")) c.using_expr = read_transform(f, *u, "using");
  const Node* down = f.get("down");
  if (!down) return;
  // down = "expr" is the value of the column it was renamed from; a table names old columns.
  if (down->kind != Node::Kind::table || down->find("expr")) {
    if (auto t = read_transform(f, *down, "down")) c.down[""] = *t;
    return;
  }
  for (const auto& e : down->entries)
    if (auto t = read_transform(f, e.value, "down." + std::string(e.key))) c.down[std::string(e.key)] = *t;
}

}  // namespace

std::optional<model::Type> TypeCache::parse(std::string_view text) {
  for (const auto& [spelling, type] : known_)
    if (spelling == text) return type;
  auto type = model::parse_type(text);
  if (known_.size() < kLimit) known_.emplace_back(text, type);
  return type;
}

ColumnRead read_column(const Node& element, int position, const Context& table, const Reporter& r, Spots& spots,
                       TypeCache& types, model::Column& c) {
  Fields f(element, Context(table, "column", &element, position), r, kColumnKeys);
  bool typed = false;
  spots.add(Attr::self, element.at);
  for (const auto& [key, attr] : kRecorded)
    if (const Node* n = f.get(key)) spots.add(attr, n->at);

  auto name = f.nonblank_text("name", true);
  if (auto type = f.nonblank_text("type", true)) {
    if (auto parsed = types.parse(*type)) {
      c.type = *parsed;
      typed = true;
    } else {
      report_type(f, *type);
    }
  }
  c.nullable = f.boolean("nullable").value_or(false);
  read_default(f, c);
  c.identity = f.boolean("identity").value_or(false);
  read_generated(f, c);
  c.collation = f.nonblank("collation");
  c.comment = f.string("comment").value_or("");
  c.renamed_from = f.nonblank("renamed_from");
  read_native(f, c);
  read_transforms(f, c);
  // Without a name nothing else can refer to the column; everything else about it is reported.
  if (!name) return ColumnRead::dropped;
  c.name = *name;
  return typed ? ColumnRead::typed : ColumnRead::untyped;
}

}  // namespace bcdb::manifest::detail
