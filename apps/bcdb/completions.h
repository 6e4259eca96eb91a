#pragma once
#include <string>

#include "cli_spec.h"

namespace bcdb::app {

// Completion scripts for bash, zsh and fish, generated from the CLI definition. Throws
// UsageError for another shell.
std::string completion_script(const CliSpec& spec, const std::string& shell);

}  // namespace bcdb::app
