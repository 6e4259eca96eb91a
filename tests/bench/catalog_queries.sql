-- The catalog reads bcdb's SQLite inspector makes, for the floor of the drift benchmark.
SELECT name, type FROM pragma_table_list WHERE schema = 'main';
SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid;
SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY m.name, p.cid;
SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.cid, ii.name, ii."desc", ii.coll FROM sqlite_schema AS m, pragma_index_list(m.name) AS il, pragma_index_xinfo(il.name) AS ii WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno;
SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY m.name, f.id, f.seq;
