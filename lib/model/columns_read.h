#pragma once
// Which of a table's columns an SQL expression reads, and the expression with each of them
// spelled another way (NEW."col" in a trigger). Quote-aware and engine-neutral: an identifier
// is a column when it names one (bare ones without regard to case), is not a function (followed
// by '(') and is not qualified (preceded by '.').
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::model {

std::vector<std::string> columns_read(std::string_view expr, const std::vector<std::string>& columns);

std::string rewrite_columns(std::string_view expr, const std::vector<std::string>& columns,
                            const std::function<std::string(const std::string&)>& spell);

}  // namespace bcdb::model
