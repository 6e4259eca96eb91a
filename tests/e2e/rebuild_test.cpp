// SQLite's table rebuild, as bcdb runs it: no row lost, nothing around the table broken.
#include <doctest/doctest.h>

#include "project.h"

using namespace bcdb::test;

namespace {

const std::string kLibrary = R"toml(
[tables.authors]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "name", type = "varchar(100)" },
  { name = "country", type = "char(2)", default = "'GB'" },
]
sqlite = { autoincrement = true }

[tables.books]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64", identity = true },
  { name = "author_id", type = "int64" },
  { name = "title", type = "text" },
]
foreign_keys = [ { name = "books_author_fk", columns = ["author_id"], references = { table = "authors" }, on_delete = "cascade" } ]
)toml";

std::string with_author_change(const std::string& base) {
  // A change SQLite cannot make with ALTER TABLE: a new default and a new check.
  std::string s = base;
  s.replace(s.find("default = \"'GB'\""), 16, "default = \"'FR'\"");
  s.replace(s.find("sqlite = { autoincrement = true }"), 33,
            "checks = [ { name = \"authors_name_set\", expr = \"length(name) > 0\" } ]\nsqlite = { autoincrement = true }");
  return s;
}

}  // namespace

TEST_CASE("rebuilding a parent keeps every child row of an ON DELETE CASCADE foreign key") {
  Project p;
  p.manifests(kLibrary);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto db = p.db();
  db.exec("INSERT INTO authors (id, name) VALUES (1, 'Austen'), (2, 'Brontë'), (3, 'Eliot');"
          "INSERT INTO books (author_id, title) VALUES (1, 'Emma'), (1, 'Persuasion'), (2, 'Villette'), (3, 'Middlemarch');");
  auto books_before = db.rows("SELECT id, author_id, title FROM books ORDER BY id");
  auto authors_before = db.rows("SELECT id, name, country FROM authors ORDER BY id");

  p.manifests(with_author_change(kLibrary));
  auto r = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("rebuild table authors") != std::string::npos);
  CHECK(db.rows("SELECT id, author_id, title FROM books ORDER BY id") == books_before);
  CHECK(db.rows("SELECT id, name, country FROM authors ORDER BY id") == authors_before);
  CHECK(db.rows("PRAGMA foreign_key_check").empty());
  // The child's foreign key still points at the rebuilt table, and still cascades.
  db.exec("PRAGMA foreign_keys = ON; DELETE FROM authors WHERE id = 1");
  CHECK(db.count("books") == 2);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}

TEST_CASE("a rebuild keeps triggers, views and the AUTOINCREMENT high-water mark") {
  Project p;
  p.manifests(kLibrary);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto db = p.db();
  db.exec("CREATE TABLE audit (what TEXT);"
          "CREATE TRIGGER authors_audit AFTER INSERT ON authors BEGIN INSERT INTO audit VALUES (new.name); END;"
          "CREATE VIEW author_names AS SELECT name FROM authors;"
          "INSERT INTO authors (name) VALUES ('a'), ('b'), ('c'); DELETE FROM authors WHERE name = 'c';");
  REQUIRE(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'authors'") == "3");

  p.manifests(with_author_change(kLibrary) + "\n[tables.audit]\ncolumns = [ { name = \"what\", type = \"text\", nullable = true } ]\n");
  auto r = p.bcdb({"migrate"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'authors_audit'") == "1");
  CHECK(db.scalar("SELECT count(*) FROM author_names") == "2");
  db.exec("INSERT INTO authors (name) VALUES ('d')");
  CHECK(db.scalar("SELECT id FROM authors WHERE name = 'd'") == "4");  // 3 is never handed out again
  CHECK(db.scalar("SELECT count(*) FROM audit") == "4");
  // Views and triggers are not managed, but reported rather than silently ignored.
  auto drift = p.bcdb({"drift"});
  CHECK(drift.exit_code == 0);
  CHECK(drift.out.find("not compared: view author_names") != std::string::npos);
}

TEST_CASE("a rebuild that would break a view is refused at plan time, nothing applied") {
  Project p;
  p.manifests(kLibrary);
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  auto db = p.db();
  db.exec("INSERT INTO authors (name) VALUES ('a'); CREATE VIEW countries AS SELECT country FROM authors;");
  std::string dropped = kLibrary;
  dropped.erase(dropped.find("  { name = \"country\""), std::string("  { name = \"country\", type = \"char(2)\", default = \"'GB'\" },\n").size());
  p.manifests(dropped);
  std::string before = p.snapshot();
  auto r = p.bcdb({"migrate", "--allow-destructive"});
  CHECK(r.exit_code == 4);
  CHECK_MESSAGE(r.err.find("view countries reads authors.country, which this plan drops") != std::string::npos, r.err);
  // No run is recorded as failed: nothing started; the schema and data are as they were.
  CHECK(db.scalar("SELECT status FROM bcdb_migrations ORDER BY id DESC LIMIT 1") == "succeeded");
  CHECK(db.rows("SELECT name FROM sqlite_schema WHERE name LIKE '_bcdb_new_%'").empty());
  CHECK(db.count("authors") == 1);
  CHECK(p.snapshot() == before);
}

TEST_CASE("tightening NOT NULL over NULL values stops with a message naming the column") {
  Project p;
  p.manifests(R"toml(
[tables.notes]
columns = [ { name = "body", type = "text", nullable = true } ]
)toml");
  REQUIRE(p.bcdb({"migrate"}).exit_code == 0);
  p.db().exec("INSERT INTO notes VALUES ('x'), (NULL)");
  p.manifests(R"toml(
[tables.notes]
columns = [ { name = "body", type = "text" } ]
)toml");
  auto r = p.bcdb({"migrate"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("notes.body holds NULL values") != std::string::npos);
  CHECK(p.db().count("notes") == 2);
  p.db().exec("UPDATE notes SET body = '' WHERE body IS NULL");
  CHECK(p.bcdb({"migrate"}).exit_code == 0);
  CHECK(p.bcdb({"drift"}).exit_code == 0);
}
