#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::str {

std::string lower(std::string_view s);
// Lower case except inside single-quoted SQL strings ('' stays inside): a type's words fold,
// an ENUM or SET member keeps its case.
std::string lower_outside_quotes(std::string_view s);
std::string upper(std::string_view s);
std::string trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_ci(std::string_view s, std::string_view prefix);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> split(std::string_view s, char sep);
std::string replace_all(std::string s, std::string_view from, std::string_view to);

// Damerau-free Levenshtein distance; used for did-you-mean suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bcdb::str
