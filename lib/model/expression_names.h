#pragma once
// The names an SQL expression reads as columns, told without a database: identifiers that are
// neither keywords, function names (followed by '('), qualified (a.b), type names (after AS
// or ::), collations, nor a typed literal's prefix (DATE '...', x'...'). A heuristic for advice
// (bcdb verify's warnings); what the engine itself resolves is checked at plan time
// (plan/expression_check.h).
#include <string>
#include <string_view>
#include <vector>

namespace bcdb::model {

// In order of first appearance, each once; quoted names ("a b", `c`) as written inside the quotes.
std::vector<std::string> names_read(std::string_view expr);

}  // namespace bcdb::model
