// bcdb verify --queries FILE...: every statement of the files prepared against the database and
// none of them run, so that blue's and green's queries can be proven to work after an expand
// before any traffic moves. The manifests are not read: this check needs only the database.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "dialect/statement_splitter.h"
#include "report/verify_queries.h"
#include "support/error.h"

namespace bcdb::app {
namespace {

constexpr int kPrepareLockTimeoutMs = 10'000;

struct QueriesFile {
  std::string path;
  std::vector<dialect::SqlStatement> statements;
};

std::string read_queries(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ConfigError("--queries " + path + ": is a folder, not a file of SQL statements");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("--queries " + path + ": cannot read it (" + std::strerror(errno) + ")");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file read and split before connecting: a bad file is bad input (exit 2), whatever the
// database's state. A file without a statement would make the check pass vacuously.
std::vector<QueriesFile> load(const std::vector<std::string>& paths, const dialect::SplitRules& rules) {
  std::vector<QueriesFile> files;
  for (const auto& path : paths) {
    QueriesFile f{path, dialect::split_statements(read_queries(path), rules, path)};
    if (f.statements.empty()) throw ConfigError("--queries " + path + ": holds no SQL statement");
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace

int run_verify_queries(const Context& ctx, const VerifyOptions& options) {
  std::string format = ctx.format({"text", "json"});
  dialect::Url url = ctx.database_url();
  std::vector<QueriesFile> files = load(options.queries, dialect::SplitRules::for_engine(url.engine));
  Session session = open_session(ctx, dialect::Dialect::Access::read_only);
  // A prepare takes the locks its statement would (briefly): behind a migration's exclusive
  // lock it would wait with it, so a check that cannot get one fails (exit 3) instead of hanging.
  session.connection->set_lock_timeout(kPrepareLockTimeoutMs);

  report::QueriesReport r;
  r.database = url.redacted();
  for (const auto& file : files) {
    r.files.push_back(file.path);
    for (const auto& s : file.statements) {
      ++r.statements;
      std::string keyword = dialect::leading_keyword(s.text);
      if (!dialect::is_data_statement(keyword))
        r.findings.push_back({false, file.path, s.line, s.column, s.text, keyword});
      else if (auto error = session.connection->prepare_error(s.text))
        r.findings.push_back({true, file.path, s.line, s.column, s.text, *error});
    }
  }
  ctx.out() << (format == "json" ? report::verify_queries_json(r) : report::verify_queries_text(r, ctx.style(), ctx.quiet()));
  return r.ok() ? 0 : static_cast<int>(ExitCode::different);
}

}  // namespace bcdb::app
