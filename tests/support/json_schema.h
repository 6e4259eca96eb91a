#pragma once
#include <string>

namespace bcdb::test {

// Validates `json` against schemas/<schema_file>; returns the validator's complaints, empty
// when the document is valid.
std::string schema_errors(const std::string& schema_file, const std::string& json);

}  // namespace bcdb::test
