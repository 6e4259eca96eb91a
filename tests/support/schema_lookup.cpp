#include "schema_lookup.h"

#include "dialect/dialect.h"
#include "diff/compare.h"
#include "plan/pipeline.h"
#include "support/strings.h"

namespace bcdb::test {

const model::Table& table(const model::Schema& s, const std::string& name) {
  const model::Table* t = s.find_table(name);
  REQUIRE_MESSAGE(t, "no table " << name);
  return *t;
}

const model::Column& column(const model::Table& t, const std::string& name) {
  const model::Column* c = t.find_column(name);
  REQUIRE_MESSAGE(c, "no column " << t.name << "." << name);
  return *c;
}

const model::Index& index(const model::Table& t, const std::string& name) {
  const model::Index* i = t.find_index(name);
  REQUIRE_MESSAGE(i, "no index " << t.name << "." << name);
  return *i;
}

std::string native_of(const model::Column& c, const std::string& engine) {
  auto it = c.native.find(engine);
  return it == c.native.end() ? "" : it->second;
}

bool has_note(const model::Schema& s, const std::string& text) {
  return std::find(s.unrepresented.begin(), s.unrepresented.end(), text) != s.unrepresented.end();
}

bool note_contains(const model::Schema& s, const std::string& fragment) {
  return std::any_of(s.unrepresented.begin(), s.unrepresented.end(),
                     [&](const std::string& n) { return n.find(fragment) != std::string::npos; });
}

std::string notes(const model::Schema& s) { return str::join(s.unrepresented, "\n"); }

const model::EngineObject* object(const model::Schema& s, const std::string& kind, const std::string& name) {
  for (const auto& o : s.engine_objects)
    if (o.kind == kind && o.name == name) return &o;
  return nullptr;
}

diff::ChangeSet compare_on(const std::string& engine, const model::Schema& desired, const model::Schema& live) {
  auto dialect = dialect::make_dialect(engine);
  return diff::compare(desired, live, plan::compare_context(*dialect));
}

std::string describe(const diff::ChangeSet& changes) {
  std::string out;
  for (const auto& c : changes) {
    out += diff::summary(c) + "\n";
    for (const auto& a : c.attributes)
      out += "    " + a.attribute + ": desired " + a.desired + ", live " + a.live + "\n";
  }
  return out;
}

model::Column col(std::string name, const std::string& type) {
  model::Column c;
  c.name = std::move(name);
  c.type = *model::parse_type(type);
  return c;
}

}  // namespace bcdb::test
