#include "dialect/sqlite/ddl.h"

#include <cctype>

#include "dialect/sqlite/sql_parser.h"
#include "dialect/sqlite/types.h"
#include "dialect/quoting.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {

std::string quote(std::string_view identifier) { return quote_identifier(identifier, '"'); }

std::string quote_list(const std::vector<std::string>& identifiers) {
  return quote_each(identifiers, [](const std::string& i) { return quote(i); });
}

namespace {

bool is_single_key(const model::Table& t, const model::Column& c) {
  return t.primary_key && t.primary_key->columns.size() == 1 && t.primary_key->columns.front() == c.name;
}

bool is_inline_key(const model::Table& t, const model::Column& c) {
  return is_single_key(t, c) && is_rowid_alias(t, c, column_type(t, c));
}

// A literal, a signed number or one of the keywords SQLite accepts bare after DEFAULT.
bool is_plain_default(const std::string& expr) {
  std::vector<Token> tokens;
  try {
    tokens = tokenize(expr);
  } catch (const ParseError&) {
    return false;
  }
  if (!tokens.empty() && tokens.back().kind == Token::Kind::end) tokens.pop_back();
  if (tokens.size() == 2 && (tokens[0].text == "-" || tokens[0].text == "+") && tokens[1].kind == Token::Kind::number)
    return true;
  if (tokens.size() != 1) return false;
  const Token& t = tokens.front();
  if (t.kind == Token::Kind::string || t.kind == Token::Kind::number || t.kind == Token::Kind::blob) return true;
  std::string word = str::lower(t.text);
  return t.kind == Token::Kind::identifier &&
         (word == "null" || word == "true" || word == "false" || word == "current_time" || word == "current_date" ||
          word == "current_timestamp");
}

std::string fk_clause(const model::ForeignKey& fk) {
  std::string out = "FOREIGN KEY (" + quote_list(fk.columns) + ") REFERENCES " + quote(fk.ref_table);
  if (!fk.ref_columns.empty()) out += " (" + quote_list(fk.ref_columns) + ")";
  if (fk.on_delete != model::FkAction::no_action) out += " ON DELETE " + str::upper(model::to_string(fk.on_delete));
  if (fk.on_update != model::FkAction::no_action) out += " ON UPDATE " + str::upper(model::to_string(fk.on_update));
  if (fk.deferrable) out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE";
  return out;
}

std::string named(const std::string& name) { return name.empty() ? "" : "CONSTRAINT " + quote(name) + " "; }

}  // namespace

std::string default_clause_value(const std::string& expr) {
  return is_plain_default(expr) ? expr : "(" + expr + ")";
}

std::string column_definition(const model::Table& table, const model::Column& c) {
  std::string out = quote(c.name);
  std::string type = column_type(table, c);
  if (!type.empty()) out += " " + type;
  if (!c.nullable) out += " NOT NULL";
  if (is_inline_key(table, c)) {
    out += " " + named(table.primary_key->name) + "PRIMARY KEY";
    if (table.option("sqlite.autoincrement")) out += " AUTOINCREMENT";
  }
  if (c.default_expr) out += " DEFAULT " + default_clause_value(*c.default_expr);
  if (c.collation) out += " COLLATE " + quote(*c.collation);
  if (c.generated) out += " GENERATED ALWAYS AS (" + c.generated->expr + ")" + (c.generated->stored ? " STORED" : " VIRTUAL");
  return out;
}

std::string create_table(const model::Table& t, const std::string& as_name) {
  std::vector<std::string> items;
  bool inline_key = false;
  for (const auto& c : t.columns) {
    items.push_back(column_definition(t, c));
    inline_key = inline_key || is_inline_key(t, c);
  }
  if (t.primary_key && !inline_key)
    items.push_back(named(t.primary_key->name) + "PRIMARY KEY (" + quote_list(t.primary_key->columns) + ")");
  for (const auto& u : t.uniques) items.push_back(named(u.name) + "UNIQUE (" + quote_list(u.columns) + ")");
  for (const auto& ch : t.checks) items.push_back(named(ch.name) + "CHECK (" + ch.expr + ")");
  for (const auto& fk : t.foreign_keys) items.push_back(named(fk.name) + fk_clause(fk));
  std::string out = "CREATE TABLE " + quote(as_name) + " (\n  " + str::join(items, ",\n  ") + "\n)";
  std::vector<std::string> options;
  if (t.option("sqlite.without_rowid")) options.emplace_back("WITHOUT ROWID");
  if (t.option("sqlite.strict")) options.emplace_back("STRICT");
  if (!options.empty()) out += " " + str::join(options, ", ");
  return out;
}

std::string create_index(const model::Table& t, const model::Index& i) {
  std::vector<std::string> parts;
  for (const auto& p : i.parts) parts.push_back((p.column.empty() ? p.expr : quote(p.column)) + (p.desc ? " DESC" : ""));
  std::string out = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + quote(i.name) + " ON " +
                    quote(t.name) + " (" + str::join(parts, ", ") + ")";
  if (!i.where.empty()) out += " WHERE " + i.where;
  return out;
}

std::string drop_index(const model::Index& i) { return "DROP INDEX " + quote(i.name); }

bool can_add_with_alter(const model::Table& table, const model::Column& c) {
  if (table.primary_key)
    for (const auto& k : table.primary_key->columns)
      if (k == c.name) return false;
  for (const auto& u : table.uniques)
    for (const auto& col : u.columns)
      if (col == c.name) return false;
  if (c.generated) return !c.generated->stored;
  if (c.default_expr) {
    std::string d = str::lower(*c.default_expr);
    // Defaults that are not constants (time keywords, parenthesised expressions) are refused
    // by ALTER TABLE ADD COLUMN.
    if (!is_plain_default(*c.default_expr) || d.rfind("current_", 0) == 0) return false;
    if (!c.nullable && d == "null") return false;
    return true;
  }
  return c.nullable;
}

}  // namespace bcdb::dialect::sqlite
