// `bulwark account create`: an operator makes a standalone account (outside any organization) in an
// existing data folder. Its root user's credentials are printed once, as JSON on stdout, in the form
// of <data>/root-credentials.json; the secret is stored only sealed under the master key. The
// creation is recorded in the trail (the new account's) like the first start's.
#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

void AddAccountCommand(CLI::App& app, int* exit_code);

}  // namespace bulwark::cli
