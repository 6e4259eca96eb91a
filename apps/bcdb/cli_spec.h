#pragma once
// The command-line definition as plain data, taken from the CLI11 app itself, so that the
// shell completions are generated from the very definition the parser uses.
#include <string>
#include <vector>

namespace bcdb::app {

struct OptionSpec {
  std::vector<std::string> names;    // "--db", "-q"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices;  // fixed values, when the option has them
  std::string value_kind;            // "file", "dir", "url" or "" (for shells' file completion)
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  std::vector<std::string> positional_choices;  // e.g. completions' shells
};

struct CliSpec {
  std::string program = "bcdb";
  std::vector<OptionSpec> global_options;
  std::vector<CommandSpec> commands;
};

}  // namespace bcdb::app
