// The command line itself: usage errors, help, version, completions.
#include <doctest/doctest.h>

#include "process.h"

using namespace bcdb::test;

TEST_CASE("an unknown command exits 2 with a did-you-mean") {
  TempDir dir;
  auto r = run_bcdb({"migrte"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown command 'migrte' (did you mean 'migrate'?)") != std::string::npos);
}

TEST_CASE("an unknown flag exits 2 with a did-you-mean") {
  TempDir dir;
  auto r = run_bcdb({"drift", "--fromat", "json"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown option '--fromat' for bcdb drift (did you mean '--format'?)") != std::string::npos);
  auto global = run_bcdb({"--dbb", "sqlite:x.db", "drift"}, dir.path());
  CHECK(global.exit_code == 2);
  CHECK(global.err.find("did you mean '--db'?") != std::string::npos);
}

TEST_CASE("bad option values and missing commands exit 2, never CLI11's own codes") {
  TempDir dir;
  CHECK(run_bcdb({}, dir.path()).exit_code == 2);
  CHECK(run_bcdb({"migrate", "--phase", "sideways"}, dir.path()).exit_code == 2);
  CHECK(run_bcdb({"drift", "--format", "yaml"}, dir.path()).exit_code == 2);
  CHECK(run_bcdb({"inspect"}, dir.path()).exit_code == 2);
  auto r = run_bcdb({"migrate", "--lock-timeout", "soon"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--lock-timeout takes a duration") != std::string::npos);
  auto url = run_bcdb({"drift", "--db", "oracle://x/y"}, dir.path());
  CHECK(url.exit_code == 2);
  CHECK(url.err.find("unknown database URL scheme: use sqlite:") != std::string::npos);
  auto slip = run_bcdb({"drift", "--db", "postgress://x/y"}, dir.path());
  CHECK(slip.err.find("unknown database URL scheme 'postgress' (did you mean 'postgres'?)") != std::string::npos);
}

TEST_CASE("--help and --version exit 0") {
  TempDir dir;
  auto help = run_bcdb({"--help"}, dir.path());
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("sync-check") != std::string::npos);
  auto sub = run_bcdb({"migrate", "--help"}, dir.path());
  CHECK(sub.exit_code == 0);
  CHECK(sub.out.find("--allow-destructive") != std::string::npos);
  auto version = run_bcdb({"--version"}, dir.path());
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("bcdb ", 0) == 0);
}

TEST_CASE("the completion files in completions/ are what the binary prints") {
  TempDir dir;
  for (const auto& [shell, file] : std::vector<std::pair<std::string, std::string>>{
           {"bash", "bcdb.bash"}, {"zsh", "_bcdb"}, {"fish", "bcdb.fish"}}) {
    auto r = run_bcdb({"completions", shell}, dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK_MESSAGE(r.out == read_file(source_dir() / "completions" / file),
                  "completions/" << file << " is stale: regenerate it with bcdb completions " << shell);
    // Every command and every option of the CLI is offered.
    for (std::string word : {"migrate", "sync-check", "inspect", "allow-destructive", "phase", "format", "db"})
      CHECK_MESSAGE(r.out.find(word) != std::string::npos, shell << " completions lack " << word);
  }
  CHECK(run_bcdb({"completions", "tcsh"}, dir.path()).exit_code == 2);
}

TEST_CASE("the bash completion script offers commands, options and choices") {
  TempDir dir;
  write_file(dir / "complete.sh", run_bcdb({"completions", "bash"}, dir.path()).out + R"sh(
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bcdb; echo "${COMPREPLY[*]}"; }
complete_words bcdb mig
complete_words bcdb migrate --pha
complete_words bcdb migrate --phase ex
complete_words bcdb --format j
)sh");
  auto r = run("/bin/bash", {"complete.sh"}, dir.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == "migrate\n--phase\nexpand\njson\n");
}
