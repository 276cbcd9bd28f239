// `bulwark policy simulate`: evaluates requests against policies offline and explains each
// decision. One request from flags, or `--batch` JSON lines on stdin (one case per line, one result
// line per case; a malformed case yields an error line for its id and the batch goes on).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

namespace bulwark::cli {

void AddPolicySimulateCommand(CLI::App& policy, int* exit_code);

// The batch mode on explicit streams (tests drive it directly). Returns the exit status:
// 0 when every case was evaluated, 1 when any case was malformed.
int RunSimulateBatch(std::istream& in, std::ostream& out);

}  // namespace bulwark::cli
