#pragma once
// The information_schema queries of the MySQL/MariaDB inspector. Each reads one view once,
// filtered on the database (the `?` parameter), so their number never depends on the number
// of tables; the rows are joined in C++. Joining information_schema views to each other in SQL
// makes the server open every table once per view joined (STACK.md: 2,000 tables take 0.76 s
// through information_schema already).
//
// MariaDB and MySQL 8 differ in a few columns; where they do, there is one query per flavour.
#include <string_view>

namespace bcdb::dialect::mysql::catalog {

// Collation -> character set, and which collation is each character set's default. Not
// filtered: a few hundred rows, and a table's collation may be any of them.
inline constexpr std::string_view kCollations =
    "SELECT COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT FROM information_schema.COLLATIONS";

// Engines the server offers (the scratch database keeps its column tables in MyISAM, which
// has no 8 KB row limit, when there is one).
inline constexpr std::string_view kEngines = "SELECT ENGINE, SUPPORT FROM information_schema.ENGINES";

// Base tables, views and (MariaDB) sequences.
// The database's defaults: what a table created without CHARSET or COLLATE gets.
inline constexpr std::string_view kSchemaDefaults =
    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
    "WHERE SCHEMA_NAME = ?";

inline constexpr std::string_view kTables =
    "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS "
    "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";

// Views' columns too; the reader keeps those of base tables. GENERATION_EXPRESSION is NULL
// (MariaDB) or '' (MySQL) for ordinary columns.
inline constexpr std::string_view kColumns =
    "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, "
    "COLLATION_NAME, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT "
    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?";

// One row per key part. Columns 8 and 9: the functional key part (MySQL 8.0.13+) and whether
// the optimizer may use the index (MariaDB 10.6+ IGNORED, MySQL 8 IS_VISIBLE).
inline constexpr std::string_view kStatisticsMariaDb =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, "
    "NULL, IGNORED = 'YES' FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";
inline constexpr std::string_view kStatisticsOldMariaDb =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, "
    "NULL, 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";
inline constexpr std::string_view kStatisticsMySql =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, "
    "EXPRESSION, IS_VISIBLE = 'NO' FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";
inline constexpr std::string_view kStatisticsMySql57 =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, "
    "NULL, 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";

// Foreign keys: their actions, then their columns in order. The referenced table may lie in
// another database (REFERENCED_TABLE_SCHEMA).
inline constexpr std::string_view kForeignKeys =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, MATCH_OPTION "
    "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
inline constexpr std::string_view kForeignKeyColumns =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
    "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
    "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";

// Checks. MariaDB (10.2.22+/10.3.10+) names the table and says whether the check was declared
// on a column (LEVEL 'Column', named after it) or on the table. MySQL 8.0.16+ names check
// constraints per database and keeps their table and ENFORCED flag in TABLE_CONSTRAINTS.
inline constexpr std::string_view kChecksMariaDb =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE "
    "FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
inline constexpr std::string_view kChecksMySql =
    "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
inline constexpr std::string_view kCheckTablesMySql =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, ENFORCED FROM information_schema.TABLE_CONSTRAINTS "
    "WHERE TABLE_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'";

// What bcdb does not manage yet, reported: view definitions, triggers, routines and events.
inline constexpr std::string_view kViews =
    "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?";
inline constexpr std::string_view kTriggers =
    "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION, "
    "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?";
inline constexpr std::string_view kRoutines =
    "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?";
inline constexpr std::string_view kEvents =
    "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?";

}  // namespace bcdb::dialect::mysql::catalog
