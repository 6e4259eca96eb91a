#pragma once
// The seeded mutation fuzzer's driver (tests/e2e/fuzz_test.cpp): seeds, case counts, the checks
// every bcdb run of a mutated input must pass, and a report of every failing case at the end.
//
//   BCDB_FUZZ_SEED=S   the first case's seed (default: from the clock; printed); case i has S+i
//   BCDB_FUZZ_CASES=N  cases per target (default: each target's own, about 30 s on 2 cores)
//
// A case is replayed from the seed its failure prints:
//   BCDB_FUZZ_SEED=<seed> BCDB_FUZZ_CASES=1 build/tests/bcdb_e2e_tests -tc='fuzz: <target>*'
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "process.h"

namespace bcdb::test {

std::uint64_t fuzz_seed();
int fuzz_cases(int default_cases);

// Where a rejection has to point.
enum class Located {
  toml,  // every "error:" line names a file:line:col of a .toml file
  plan,  // the error names the plan file
};

// One mutated input and everything that went wrong with it.
class FuzzCase {
 public:
  FuzzCase(std::string target, std::uint64_t seed, std::string input_name, std::string original, std::string mutated,
           std::vector<std::string> edits);

  // Runs bcdb (killed after 60 s) and checks what holds for every run: no signal, no hang, an
  // exit code in 0..4, no "internal" error, and a rejection that names where the problem is.
  // `rejection_codes` are the codes that mean "your input is wrong" for this command (2, and 1
  // for verify, which reports invalid manifests as a failed verification).
  RunResult run(const std::vector<std::string>& args, const std::filesystem::path& cwd, Located located,
                const std::map<std::string, std::string>& env = {}, std::vector<int> rejection_codes = {2},
                const std::string& plan_file = "");

  // A failed property beyond the per-run checks (the run it is about, when there is one).
  void fail(const std::string& assertion, const std::string& detail, const std::string& stderr_text = "");

  bool failed() const { return !failures_.empty(); }
  std::uint64_t seed() const { return seed_; }
  const std::string& mutated() const { return mutated_; }
  // The failing case as a self-contained report: seed, replay command, edits, failures, input.
  std::string report() const;

  struct Failure {
    std::string assertion;
    std::string detail;
    std::string signature;  // the assertion and the first error line, with names and numbers blurred
  };
  const std::vector<Failure>& failures() const { return failures_; }
  const std::vector<std::string>& runs() const { return runs_; }

 private:
  std::string target_;
  std::uint64_t seed_;
  std::string input_name_, original_, mutated_;
  std::vector<std::string> edits_;
  std::vector<std::string> runs_;  // "verify -> 1"
  std::vector<Failure> failures_;
};

// Collects the cases of one target and reports at the end: a summary (exit codes per command,
// distinct findings) and one failed CHECK per failing case.
class FuzzReport {
 public:
  explicit FuzzReport(std::string target);
  void add(const FuzzCase& c);
  void finish();  // MESSAGE the summary, FAIL_CHECK every failing case

 private:
  std::string target_;
  std::chrono::steady_clock::time_point started_;
  int cases_ = 0;
  std::map<std::string, std::map<std::string, int>> exits_;  // command -> "exit N" -> count
  struct Finding {
    int count = 0;
    std::uint64_t first_seed = 0;
  };
  std::map<std::string, Finding> findings_;
  std::vector<std::string> failing_;
};

// The test case name of a target, for the replay hint.
std::string fuzz_test_case(const std::string& target);

}  // namespace bcdb::test
