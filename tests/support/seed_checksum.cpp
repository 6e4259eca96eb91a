#include "seed_checksum.h"

#include <algorithm>
#include <stdexcept>

#include "manifest/manifest.h"
#include "process.h"
#include "server_db.h"
#include "sqlite_db.h"
#include "support/hash.h"

namespace bcdb::test {
namespace {

model::Schema vertical_schema(const std::string& vertical) {
  return manifest::load_valid(source_dir() / "manifests" / vertical).schema;
}

std::string quoted(SeedEngine engine, const std::string& name) {
  return engine == SeedEngine::mysql ? "`" + name + "`" : "\"" + name + "\"";
}

// One column as canonical text (NULL stays NULL).
std::string render(SeedEngine engine, const model::Column& c) {
  std::string q = quoted(engine, c.name);
  using K = model::TypeKind;
  switch (c.type.kind) {
    case K::boolean: return "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " THEN '1' ELSE '0' END";
    case K::decimal:
      if (engine == SeedEngine::sqlite) return "printf('%." + std::to_string(c.type.scale) + "f', " + q + ")";
      return engine == SeedEngine::postgres ? q + "::text" : "CAST(" + q + " AS CHAR)";
    case K::timestamp:
    case K::timestamptz:
      if (engine == SeedEngine::sqlite) return q;
      if (engine == SeedEngine::mysql) return "DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s')";
      return "to_char(" + q + (c.type.kind == K::timestamptz ? " AT TIME ZONE 'UTC'" : "") + ", 'YYYY-MM-DD HH24:MI:SS')";
    case K::date:
      if (engine == SeedEngine::sqlite) return q;
      return engine == SeedEngine::mysql ? "DATE_FORMAT(" + q + ", '%Y-%m-%d')" : "to_char(" + q + ", 'YYYY-MM-DD')";
    default:
      if (engine == SeedEngine::sqlite) return "CAST(" + q + " AS TEXT)";
      return engine == SeedEngine::postgres ? q + "::text" : "CAST(" + q + " AS CHAR)";
  }
}

}  // namespace

std::map<std::string, std::string> seed_checksums(SeedEngine engine, const std::string& vertical, const Query& query) {
  std::map<std::string, std::string> out;
  for (const auto& t : vertical_schema(vertical).tables) {
    std::string select;
    for (const auto& c : t.columns) select += (select.empty() ? "" : ", ") + render(engine, c);
    std::vector<std::string> lines;
    for (const auto& row : query("SELECT " + select + " FROM " + quoted(engine, t.name))) {
      std::string line;
      for (const auto& v : row) line += v + "\t";
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    Sha256 hash;
    for (const auto& l : lines) hash.update(l + "\n");
    out[t.name] = std::to_string(lines.size()) + " rows, " + hash.hex_digest();
  }
  return out;
}

std::map<std::string, std::string> server_seed_checksums(ServerDatabase& db, const std::string& vertical) {
  SeedEngine engine = db.url().rfind("mysql", 0) == 0 ? SeedEngine::mysql : SeedEngine::postgres;
  return seed_checksums(engine, vertical, [&db](const std::string& sql) { return db.rows(sql); });
}

std::map<std::string, std::string> sqlite_seed_checksums(const std::string& vertical, const std::string& scale,
                                                         const std::string& seed) {
  TempDir dir;
  RunResult r = run_bcdb({"--db", "sqlite:seeded.db", "seed", vertical, "--migrate", "--scale", scale, "--seed", seed,
                          "--quiet"},
                         dir.path());
  if (r.exit_code != 0) throw std::runtime_error("bcdb seed on SQLite failed: " + r.err);
  SqliteDb db(dir / "seeded.db");
  return seed_checksums(SeedEngine::sqlite, vertical, [&db](const std::string& sql) { return db.rows(sql); });
}

std::vector<std::string> vertical_tables(const std::string& vertical) {
  std::vector<std::string> out;
  for (const auto& t : vertical_schema(vertical).tables) out.push_back(t.name);
  return out;
}

std::vector<std::string> vertical_id_tables(const std::string& vertical) {
  std::vector<std::string> out;
  for (const auto& t : vertical_schema(vertical).tables)
    if (t.find_column("id")) out.push_back(t.name);
  return out;
}

}  // namespace bcdb::test
