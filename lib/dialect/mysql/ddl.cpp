#include "dialect/mysql/ddl.h"

#include "dialect/mysql/types.h"
#include "dialect/quoting.h"
#include "support/strings.h"

namespace bcdb::dialect::mysql {

std::string quote(std::string_view identifier) { return quote_identifier(identifier, '`'); }

std::string quote_list(const std::vector<std::string>& identifiers) {
  return quote_each(identifiers, [](const std::string& i) { return quote(i); });
}

std::string quote_table(const std::string& name) { return quote(name); }

std::string literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += c;  // doubled: '' and \\ mean the character itself
    out += c;
  }
  return out + "'";
}

std::optional<std::string> on_update(const model::Table& table, std::string_view column) {
  auto it = table.options.find(kOnUpdateOptionPrefix + std::string(column));
  return it == table.options.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string column_definition(const model::Column& c, const Server& server, const std::optional<std::string>& on_update) {
  // MariaDB's JSON alias gives LONGTEXT COLLATE utf8mb4_bin with the check json_valid(`column`)
  // named after the column, which is how its inspector recognises a json column.
  bool json = c.type.kind == model::TypeKind::json && !c.native.count(model::kEngineMysql);
  std::string out = quote(c.name) + " " + (json ? std::string("json") : column_type(c, server));
  if (c.collation) out += " COLLATE " + quote(*c.collation);
  if (c.generated) out += " GENERATED ALWAYS AS (" + c.generated->expr + ")" + (c.generated->stored ? " STORED" : " VIRTUAL");
  if (!c.generated) out += c.nullable ? " NULL" : " NOT NULL";
  if (c.default_expr && !c.identity && !c.generated) out += " DEFAULT " + *c.default_expr;
  if (on_update && !c.generated) out += " ON UPDATE " + *on_update;
  if (c.identity) out += " AUTO_INCREMENT";
  if (!c.comment.empty()) out += " COMMENT " + literal(c.comment);
  return out;
}

namespace {

std::string action(model::FkAction a) { return str::upper(model::to_string(a)); }

std::string named(const std::string& name) { return name.empty() ? "" : "CONSTRAINT " + quote(name) + " "; }

}  // namespace

std::string foreign_key_clause(const model::ForeignKey& fk) {
  std::string out = "FOREIGN KEY (" + quote_list(fk.columns) + ") REFERENCES " + quote_table(fk.ref_table);
  if (!fk.ref_columns.empty()) out += " (" + quote_list(fk.ref_columns) + ")";
  if (fk.on_delete != model::FkAction::no_action) out += " ON DELETE " + action(fk.on_delete);
  if (fk.on_update != model::FkAction::no_action) out += " ON UPDATE " + action(fk.on_update);
  return out;
}

bool is_prefix_part(std::string_view e) {
  if (e.size() < 6 || e.front() != '`' || e.back() != ')') return false;
  std::size_t i = 1;
  for (; i < e.size(); ++i) {
    if (e[i] != '`') continue;
    if (i + 1 < e.size() && e[i + 1] == '`') {
      ++i;
      continue;
    }
    break;
  }
  if (i + 2 >= e.size() || e[i + 1] != '(' || i == 1) return false;
  std::string_view digits = e.substr(i + 2, e.size() - i - 3);
  return !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string index_parts(const model::Index& i) {
  std::vector<std::string> parts;
  for (const auto& p : i.parts) {
    std::string part = !p.column.empty() ? quote(p.column) : is_prefix_part(p.expr) ? p.expr : "(" + p.expr + ")";
    parts.push_back(part + (p.desc ? " DESC" : ""));
  }
  return "(" + str::join(parts, ", ") + ")";
}

std::string check_clause(const model::Check& check) { return named(check.name) + "CHECK (" + check.expr + ")"; }

std::string create_table(const model::Table& t, const Server& server, bool with_foreign_keys) {
  std::vector<std::string> items;
  for (const auto& c : t.columns) items.push_back(column_definition(c, server, on_update(t, c.name)));
  if (t.primary_key) items.push_back("PRIMARY KEY (" + quote_list(t.primary_key->columns) + ")");
  for (const auto& u : t.uniques) items.push_back("UNIQUE KEY " + quote(u.name) + " (" + quote_list(u.columns) + ")");
  for (const auto& i : t.indexes) {
    std::string kind = i.method == "fulltext" ? "FULLTEXT KEY " : i.unique ? "UNIQUE KEY " : "KEY ";
    items.push_back(kind + quote(i.name) + " " + index_parts(i));
  }
  for (const auto& ch : t.checks) items.push_back(check_clause(ch));
  if (with_foreign_keys)
    for (const auto& fk : t.foreign_keys) items.push_back(named(fk.name) + foreign_key_clause(fk));
  std::string options = " ENGINE=" + [&] {
    auto it = t.options.find("mysql.engine");
    return it == t.options.end() ? std::string("InnoDB") : it->second;
  }();
  auto charset = t.options.find("mysql.charset");
  std::string cs = charset == t.options.end() ? std::string("utf8mb4") : charset->second;
  options += " DEFAULT CHARSET=" + cs;
  // No collation asked for: the database's, as a table naming no charset would get (a table
  // naming only its charset would get the charset's default instead).
  if (auto collate = t.options.find("mysql.collation"); collate != t.options.end())
    options += " COLLATE=" + collate->second;
  else if (cs == server.database_charset && !server.database_collation.empty())
    options += " COLLATE=" + server.database_collation;
  if (auto format = t.options.find("mysql.row_format"); format != t.options.end()) options += " ROW_FORMAT=" + format->second;
  if (!t.comment.empty()) options += " COMMENT=" + literal(t.comment);
  return "CREATE TABLE " + quote(t.name) + " (\n  " + str::join(items, ",\n  ") + "\n)" + options;
}

}  // namespace bcdb::dialect::mysql
