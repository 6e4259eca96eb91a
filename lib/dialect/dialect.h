#pragma once
// One engine = one Dialect (DESIGN.md, "The dialect interface"). Engine-specific SQL lives
// only behind this interface; everything above it is engine-neutral.
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diff/change.h"
#include "dialect/bulk_writer.h"
#include "dialect/connection.h"
#include "dialect/replica.h"
#include "model/schema.h"
#include "plan/step.h"
#include "support/error.h"

namespace bcdb::dialect {

// Facts about the engine the planner and the executor read.
struct Capabilities {
  bool transactional_ddl = false;     // DDL rolls back with its transaction
  bool comments = false;              // tables and columns carry comments
  bool schemas = false;               // tables live in named schemas
  bool concurrent_index_build = false;
  bool not_valid_constraints = false;
  // Tables and indexes share one namespace per schema, instead of index names being per table
  // (MySQL); with named_constraint_indexes, so do unique and primary key constraints, whose
  // indexes take their names (PostgreSQL).
  bool schema_wide_index_names = false;
  bool named_constraint_indexes = false;
  // The engine folds the case of table, column and index names (SQLite).
  bool case_insensitive_names = false;
  // Unique constraints, checks and foreign keys can only be added by rebuilding the table, and
  // NOT NULL is checked before any trigger could fill a column in (SQLite): the recipes of
  // plan/recipes/ defer the first to contract and relax the second in expand.
  bool constraints_need_rebuild = false;
  bool not_null_before_triggers = false;
  // A simple view takes INSERT, UPDATE and DELETE on its own (not SQLite: INSTEAD OF triggers).
  bool updatable_views = false;
  // The engine has replicas whose lag bcdb can measure (replica_probe; migrate --replica).
  bool replicas = false;
  // A one-column primary key that other tables reference changes type through shadow columns
  // on it and on them, cut over together in one transaction (PostgreSQL's transactional DDL and
  // ADD PRIMARY KEY USING INDEX); elsewhere such a key keeps the single ALTER.
  bool shadow_keys = false;
  // Such a type change copies the table instead of adding a shadow column, where the engine
  // grows every row a backfill fills in an added column (MySQL; plan/recipes/table_copy.h).
  bool copy_type_changes = false;
};

// What the planner needs to know of the live data: estimated rows per qualified table name
// (tables not listed count as empty), the engine's volatile functions (a default that
// calls one cannot be added without rewriting the table), and the server's version string
// (which online forms it has; empty when unknown, and renderers then assume the oldest).
struct TableStats {
  std::map<std::string, std::int64_t> rows;
  std::set<std::string> volatile_functions;
  std::string server_version;
  std::map<std::string, std::string> settings;  // engine facts by "engine.name", e.g. "mysql.database_collation"
  std::int64_t rows_of(const std::string& table) const {
    auto it = rows.find(table);
    return it == rows.end() ? 0 : it->second;
  }
};

struct InspectOptions {
  std::vector<std::string> schemas;  // engines with schemas: which ones bcdb owns (empty = default)
};

// What a renderer is asked to turn into steps: the changes of one phase, with the schema as
// it is before the phase and as it will be after it.
struct RenderRequest {
  plan::Phase phase;
  const model::Schema& before;
  const model::Schema& after;
  const std::vector<const diff::Change*>& changes;  // in the order the planner wants them made
  const TableStats& stats;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view engine() const = 0;  // "sqlite", "postgres", "mysql"
  virtual const Capabilities& capabilities() const = 0;

  // read_only never creates or changes anything, and a database that does not exist is an
  // error; preview is read_only, except that a SQLite file that does not exist yet reads as
  // the empty database migrate would create (migrate --dry-run).
  enum class Access { read_only, preview, read_write };
  virtual std::unique_ptr<Connection> connect(const Url& url, Access access) const = 0;
  virtual std::unique_ptr<MigrationLock> lock_migrations(Connection& connection,
                                                         std::chrono::milliseconds wait) const = 0;

  // Live database -> schema in canonical form, in a fixed number of catalog queries.
  virtual model::Schema inspect(Connection& connection, const InspectOptions& options) const = 0;
  virtual bool has_table(Connection& connection, const std::string& qualified) const = 0;
  // Row counts (or the engine's estimates) for the named tables.
  virtual TableStats table_stats(Connection& connection, const std::vector<std::string>& tables) const = 0;

  // Brings a schema from elsewhere (manifests, another engine) into this engine's canonical
  // form so it compares equal to what inspect() returns for the same objects: natives of
  // other engines dropped, expressions normalised, engine defaults made explicit.
  // `connection` may be used to let the engine itself normalise expressions (a scratch schema
  // inside a transaction that is rolled back); it is never changed.
  virtual void canonicalize(model::Schema& schema, Connection& connection) const = 0;
  // What an engine that normalises without a database can only prove by compiling: the
  // desired tables the changes touch (the others equal what the engine holds, so it compiled
  // them), tried in a throw-away database. Throws ConfigError naming the object.
  virtual void check_changed(const model::Schema& /*desired*/, const diff::ChangeSet& /*changes*/) const {}

  // How canonical schemas spell a schema name: the engine's default schema is "".
  virtual std::string canonical_schema(std::string_view schema) const = 0;

  // The one place identifiers are quoted.
  virtual std::string quote(std::string_view identifier) const = 0;
  // The n-th (1-based) parameter placeholder: "?" or "$n".
  virtual std::string placeholder(int n) const = 0;
  // A qualified table name, each part quoted.
  virtual std::string quote_table(const std::string& qualified) const = 0;
  // The column's type as the engine spells it in `table`: its native override, or the
  // engine's mapping of the logical type.
  virtual std::string column_type(const model::Table& table, const model::Column& column) const = 0;
  // A NULL of the column's type: it stands in for a column the plan has not added yet when an
  // expression over the row is prepared (plan/expression_check.h).
  virtual std::string typed_null(const model::Table& table, const model::Column& column) const {
    return "CAST(NULL AS " + column_type(table, column) + ")";
  }

  // The statement that makes the session wait at most `milliseconds` for a lock another
  // session holds (never 0, which some engines read as "forever"): what connections set and
  // what a SQL export starts with, so a script run by hand is as safe as bcdb's own run.
  virtual std::string lock_timeout_sql(int milliseconds) const = 0;

  // Resuming a run that died half-way: removes from `changes` the drops of objects such a run
  // left behind that a pending change would build exactly so, and marks that change to adopt
  // them (Change::adopts). Engines whose steps leave no such objects keep the default.
  // Whether changing `from`'s type to `to`'s rewrites the table (and blocks writes while it
  // does), rather than changing only the catalog: such a change on a large table goes through
  // a shadow column (plan/recipes/column_sync.h). Engines whose rewrite is the only way say no.
  virtual bool type_change_rewrites(const model::Column& /*from*/, const model::Column& /*to*/) const { return false; }
  virtual void adopt_leftovers(diff::ChangeSet& /*changes*/, const model::Schema& /*live*/) const {}

  // Before a step whose lock stops writes: locks on `table` stronger than readers' and writers'
  // (maintenance: PostgreSQL's autovacuum above all, which gives way only after
  // deadlock_timeout) that the step's lock request would queue behind, with every writer
  // queued behind the request. Ended where the engine lets bcdb (an autovacuum, which runs again
  // later), else waited for, up to `wait`, without queueing. What was found and done, for the
  // user; nullopt when nothing was in the way.
  virtual std::optional<std::string> clear_maintenance_locks(Connection& /*connection*/, const std::string& /*table*/,
                                                            std::chrono::milliseconds /*wait*/) const {
    return std::nullopt;
  }

  // The changes of one phase as steps, in order.
  virtual std::vector<plan::Draft> render(const RenderRequest& request) const = 0;

  // The engine's fastest insert path on `connection` (bcdb seed).
  virtual std::unique_ptr<BulkWriter> bulk_writer(Connection& connection) const = 0;

  // A probe of how far `replica` is behind `primary` (the connection migrate runs on); it keeps
  // both. ConfigError when `replica` is not a replica of `primary`'s server. Engines without
  // replicas (capabilities().replicas false) keep the default.
  virtual std::unique_ptr<ReplicaProbe> replica_probe(Connection& /*primary*/,
                                                      std::unique_ptr<Connection> /*replica*/) const {
    throw UsageError(std::string(engine()) + " databases have no replicas bcdb can wait for");
  }
};

// The dialect for a URL's engine; throws ConfigError for an engine this build lacks.
std::unique_ptr<Dialect> make_dialect(std::string_view engine);

}  // namespace bcdb::dialect
