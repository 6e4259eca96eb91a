#include "report/verify_queries.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json.h"

namespace bcdb::report {
namespace {

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// The statement's first line, cut to fit a terminal; "..." says that more follows.
std::string first_line(const std::string& statement) {
  constexpr std::size_t kMax = 100;
  std::size_t newline = statement.find('\n');
  std::string line = statement.substr(0, newline);
  bool more = newline != std::string::npos;
  if (line.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    line.resize(cut);
    more = true;
  }
  return line + (more ? " ..." : "");
}

std::string summary(const QueriesReport& r) {
  std::size_t skipped = r.not_checked();
  std::string not_checked = skipped ? fmt::format(" ({} not checked)", skipped) : "";
  if (!r.ok())
    return fmt::format("{} of {} fail on {}{}\n", r.failures(), plural(r.statements, "statement"), r.database,
                       not_checked);
  if (skipped)
    return fmt::format("{} of {} prepare on {}{}\n", r.statements - skipped, plural(r.statements, "statement"),
                       r.database, not_checked);
  return fmt::format("{} prepare{} on {}\n", plural(r.statements, "statement"), r.statements == 1 ? "s" : "",
                     r.database);
}

nlohmann::ordered_json findings_json(const QueriesReport& r, bool failed) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : r.findings) {
    if (f.failed != failed) continue;
    nlohmann::ordered_json j;
    j["file"] = f.file;
    j["line"] = f.line;
    j["column"] = f.column;
    j["statement"] = f.statement;
    j[failed ? "error" : "kind"] = f.message;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

std::size_t QueriesReport::failures() const {
  std::size_t n = 0;
  for (const auto& f : findings) n += f.failed ? 1 : 0;
  return n;
}

std::string verify_queries_text(const QueriesReport& r, const Style& style, bool quiet) {
  std::string out;
  for (const auto& f : r.findings) {
    if (!f.failed && quiet) continue;
    std::string message = f.failed ? style.red(f.message)
                                   : style.yellow("not checked: " + (f.message.empty() ? "a" : f.message) + " statement") +
                                         " (only statements that read or write rows are resolved when prepared)";
    out += style.bold(fmt::format("{}:{}:{}", f.file, f.line, f.column)) + ": " + message + "\n    " +
           style.dim(first_line(f.statement)) + "\n";
  }
  if (!quiet || !r.ok()) out += summary(r);
  return out;
}

std::string verify_queries_json(const QueriesReport& r) {
  nlohmann::ordered_json j;
  j["format"] = "bcdb.verify-queries";
  j["version"] = kJsonVersion;
  j["database"] = r.database;
  j["files"] = r.files;
  j["statements"] = r.statements;
  j["checked"] = r.statements - r.not_checked();
  j["ok"] = r.ok();
  j["failures"] = findings_json(r, true);
  j["not_checked"] = findings_json(r, false);
  return j.dump(2) + "\n";
}

}  // namespace bcdb::report
