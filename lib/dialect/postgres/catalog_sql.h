#pragma once
// The catalog queries of the PostgreSQL inspector. Each reads every owned schema at once, so
// their number never depends on the number of tables. Per-row deparse functions
// (pg_get_expr, pg_get_constraintdef, pg_get_indexdef, ...) run only in narrow queries over
// the rows that need them: inside the wide pg_attribute or pg_class joins they cost several
// times more (STACK.md, "Measured on this stack: catalog reads").
//
// Placeholders, replaced before a query runs: {schemas} is the condition on the namespace
// `n`; {nulls_not_distinct} and {compression} stand for columns older servers lack.
#include <string_view>

namespace bcdb::dialect::postgres::catalog {

// Relations that belong to an extension are the extension's business, not the user's.
#define BCDB_PG_NOT_EXTENSION_MEMBER(classid, object)                                           \
  "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" classid "'::regclass AND e.objid = " \
  object " AND e.deptype = 'e')"

inline constexpr std::string_view kServerVersion = "SELECT current_setting('server_version_num')::int";

// Tables, views, materialized views and foreign tables (sequences have their own query).
inline constexpr std::string_view kRelations =
    "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition, c.relpersistence, c.relrowsecurity, "
    "c.relforcerowsecurity, array_to_string(c.reloptions, ', '), d.description, c.reltablespace <> 0, "
    "c.relreplident, am.amname, c.reloftype <> 0, "
    "CASE WHEN c.relispartition THEN (SELECT i.inhparent::regclass::text FROM pg_inherits i "
    "WHERE i.inhrelid = c.oid LIMIT 1) END "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_am am ON am.oid = c.relam "
    "LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0 "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ({schemas}) AND "
    BCDB_PG_NOT_EXTENSION_MEMBER("pg_class", "c.oid");

// View definitions and partition keys: deparsed, so only for the few relations that have one.
inline constexpr std::string_view kDefinitions =
    "SELECT c.oid, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) ELSE pg_get_viewdef(c.oid, true) END "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('v', 'm', 'p') AND ({schemas})";

// Sequences with the column that owns them: deptype 'i' for identity columns, 'a' for OWNED BY
// (serial). The regclass text is spelled as pg_get_expr spells it in nextval('...'::regclass).
inline constexpr std::string_view kSequences =
    "SELECT s.oid, n.nspname, s.relname, d.refobjid, d.refobjsubid, d.deptype, s.oid::regclass::text, "
    "format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqcache, q.seqcycle "
    "FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
    "JOIN pg_sequence q ON q.seqrelid = s.oid "
    "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid "
    "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
    "WHERE s.relkind = 'S' AND ({schemas}) AND " BCDB_PG_NOT_EXTENSION_MEMBER("pg_class", "s.oid");

// Columns of tables that are not partitions. The collation is named only when it is not the
// type's own. Sorted by the client: an ORDER BY here spills to disk on large schemas.
inline constexpr std::string_view kColumns =
    "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
    "a.attgenerated, CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END, "
    "a.attcollation, d.description, COALESCE(a.attstattarget, -1), {compression}, a.attstorage <> t.typstorage "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_type t ON t.oid = a.atttypid "
    "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
    "LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass "
    "AND d.objsubid = a.attnum "
    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped "
    "AND ({schemas})";

// Defaults and generated-column expressions. A default cannot reference a column, so it is
// deparsed without its relation (relid 0), which prints the same text and saves opening every
// table (8x faster on 10,000 defaults); generated columns reference theirs.
inline constexpr std::string_view kDefaults =
    "SELECT ad.adrelid, ad.adnum, "
    "pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) "
    "FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ({schemas})";

// Constraints declared on the table itself: conparentid <> 0 marks the copies PostgreSQL adds
// for each partition of a referenced partitioned table.
inline constexpr std::string_view kConstraints =
    "SELECT con.oid, con.conrelid, con.conname, con.contype, con.conkey, rn.nspname, rc.relname, "
    "con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred, con.convalidated, "
    "con.conindid, con.connoinherit "
    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
    "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition AND ({schemas})";

// The referenced columns of foreign keys, by name: the referenced table may lie outside the
// schemas read.
inline constexpr std::string_view kForeignKeyColumns =
    "SELECT con.oid, a.attname "
    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL unnest(con.confkey) WITH ORDINALITY AS k(attnum, position) "
    "JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum "
    "WHERE con.contype = 'f' AND con.conparentid = 0 AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
    "AND ({schemas}) ORDER BY con.oid, k.position";

// Checks and exclusion constraints, deparsed.
inline constexpr std::string_view kConstraintDefinitions =
    "SELECT con.oid, pg_get_constraintdef(con.oid, true) "
    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE con.contype IN ('c', 'x') AND con.conparentid = 0 AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition AND ({schemas})";

inline constexpr std::string_view kIndexes =
    "SELECT i.indexrelid, i.indrelid, ic.relname, i.indisunique, i.indisvalid, am.amname, i.indnkeyatts, "
    "i.indkey, i.indoption, i.indclass, i.indcollation, {nulls_not_distinct}, i.indisclustered, "
    "array_to_string(ic.reloptions, ', '), ic.reltablespace <> 0 "
    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
    "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ({schemas})";

// Index predicates (position 0) and expression key columns (position 1..n), deparsed only for
// the indexes that have them.
inline constexpr std::string_view kIndexExpressions =
    "SELECT i.indexrelid, 0, pg_get_expr(i.indpred, i.indrelid, true) "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE i.indpred IS NOT NULL AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND ({schemas}) "
    "UNION ALL "
    "SELECT i.indexrelid, k.n, pg_get_indexdef(i.indexrelid, k.n, true) "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL generate_series(1, i.indnkeyatts::int) AS k(n) "
    "WHERE i.indexprs IS NOT NULL AND i.indkey[k.n - 1] = 0 AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition AND ({schemas})";

// Operator classes an index names only when it asks for a non-default one.
inline constexpr std::string_view kOperatorClasses = "SELECT oid, opcname FROM pg_opclass WHERE NOT opcdefault";

inline constexpr std::string_view kTriggers =
    "SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true) "
    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ({schemas})";

// What else a user can attach to a table: policies, rules, extended statistics, inheritance.
inline constexpr std::string_view kTableExtras =
    "SELECT x.kind, x.relid, x.name, x.definition FROM ("
    "SELECT 'policy' AS kind, p.polrelid AS relid, p.polname::text AS name, NULL::text AS definition "
    "FROM pg_policy p "
    "UNION ALL SELECT 'rule', r.ev_class, r.rulename::text, pg_get_ruledef(r.oid, true) "
    "FROM pg_rewrite r WHERE r.rulename <> '_RETURN' "
    "UNION ALL SELECT 'statistics', s.stxrelid, s.stxname::text, pg_get_statisticsobjdef(s.oid) "
    "FROM pg_statistic_ext s "
    "UNION ALL SELECT 'inherits', i.inhrelid, i.inhparent::regclass::text, NULL "
    "FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE NOT ch.relispartition"
    ") x JOIN pg_class c ON c.oid = x.relid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ({schemas})";

// User-defined types: enums (with their labels, plain and quoted), domains, ranges and
// standalone composite types.
inline constexpr std::string_view kTypes =
    "SELECT n.nspname, t.typname, t.typtype, "
    "CASE t.typtype WHEN 'e' THEN (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) "
    "FROM pg_enum e WHERE e.enumtypid = t.oid) WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) END, "
    "CASE t.typtype WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) "
    "FROM pg_enum e WHERE e.enumtypid = t.oid) END "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND "
    "(SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')) AND ({schemas}) AND "
    BCDB_PG_NOT_EXTENSION_MEMBER("pg_type", "t.oid") " ORDER BY n.nspname, t.typname";

#undef BCDB_PG_NOT_EXTENSION_MEMBER

}  // namespace bcdb::dialect::postgres::catalog
