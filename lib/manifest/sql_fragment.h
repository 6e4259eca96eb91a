#pragma once
// The SQL a manifest pastes into bcdb's statements (defaults, checks, index predicates and
// expressions, generated columns, native types, MySQL ON UPDATE): each must be exactly one
// piece of one statement on every engine. A top-level ';', a quote or parenthesis left open or
// a comment would let the text end bcdb's statement and start another, or swallow the rest.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bcdb::manifest {

struct FragmentProblem {
  std::string message;  // "';' at character 2 would end the statement"
  std::size_t offset = 0;
};

// One problem per engine whose reading of a text fails (engines as model::kEngine*).
struct FragmentProblems {
  std::vector<std::pair<std::string, FragmentProblem>> by_engine;
  bool none() const { return by_engine.empty(); }
  bool everywhere() const { return by_engine.size() == 3; }
  // The engines that fail, for a message: "SQLite and PostgreSQL".
  std::string engines() const;
};

// Checks `text` as SQLite, PostgreSQL (E'' strings, $tag$ quotes) and MySQL/MariaDB
// (backslash escapes, "..." strings, # comments) each read it: balanced quotes and
// parentheses, no ';' and no comment outside quotes, no NUL byte. A text that reads as one
// expression on some engines only (MySQL's 'it\'s') is that engine's SQL, not a danger there.
FragmentProblems check_sql_fragment(std::string_view text);

// A bare word the engines take unquoted (MySQL ENGINE=, CHARSET=, index methods): letters,
// digits and '_'. The problem, or nullopt.
std::optional<std::string> check_sql_word(std::string_view text);

}  // namespace bcdb::manifest
