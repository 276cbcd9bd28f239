// `bulwark serve`: opens (or creates) the data folder, bootstraps the account on first start, and
// serves the AWS APIs on 127.0.0.1 until SIGINT/SIGTERM.
#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace bulwark::cli
