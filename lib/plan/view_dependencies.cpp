#include "plan/view_dependencies.h"

#include <set>

#include "support/strings.h"

namespace bcdb::plan {
namespace {

using diff::ChangeKind;

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Whether `name` occurs in `sql` as a whole identifier (quoted or not, any case). A word match
// over the definition errs toward naming a view that does not depend on the column: that costs
// a question, not a half-applied plan.
bool mentions(const std::string& sql, const std::string& name) {
  const std::string text = str::lower(sql), word = str::lower(name);
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !identifier_char(text[at - 1]);
    bool ends = at + word.size() >= text.size() || !identifier_char(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

std::string unqualified(const std::string& name) {
  auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// What the plan does to a column a view may read, if anything.
std::string what_happens(const diff::Change& c) {
  switch (c.kind) {
    case ChangeKind::drop_column: return "drops";
    case ChangeKind::rename_column: return "renames (the old name is dropped in contract)";
    case ChangeKind::alter_column: return diff::has_attribute(c, "type") ? "changes the type of" : "";
    default: return "";
  }
}

}  // namespace

std::vector<std::string> views_in_the_way(const diff::ChangeSet& changes, const model::Schema& desired,
                                          const model::Schema& live) {
  // The views bcdb keeps a renamed table's other name under (the old one, or on MySQL the new
  // one until contract) are its own.
  std::set<std::string> own;
  for (const auto& t : desired.tables)
    if (t.renamed_from) {
      own.insert(str::lower(model::qualify(t.schema, *t.renamed_from)));
      own.insert(str::lower(t.qualified_name()));
    }
  std::vector<std::string> out;
  for (const auto& c : changes) {
    std::string what = what_happens(c);
    if (what.empty()) continue;
    const std::string column = c.kind == ChangeKind::rename_column ? c.attributes.front().live : c.object;
    for (const auto& o : live.engine_objects) {
      if (o.kind != "view" && o.kind != "materialized view") continue;
      if (own.count(str::lower(o.name)) || model::is_bcdb_object(o.name)) continue;
      if (!mentions(o.sql, unqualified(c.table)) || !mentions(o.sql, column)) continue;
      out.push_back(o.kind + " " + o.name + " reads " + c.table + "." + column + ", which this plan " + what +
                    "; bcdb does not manage views yet: drop the view before this migration and create it again "
                    "after, or leave the column as it is");
    }
  }
  return out;
}

}  // namespace bcdb::plan
