#include "dialect/sqlite/canonical.h"

#include <set>

#include "dialect/sqlite/sql_parser.h"
#include "dialect/sqlite/types.h"
#include "support/error.h"
#include "support/strings.h"

namespace bcdb::dialect::sqlite {
namespace {

std::string unqualified(const std::string& name) {
  auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// SQLite reads a bare or double-quoted identifier after DEFAULT as a string: `DEFAULT abc`
// stores 'abc'. Spell it as the string it is, so it renders back as valid DDL.
std::string canonical_default(const std::string& expr) {
  std::string normalized = normalize_expr(expr);
  std::vector<Token> tokens = tokenize(expr);  // before normalising, which folds case
  if (!tokens.empty() && tokens.back().kind == Token::Kind::end) tokens.pop_back();
  if (tokens.size() != 1) return normalized;
  const Token& t = tokens.front();
  bool identifier = t.kind == Token::Kind::quoted_identifier ||
                    (t.kind == Token::Kind::identifier &&
                     !std::set<std::string>{"true", "false", "null", "current_time", "current_date",
                                            "current_timestamp"}.count(str::lower(t.text)));
  if (!identifier) return normalized;
  return "'" + str::replace_all(unquote_identifier(t.text), "'", "''") + "'";
}

// The normal form of one of the schema's expressions; text the tokenizer cannot read (an
// unterminated quote) is an error naming the object it belongs to, never an internal one.
std::string normalized(const std::string& object, const std::string& expr,
                       std::string (*normalize)(const std::string&)) {
  try {
    return normalize(expr);
  } catch (const ParseError& e) {
    throw ConfigError(object + ": SQLite cannot read '" + expr + "': " + e.what() + " at character " +
                      std::to_string(e.offset + 1));
  }
}

std::string normalized_expr(const std::string& expr) { return normalize_expr(expr); }

void canonicalize_column(const model::Table& table, model::Column& c) {
  const std::string object = "table " + table.name + ": column " + c.name;
  // Natives for other engines do not matter here; a sqlite native equal to what bcdb would
  // write anyway is no override at all.
  for (auto it = c.native.begin(); it != c.native.end();)
    it = it->first == model::kEngineSqlite ? std::next(it) : c.native.erase(it);
  if (auto it = c.native.find(model::kEngineSqlite); it != c.native.end()) {
    model::Column plain = c;
    plain.native.clear();
    if (normalize_declared(it->second) == normalize_declared(column_type(table, plain))) c.native.erase(it);
  }
  if (is_rowid_alias(table, c, column_type(table, c))) {
    c.identity = true;
  } else if (c.identity) {
    throw ConfigError("table " + table.name + ": column " + c.name +
                      ": SQLite generates values only for the single-column INTEGER primary key of a rowid table, "
                      "so identity cannot apply to this column");
  }
  // SQLite lets key columns of rowid tables hold NULL (a documented legacy quirk); bcdb
  // always declares them NOT NULL and does not report the quirk as drift.
  if (table.primary_key)
    for (const auto& k : table.primary_key->columns)
      if (k == c.name) c.nullable = false;
  if (c.default_expr) c.default_expr = normalized(object + ": default", *c.default_expr, canonical_default);
  if (c.default_expr && *c.default_expr == "null") c.default_expr.reset();
  if (c.generated) c.generated->expr = normalized(object + ": generated", c.generated->expr, normalized_expr);
  if (c.collation) {
    c.collation = str::lower(*c.collation);
    if (*c.collation == "binary") c.collation.reset();
  }
  c.comment.clear();  // SQLite has no comments
}

}  // namespace

void canonicalize(model::Schema& schema) {
  for (auto& t : schema.tables) {
    t.schema.clear();  // one namespace: "main"
    t.comment.clear();
    for (auto it = t.options.begin(); it != t.options.end();) {
      bool keep = str::starts_with_ci(it->first, "sqlite.") && it->second != "false";
      it = keep ? std::next(it) : t.options.erase(it);
    }
    for (auto& c : t.columns) canonicalize_column(t, c);
    for (auto& i : t.indexes) {
      const std::string index = "table " + t.name + ": index " + i.name;
      if (!i.where.empty()) i.where = normalized(index + ": where", i.where, normalized_expr);
      for (auto& p : i.parts)
        if (!p.expr.empty()) p.expr = normalized(index + ": expr", p.expr, normalized_expr);
      i.method.clear();   // SQLite has one index kind
      i.include.clear();  // and no covering columns
    }
    for (auto& c : t.checks) c.expr = normalized("table " + t.name + ": check " + c.name, c.expr, normalized_expr);
    for (auto& f : t.foreign_keys) f.ref_table = unqualified(f.ref_table);
  }
  // Foreign keys that name no target columns reference the target's primary key.
  model::TableIndex tables(schema);
  for (auto& t : schema.tables) {
    for (auto& f : t.foreign_keys) {
      if (!f.ref_columns.empty()) continue;
      if (const auto* target = tables.find(f.ref_table); target && target->primary_key)
        f.ref_columns = target->primary_key->columns;
    }
  }
}

}  // namespace bcdb::dialect::sqlite
