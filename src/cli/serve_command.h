// `bulwark serve`: opens (or creates) the data folder, bootstraps the account on first start, and
// serves the AWS APIs on 127.0.0.1 until SIGINT/SIGTERM.
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "store/migrations.h"

namespace bulwark::cli {

void AddServeCommand(CLI::App& app, int* exit_code);

// Every schema component the server's store holds; other commands that open the store use the same
// list (the store refuses to open with components it does not know).
std::vector<store::Migration> ServeStoreMigrations();

}  // namespace bulwark::cli
