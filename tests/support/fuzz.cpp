#include "fuzz.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>

#include "mutator.h"

namespace bcdb::test {
namespace {

constexpr auto kRunTimeout = std::chrono::seconds(60);

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string first_error_line(const std::string& err) {
  auto lines = lines_of(err);
  for (const auto& l : lines)
    if (l.rfind("error: ", 0) == 0) return l;
  return lines.empty() ? "" : lines.front();
}

// Blurs names, numbers and quoted text, so that one bug found through many inputs is one finding.
std::string blur(std::string text) {
  static const std::regex quoted("'[^']*'|\"[^\"]*\"");
  static const std::regex number("[0-9]+");
  static const std::regex path("[^ :]*bcdb-test-[^ :]*");
  // Names the message quotes without quotes: SQLite's and bcdb's own.
  static const std::vector<std::pair<std::regex, std::string>> names = {
      {std::regex(R"((no such [a-z ]+): .*)"), "$1: _"},
      {std::regex(R"(near .*: syntax error)"), "near _: syntax error"},
      {std::regex(R"(\b(table|column|index|check|foreign key|unique) [^ :']+)"), "$1 _"},
      {std::regex(R"(value of column \[[^\]]*\])"), "value of column [_]"},
      {std::regex(R"(\(first seed.*)"), ""}};
  text = std::regex_replace(text, path, "<tmp>");
  for (const auto& [pattern, replacement] : names) text = std::regex_replace(text, pattern, replacement);
  text = std::regex_replace(text, quoted, "'_'");
  text = std::regex_replace(text, number, "N");
  text = printable(text);
  return text.size() > 160 ? text.substr(0, 160) : text;
}

std::string label_of(const std::vector<std::string>& args) {
  static const std::vector<std::string> commands = {"migrate", "diff", "drift", "verify", "sync-check", "inspect"};
  std::string command;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (command.empty() && std::find(commands.begin(), commands.end(), args[i]) != commands.end()) command = args[i];
    if (args[i] == "--plan" || args[i] == "--env") command += " " + args[i];
  }
  return command.empty() ? "bcdb" : command;
}

std::string command_line(const std::vector<std::string>& args) {
  std::string out = "bcdb";
  for (const auto& a : args) out += " " + (a.find_first_of(" '\"$") == std::string::npos ? a : "'" + a + "'");
  return out;
}

std::string clipped(const std::string& text, std::size_t limit = 3000) {
  std::string p = printable(text);
  return p.size() > limit ? p.substr(0, limit) + "\n... (" + std::to_string(p.size() - limit) + " more bytes)" : p;
}

std::string indented(const std::string& text, const std::string& indent = "      ") {
  std::string out;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += indent;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

bool names_a_toml_location(const std::string& line) {
  static const std::regex location(R"(\.toml:\d+:\d+)");
  return std::regex_search(line, location);
}

// A missing [env.NAME] section, or a setting bcdb.toml leaves to its default, has no line to
// point at: naming bcdb.toml is all there is.
bool absent_environment(const std::string& line) {
  return line.find("bcdb.toml: no environment '") != std::string::npos ||
         line.find("(the default, which bcdb.toml or a flag can set)") != std::string::npos;
}

}  // namespace

std::uint64_t fuzz_seed() {
  static const std::uint64_t seed = []() -> std::uint64_t {
    if (const char* s = std::getenv("BCDB_FUZZ_SEED"); s && *s) return std::stoull(s);
    return static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
  }();
  return seed;
}

int fuzz_cases(int default_cases) {
  const char* s = std::getenv("BCDB_FUZZ_CASES");
  return s && *s ? std::atoi(s) : default_cases;
}

std::string fuzz_test_case(const std::string& target) { return "fuzz: " + target; }

FuzzCase::FuzzCase(std::string target, std::uint64_t seed, std::string input_name, std::string original,
                   std::string mutated, std::vector<std::string> edits)
    : target_(std::move(target)),
      seed_(seed),
      input_name_(std::move(input_name)),
      original_(std::move(original)),
      mutated_(std::move(mutated)),
      edits_(std::move(edits)) {}

void FuzzCase::fail(const std::string& assertion, const std::string& detail, const std::string& stderr_text) {
  failures_.push_back({assertion, detail, "[" + assertion + "] " + blur(first_error_line(stderr_text))});
}

RunResult FuzzCase::run(const std::vector<std::string>& args, const std::filesystem::path& cwd, Located located,
                        const std::map<std::string, std::string>& env, std::vector<int> rejection_codes,
                        const std::string& plan_file) {
  RunResult r = run_bcdb_within(kRunTimeout, args, cwd, env);
  std::string cmd = command_line(args);
  runs_.push_back(label_of(args) + " -> " +
                  (r.timed_out ? "timeout" : r.signal ? "signal " + std::to_string(r.signal) : std::to_string(r.exit_code)));
  auto detail = [&](const std::string& what) {
    return cmd + ": " + what + "\n    stderr: " + indented(clipped(r.err)) +
           (r.out.empty() ? "" : "\n    stdout: " + indented(clipped(r.out, 1500)));
  };
  if (r.timed_out) {
    fail("hang", detail("still running after " + std::to_string(kRunTimeout.count()) + " s (killed)"), r.err);
    return r;
  }
  if (r.signal != 0) {
    fail("crash", detail("killed by signal " + std::to_string(r.signal) + " (" + strsignal(r.signal) + ")"),
         "signal " + std::to_string(r.signal) + " in " + label_of(args));
    return r;
  }
  if (r.exit_code < 0 || r.exit_code > 4) fail("exit code outside 0..4", detail("exit " + std::to_string(r.exit_code)), r.err);
  if (contains(r.err, "internal")) fail("internal error", detail("exit " + std::to_string(r.exit_code)), r.err);
  bool rejected = std::find(rejection_codes.begin(), rejection_codes.end(), r.exit_code) != rejection_codes.end();
  if (rejected && located == Located::toml) {
    // Diagnostics go to stderr, except verify's report of invalid manifests (stdout).
    std::vector<std::string> errors;
    for (const auto* text : {&r.err, &r.out})
      for (const auto& l : lines_of(*text))
        if (l.rfind("error: ", 0) == 0) errors.push_back(l);
    bool ok = !errors.empty();
    std::string unlocated;
    for (const auto& e : errors)
      if (!names_a_toml_location(e) && !absent_environment(e)) {
        ok = false;
        if (unlocated.empty()) unlocated = e;
      }
    if (!ok)
      fail("rejection without file:line:col",
           detail("exit " + std::to_string(r.exit_code) + ", but " +
                  (errors.empty() ? std::string("no error: line") : "'" + printable(unlocated) + "' names no .toml:line:col")),
           unlocated.empty() ? r.err : unlocated);
  }
  if (located == Located::plan && (r.exit_code == 2 || r.exit_code == 4) && !contains(r.err, plan_file)) {
    // Exit 4 for steps the flags do not allow (or a contract phase before its expand phase)
    // is a refusal of a valid plan, not of its file.
    bool flags_refusal = r.exit_code == 4 && (contains(r.err, "--allow-") || contains(r.err, "--phase"));
    if (!flags_refusal)
      fail("plan rejection does not name the plan file",
           detail("exit " + std::to_string(r.exit_code) + ", but stderr does not mention " + plan_file), r.err);
  }
  return r;
}

std::string FuzzCase::report() const {
  std::string out = "fuzz " + target_ + ", seed " + std::to_string(seed_) + "\n  replay: BCDB_FUZZ_SEED=" +
                    std::to_string(seed_) + " BCDB_FUZZ_CASES=1 build/tests/bcdb_e2e_tests -tc='" +
                    fuzz_test_case(target_) + "*'\n  input: " + input_name_ + "\n  edits:\n";
  for (const auto& e : edits_) out += "    " + e + "\n";
  out += "  changed lines:\n";
  for (const auto& l : lines_of(changed_lines(original_, mutated_))) out += "    " + l + "\n";
  out += "  runs:";
  for (const auto& r : runs_) out += " [" + r + "]";
  out += "\n  failures:\n";
  for (const auto& f : failures_) out += "  * " + f.assertion + ": " + indented(f.detail) + "\n";
  out += "--- mutated " + input_name_ + " ---\n" + clipped(mutated_, 20000) + "\n--- end ---\n";
  return out;
}

FuzzReport::FuzzReport(std::string target) : target_(std::move(target)), started_(std::chrono::steady_clock::now()) {}

void FuzzReport::add(const FuzzCase& c) {
  ++cases_;
  for (const auto& r : c.runs()) {
    auto arrow = r.find(" -> ");
    ++exits_[r.substr(0, arrow)]["exit " + r.substr(arrow + 4)];
  }
  for (const auto& f : c.failures()) {
    auto& finding = findings_[f.signature];
    if (finding.count++ == 0) finding.first_seed = c.seed();
  }
  if (c.failed()) failing_.push_back(c.report());
}

void FuzzReport::finish() {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::ostringstream s;
  s << "fuzz " << target_ << ": " << cases_ << " cases from seed " << fuzz_seed() << " in " << seconds << " s; "
    << failing_.size() << " failing\n";
  for (const auto& [command, codes] : exits_) {
    s << "  " << command << ":";
    for (const auto& [code, n] : codes) s << " " << code << " x" << n;
    s << "\n";
  }
  if (!findings_.empty()) s << "  distinct findings:\n";
  for (const auto& [signature, f] : findings_)
    s << "    " << f.count << " x " << signature << " (first seed " << f.first_seed << ")\n";
  MESSAGE(s.str());
  for (const auto& report : failing_) FAIL_CHECK(report);
}

}  // namespace bcdb::test
