#pragma once
// The one pipeline every command cuts at a different place (DESIGN.md, "Data flow"):
// desired schema (manifests or a live database) + live schema -> ChangeSet -> Plan.
#include <filesystem>
#include <memory>
#include <string>

#include "dialect/dialect.h"
#include "diff/compare.h"
#include "manifest/manifest.h"
#include "plan/planner.h"

namespace bcdb::plan {

struct Desired {
  model::Schema schema;        // not yet canonical for any engine
  std::string source;          // "manifests/commerce" or a redacted URL
  std::string manifest_checksum;  // empty for a database source
  std::vector<std::string> schemas;  // more schemas bcdb owns (--schema), beyond those named
  std::string schemas_origin = "--schema";  // where `schemas` comes from, for errors about it
  std::string source_engine;  // a database as the desired side: its engine (cross_engine.h)
  // Where each object is declared, when the desired side is manifests: an error the engine
  // raises about one object (its label "table t: column c: ...") is given its file:line:col.
  std::shared_ptr<const manifest::Locations> locations;
};

// Manifests that must be valid on `engine` (ManifestError otherwise; empty: on every engine).
Desired desired_from_manifests(const std::filesystem::path& dir, std::string_view engine = {});
// The same from manifests already loaded from `dir`.
Desired desired_from_manifests(manifest::LoadResult loaded, const std::filesystem::path& dir, std::string_view engine);
// A live database as the desired side (`--to URL`).
// Reads only `schemas` when given (engines with schemas).
Desired desired_from_database(const dialect::Url& url, const std::vector<std::string>& schemas = {});

struct Comparison {
  model::Schema desired;  // canonical for the live database's engine
  model::Schema live;
  diff::ChangeSet changes;
};

// UsageError when schemas are named for an engine without them; `origin` says where they come from.
void require_schemas_supported(const dialect::Dialect& dialect, const std::vector<std::string>& schemas,
                               const std::string& origin = "--schema");
// Dialect::canonicalize of the desired side; an error about one object gets its manifest location.
void canonicalize_desired(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
                          model::Schema& schema);

diff::CompareContext compare_context(const dialect::Dialect& dialect);
// The desired schema (made canonical for the dialect) against a live schema already read.
// Only tables in the schemas bcdb owns are compared: Desired::schemas when given (a desired
// table outside them is a UsageError), else the engine's default schema and those the desired
// side names.
Comparison compare(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
                   model::Schema live);
// Inspects the database, then compares.
Comparison compare(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired);

// Tables whose size the planner needs: those the changes touch.
std::vector<std::string> touched_tables(const diff::ChangeSet& changes, const model::Schema& live);

Plan make_plan(const dialect::Dialect& dialect, dialect::Connection& connection, const Desired& desired,
               const Comparison& comparison, const PlannerOptions& options);

}  // namespace bcdb::plan
