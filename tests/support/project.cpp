#include "project.h"

namespace bcdb::test {

Project::Project() { std::filesystem::create_directories(dir_ / "manifests"); }

Project::Project(const std::filesystem::path& base) : dir_(base) {
  std::filesystem::create_directories(dir_ / "manifests");
}

void Project::manifests(const std::string& toml) {
  std::filesystem::remove_all(dir_ / "manifests");
  write_file(dir_ / "manifests" / "schema.toml", toml);
}

void Project::vertical(const std::string& name) {
  std::filesystem::remove_all(dir_ / "manifests");
  std::filesystem::copy(source_dir() / "manifests" / name, dir_ / "manifests", std::filesystem::copy_options::recursive);
}

RunResult Project::bcdb(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) const {
  return run_bcdb(args, dir(), env);
}

std::string sqlite_snapshot(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return "(no database)";
  SqliteDb db(file);
  std::string out;
  for (const auto& row : db.rows("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")) {
    out += row[0] + " " + row[1] + " " + row[2] + " " + row[3] + "\n";
    if (row[0] != "table") continue;
    auto columns = std::stoi(db.scalar("SELECT count(*) FROM pragma_table_info('" + row[1] + "')"));
    std::string order;
    for (int i = 1; i <= columns; ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
    for (const auto& r : db.rows("SELECT * FROM \"" + row[1] + "\" ORDER BY " + order)) {
      for (const auto& v : r) out += v + "|";
      out += "\n";
    }
  }
  return out;
}

}  // namespace bcdb::test
