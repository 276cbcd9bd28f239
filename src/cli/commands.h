// Registration of the `bulwark` subcommands. Each Add*Command attaches its CLI11 subcommand to the
// parent; the callback it installs sets the process exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

// Builds the whole command tree. `exit_code` receives the chosen subcommand's status.
void AddAllCommands(CLI::App& app, int* exit_code);

}  // namespace bulwark::cli
