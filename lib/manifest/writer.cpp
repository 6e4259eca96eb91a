// Schema -> manifest text. The output is meant to be read and edited by people (inspect writes
// it), and loading it must give back the same schema.
#include <algorithm>
#include <fstream>
#include <set>

#include "manifest/engine_options.h"
#include "manifest/manifest.h"
#include "support/strings.h"

namespace bcdb::manifest {
namespace {

bool is_bare_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_bare_key(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_bare_char); }

// A TOML basic string. Tab, newline and carriage return use TOML's short escapes so that
// multi-line expressions stay legible; other control characters become \uXXXX.
std::string quote(std::string_view s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

std::string key(std::string_view s) { return is_bare_key(s) ? std::string(s) : quote(s); }

std::string string_array(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(quote(v));
  return "[" + str::join(quoted, ", ") + "]";
}

// An inline table built field by field, in the order the fields are added.
class Inline {
 public:
  Inline& add(std::string_view name, std::string value_text) {
    fields_.push_back(key(name) + " = " + std::move(value_text));
    return *this;
  }
  Inline& text(std::string_view name, std::string_view value) { return add(name, quote(value)); }
  Inline& flag(std::string_view name) { return add(name, "true"); }
  bool empty() const { return fields_.empty(); }
  const std::vector<std::string>& fields() const { return fields_; }
  std::string str() const { return fields_.empty() ? "{ }" : "{ " + str::join(fields_, ", ") + " }"; }

 private:
  std::vector<std::string> fields_;
};

// A transform as written: a string, or { expr = ..., <engine> = ... } with its overrides.
std::string transform_value(const model::Transform& t) {
  if (t.engines.empty()) return quote(t.expr);
  Inline f;
  f.text("expr", t.expr);
  for (const auto& [engine, expr] : t.engines) f.text(engine, expr);
  return f.str();
}

Inline column_fields(const model::Column& c) {
  Inline f;
  f.text("name", c.name).text("type", model::to_string(c.type));
  if (c.nullable) f.flag("nullable");
  if (c.default_expr) f.text("default", *c.default_expr);
  if (c.identity) f.flag("identity");
  if (c.generated) {
    if (c.generated->stored)
      f.add("generated", Inline().text("expr", c.generated->expr).flag("stored").str());
    else
      f.text("generated", c.generated->expr);
  }
  if (c.collation) f.text("collation", *c.collation);
  if (!c.native.empty()) {
    Inline native;
    for (const auto& [engine, type] : c.native) native.text(engine, type);
    f.add("native", native.str());
  }
  if (c.renamed_from) f.text("renamed_from", *c.renamed_from);
  if (c.up) f.add("up", transform_value(*c.up));
  if (c.using_expr) f.add("using", transform_value(*c.using_expr));
  if (auto own = c.down.find(""); own != c.down.end() && c.down.size() == 1) {
    f.add("down", transform_value(own->second));
  } else if (!c.down.empty()) {
    Inline down;
    for (const auto& [column, t] : c.down) down.add(column, transform_value(t));
    f.add("down", down.str());
  }
  if (!c.comment.empty()) f.text("comment", c.comment);
  return f;
}

// Columns line up after the name, like a hand-written manifest; one very long name does not
// push every other line out.
std::string column_lines(const std::vector<model::Column>& columns) {
  std::vector<Inline> rows;
  std::size_t width = 0;
  for (const auto& c : columns) {
    rows.push_back(column_fields(c));
    width = std::max(width, rows.back().fields().front().size() + 1);
  }
  width = std::min<std::size_t>(width, 32);
  std::string out;
  for (const auto& row : rows) {
    const auto& fields = row.fields();
    std::string head = fields.front() + ",";
    head.resize(std::max(head.size(), width), ' ');
    std::vector<std::string> rest(fields.begin() + 1, fields.end());
    out += "  { " + head + " " + str::join(rest, ", ") + " },\n";
  }
  return out;
}

std::string index_part(const model::IndexPart& p) {
  if (!p.expr.empty() || p.desc) {
    Inline f;
    if (p.expr.empty())
      f.text("column", p.column);
    else
      f.text("expr", p.expr);
    if (p.desc) f.flag("desc");
    return f.str();
  }
  return quote(p.column);
}

Inline index_fields(const model::Index& i) {
  std::vector<std::string> parts;
  for (const auto& p : i.parts) parts.push_back(index_part(p));
  Inline f;
  f.text("name", i.name).add("columns", "[" + str::join(parts, ", ") + "]");
  if (i.unique) f.flag("unique");
  if (!i.where.empty()) f.text("where", i.where);
  if (!i.method.empty()) f.text("method", i.method);
  if (!i.include.empty()) f.add("include", string_array(i.include));
  return f;
}

Inline unique_fields(const model::Unique& u) {
  Inline f;
  if (!u.name.empty()) f.text("name", u.name);
  return f.add("columns", string_array(u.columns));
}

Inline foreign_key_fields(const model::ForeignKey& fk) {
  Inline f;
  if (!fk.name.empty()) f.text("name", fk.name);
  f.add("columns", string_array(fk.columns));
  Inline references;
  references.text("table", fk.ref_table);
  if (!fk.ref_columns.empty()) references.add("columns", string_array(fk.ref_columns));
  f.add("references", references.str());
  if (fk.on_delete != model::FkAction::no_action) f.text("on_delete", model::to_string(fk.on_delete));
  if (fk.on_update != model::FkAction::no_action) f.text("on_update", model::to_string(fk.on_update));
  if (fk.deferrable) f.flag("deferrable");
  if (fk.initially_deferred) f.flag("initially_deferred");
  return f;
}

Inline check_fields(const model::Check& c) {
  Inline f;
  if (!c.name.empty()) f.text("name", c.name);
  return f.text("expr", c.expr);
}

template <typename T, typename Fields>
std::string list(std::string_view name, const std::vector<T>& items, Fields fields) {
  if (items.empty()) return "";
  std::string out = std::string(name) + " = [\n";
  for (const auto& item : items) out += "  " + fields(item).str() + ",\n";
  return out + "]\n";
}

// options hold "engine.key" -> value; each engine becomes one inline table, known engines first.
std::string option_lines(const std::map<std::string, std::string>& options) {
  std::vector<std::string> engines{model::kEngineSqlite, model::kEngineMysql, model::kEnginePostgres};
  for (const auto& [option, value] : options) {
    auto dot = option.find('.');
    if (dot == std::string::npos) continue;
    std::string engine = option.substr(0, dot);
    if (std::find(engines.begin(), engines.end(), engine) == engines.end()) engines.push_back(engine);
  }
  std::string out;
  for (const auto& [option, value] : options)
    if (option.find('.') == std::string::npos)
      out += "# option " + quote(option) + " = " + quote(value) + " names no engine and cannot be written\n";
  for (const auto& engine : engines) {
    Inline f;
    for (const auto& [option, value] : options) {
      auto dot = option.find('.');
      if (dot == std::string::npos || option.substr(0, dot) != engine) continue;
      bool boolean = is_boolean_option(option) && (value == "true" || value == "false");
      f.add(option.substr(dot + 1), boolean ? value : quote(value));
    }
    if (!f.empty()) out += key(engine) + " = " + f.str() + "\n";
  }
  return out;
}

// Keeps letters, digits, '_', '-', '.' and non-ASCII bytes; anything a file system might treat
// specially becomes '_'. A leading dot would hide the file (and the loader skips hidden files).
std::string safe_file_part(const std::string& name) {
  std::string out;
  for (char ch : name) {
    bool keep = is_bare_char(ch) || ch == '.' || static_cast<unsigned char>(ch) >= 0x80;
    out += keep ? ch : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out;
}

}  // namespace

std::string to_toml(const model::Table& t) {
  std::string out = "[tables." + key(t.name) + "]\n";
  if (!t.schema.empty()) out += "schema = " + quote(t.schema) + "\n";
  if (!t.comment.empty()) out += "comment = " + quote(t.comment) + "\n";
  if (t.renamed_from) out += "renamed_from = " + quote(*t.renamed_from) + "\n";
  if (t.primary_key) {
    const auto& pk = *t.primary_key;
    out += "primary_key = ";
    out += pk.name.empty() ? string_array(pk.columns)
                           : Inline().text("name", pk.name).add("columns", string_array(pk.columns)).str();
    out += "\n";
  }
  out += t.columns.empty() ? "columns = []\n" : "columns = [\n" + column_lines(t.columns) + "]\n";
  out += list("indexes", t.indexes, index_fields);
  out += list("uniques", t.uniques, unique_fields);
  out += list("foreign_keys", t.foreign_keys, foreign_key_fields);
  out += list("checks", t.checks, check_fields);
  out += option_lines(t.options);
  return out;
}

std::vector<std::filesystem::path> write_directory(const model::Schema& schema, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("cannot create folder '" + dir.string() + "': " + ec.message());
  std::vector<std::filesystem::path> written;
  std::set<std::string> used;  // folded: case-insensitive file systems must not merge two files
  for (const auto& table : schema.tables) {
    std::string stem = safe_file_part(table.name);
    if (!table.schema.empty()) stem = safe_file_part(table.schema) + "." + stem;
    std::string name = stem + ".toml";
    for (int n = 2; !used.insert(str::lower(name)).second; ++n) name = stem + "-" + std::to_string(n) + ".toml";
    std::filesystem::path path = dir / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << to_toml(table);
    out.close();
    if (!out) throw ConfigError("cannot write '" + path.string() + "'");
    written.push_back(path);
  }
  return written;
}

}  // namespace bcdb::manifest
