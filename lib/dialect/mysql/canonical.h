#pragma once
// The canonical form of a schema on MySQL/MariaDB, which inspect() produces and canonicalize()
// gives a schema from elsewhere (manifests, another engine):
//  - tables have schema "" (a database is one schema); a desired table naming a schema, or a
//    foreign key naming one, is refused with a ConfigError;
//  - a column's type is logical_type(without_display_width(COLUMN_TYPE)) (types.h); it carries
//    a "mysql" native type, the widthless COLUMN_TYPE ("int unsigned", "enum('a','b')"), only
//    when that differs from spelling(logical type); natives of other engines and options not
//    "mysql.*" are gone; uuid reads as char(36), timestamptz as timestamp, tinyint(1) as bool.
//    MariaDB's json (LONGTEXT COLLATE utf8mb4_bin with a check json_valid(`c`) named after the
//    column) reads as json, without that check and collation; MySQL 8's json is a type;
//  - defaults, ON UPDATE, generated expressions and checks are in the text the server itself
//    stores for them, which canonicalize() obtains by creating the desired objects in a
//    scratch database and reading them back, then dropping it. MariaDB's COLUMN_DEFAULT is that
//    text ('new', 0.00 for decimal(12,2), current_timestamp(6), uuid()); MySQL 8 stores a
//    literal's value, which reads back quoted for string-like types and bare for numbers, and
//    an expression other than CURRENT_TIMESTAMP reads back in parentheses. DEFAULT NULL is no
//    default; identity (AUTO_INCREMENT) and generated columns have none;
//  - ON UPDATE (the model has no field for it) is the table option "mysql.on_update.<column>",
//    e.g. "current_timestamp(6)";
//  - generated columns are Generated{GENERATION_EXPRESSION, stored = STORED/PERSISTENT}; on
//    MariaDB they are nullable (it has no NOT NULL generated columns);
//  - a column names its collation only when it differs from the table's; table options are
//    "mysql.engine" when not InnoDB, "mysql.charset" when not utf8mb4, "mysql.collation" when
//    not the default collation of the table's character set, "mysql.row_format" when given;
//  - the primary key has name "" (MySQL always calls it PRIMARY) and its columns are NOT NULL;
//  - unique indexes of plain ascending whole columns are `uniques` (named as the index is; a
//    desired unnamed one is named as the server would: its first column, else _2, _3, ...),
//    other unique indexes stay in `indexes` with unique = true;
//  - an index's method is "" for the engine's default (BTREE; HASH on MEMORY), else "fulltext",
//    "spatial", "hash" or "btree"; a prefix part is IndexPart{"", "`column`(N)"} (a prefix as
//    long as a char/varchar column is the whole column); descending parts only where the server
//    keeps them (MariaDB 10.8+, MySQL 8); MySQL 8's functional key parts as EXPRESSION prints
//    them. Partial indexes and INCLUDE columns do not exist: canonicalize() refuses them, and
//    indexes of text/blob columns without a prefix length;
//  - the index InnoDB creates for a foreign key is not the user's (drop_foreign_key_indexes);
//  - foreign keys reference unqualified tables (one in another database is reported as
//    unrepresented), name their referenced columns, treat RESTRICT as NO ACTION (the same in
//    InnoDB, and MariaDB reports an unspecified action as RESTRICT), are never deferrable and
//    always validated; unnamed ones stay unnamed (the server's <table>_ibfk_<n> depends on
//    what the table had before), and so do unnamed checks (CONSTRAINT_<n>, <table>_chk_<n>):
//    the comparison pairs unnamed constraints by what they do.
#include "dialect/mysql/connection.h"
#include "model/schema.h"

namespace bcdb::dialect::mysql {

// Throws ConfigError naming the object when the server rejects one of its expressions or types,
// or when the schema holds what MySQL does not have (schemas, partial indexes, ...). A scratch
// database (inspector.h, kScratchDatabasePrefix) is created and dropped, also when it throws;
// when `connection` is inside a transaction, a second connection does that work, since DDL
// would commit the transaction.
void canonicalize(model::Schema& schema, MyConnection& connection);

// Drops the indexes InnoDB creates for foreign keys that have no index to use: an index that
// is not unique, BTREE, of plain ascending columns exactly the foreign key's, and named either
// as the foreign key (a named one) or as its first column, possibly with _2, _3... (an unnamed
// one, which the server names <table>_ibfk_<n>). An index declared that way in a manifest
// is dropped too: InnoDB makes the same index for the foreign key, so both sides agree. Both
// inspect() and canonicalize() apply it.
void drop_foreign_key_indexes(model::Table& table);

}  // namespace bcdb::dialect::mysql
