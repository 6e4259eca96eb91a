#pragma once
// What the inspector's readers share: the catalog queries (catalog_sql.h) run over the schemas
// one inspection reads, and helpers for their text values.
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dialect/dialect.h"
#include "model/schema.h"

namespace bcdb::dialect::postgres::catalog {

std::string text(const Value& v);
bool flag(const Value& v);  // a boolean column
long long number(const Value& v);
// int2vector / oidvector ("1 2 0") and smallint[] ("{1,2}") values.
std::vector<long long> numbers(const Value& v);
using model::qualify;

class Catalog {
 public:
  // Asks the server's version once: some catalog columns are newer than others.
  Catalog(Connection& connection, const InspectOptions& options);
  // One query of catalog_sql.h, its placeholders filled in.
  std::vector<Row> query(std::string_view sql);

 private:
  Connection& c_;
  std::string condition_;      // on the namespace `n`
  std::vector<Value> params_;  // the schema names, when options named them
  long long version_ = 0;
};

// A relation read, as notes and engine objects name it.
struct Relation {
  std::string display;    // "public.v"
  std::string canonical;  // "v", "sales.v"
};
using Relations = std::unordered_map<std::string, Relation>;  // by oid

// Triggers, policies, rules, extended statistics and inheritance of the relations read (but
// those in `skipped`), and user-defined types, into the engine objects and notes of `schema`.
void read_attached_objects(Catalog& catalog, const Relations& relations, const std::set<std::string>& skipped,
                           model::Schema& schema);

}  // namespace bcdb::dialect::postgres::catalog
