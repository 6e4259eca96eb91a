// SQLite's keyword table. The lists are checked against the linked SQLite in the unit tests
// (sqlite3_keyword_name, and CREATE TABLE with each keyword as a name and as a type).
#include "dialect/sqlite/sql_keywords.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace bcdb::dialect::sqlite {
namespace {

// https://www.sqlite.org/lang_keywords.html, lower case, sorted for binary search.
constexpr std::array<std::string_view, 147> kKeywords = {
    "abort",        "action",       "add",          "after",             "all",          "alter",
    "always",       "analyze",      "and",          "as",                "asc",          "attach",
    "autoincrement", "before",      "begin",        "between",           "by",           "cascade",
    "case",         "cast",         "check",        "collate",           "column",       "commit",
    "conflict",     "constraint",   "create",       "cross",             "current",      "current_date",
    "current_time", "current_timestamp", "database", "default",          "deferrable",   "deferred",
    "delete",       "desc",         "detach",       "distinct",          "do",           "drop",
    "each",         "else",         "end",          "escape",            "except",       "exclude",
    "exclusive",    "exists",       "explain",      "fail",              "filter",       "first",
    "following",    "for",          "foreign",      "from",              "full",         "generated",
    "glob",         "group",        "groups",       "having",            "if",           "ignore",
    "immediate",    "in",           "index",        "indexed",           "initially",    "inner",
    "insert",       "instead",      "intersect",    "into",              "is",           "isnull",
    "join",         "key",          "last",         "left",              "like",         "limit",
    "match",        "materialized", "natural",      "no",                "not",          "nothing",
    "notnull",      "null",         "nulls",        "of",                "offset",       "on",
    "or",           "order",        "others",       "outer",             "over",         "partition",
    "plan",         "pragma",       "preceding",    "primary",           "query",        "raise",
    "range",        "recursive",    "references",   "regexp",            "reindex",      "release",
    "rename",       "replace",      "restrict",     "returning",         "right",        "rollback",
    "row",          "rows",         "savepoint",    "select",            "set",          "table",
    "temp",         "temporary",    "then",         "ties",              "to",           "transaction",
    "trigger",      "unbounded",    "union",        "unique",            "update",       "using",
    "vacuum",       "values",       "view",         "virtual",           "when",         "where",
    "window",       "with",         "without"};

// Keywords SQLite's parser falls back to reading as an identifier (%fallback ID in parse.y),
// plus FILTER, OVER and WINDOW, which its tokenizer only treats as keywords in context.
constexpr std::array<std::string_view, 81> kFallbackToName = {
    "abort", "action", "after", "always", "analyze", "asc", "attach",
    "before", "begin", "by", "cascade", "cast", "column", "conflict",
    "current", "current_date", "current_time", "current_timestamp", "database", "deferred", "desc",
    "detach", "do", "each", "end", "exclude", "exclusive", "explain",
    "fail", "filter", "first", "following", "for", "generated", "glob",
    "groups", "if", "ignore", "immediate", "initially", "instead", "key",
    "last", "like", "match", "materialized", "no", "nulls", "of",
    "offset", "others", "over", "partition", "plan", "pragma", "preceding",
    "query", "raise", "range", "recursive", "regexp", "reindex", "release",
    "rename", "replace", "restrict", "rollback", "row", "rows", "savepoint",
    "temp", "temporary", "ties", "trigger", "unbounded", "vacuum", "view",
    "virtual", "window", "with", "without"};

// Names (but not type words) may also be a join keyword or INDEXED.
constexpr std::array<std::string_view, 8> kOnlyAsName = {"cross", "full",    "indexed", "inner",
                                                         "left",  "natural", "outer",   "right"};

static_assert(std::is_sorted(kKeywords.begin(), kKeywords.end()));
static_assert(std::is_sorted(kFallbackToName.begin(), kFallbackToName.end()));
static_assert(std::is_sorted(kOnlyAsName.begin(), kOnlyAsName.end()));

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

}  // namespace

bool is_keyword(std::string_view word) { return contains(kKeywords, ascii_lower(word)); }

bool can_be_type_word(std::string_view word) {
  std::string lower = ascii_lower(word);
  return !contains(kKeywords, lower) || contains(kFallbackToName, lower);
}

bool can_be_bare_name(std::string_view word) {
  return can_be_type_word(word) || contains(kOnlyAsName, ascii_lower(word));
}

}  // namespace bcdb::dialect::sqlite
