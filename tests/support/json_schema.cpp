#include "json_schema.h"

#include "process.h"

namespace bcdb::test {

std::string schema_errors(const std::string& schema_file, const std::string& json) {
  TempDir dir;
  write_file(dir / "document.json", json);
  RunResult r = run("/usr/bin/python3",
                    {(source_dir() / "tests/support/validate_json.py").string(),
                     (source_dir() / "schemas" / schema_file).string(), (dir / "document.json").string()},
                    dir.path());
  if (r.exit_code == 0) return "";
  return r.out + r.err + (r.exit_code != 1 ? " (validator exit code " + std::to_string(r.exit_code) + ")" : "");
}

}  // namespace bcdb::test
