#include "cli/commands.h"

#include "cli/account_command.h"
#include "cli/policy_simulate_command.h"
#include "cli/serve_command.h"
#include "cli/trail_command.h"
#include "cli/policy_validate_command.h"

namespace bulwark::cli {

void AddAllCommands(CLI::App& app, int* exit_code) {
  AddServeCommand(app, exit_code);
  AddTrailCommand(app, exit_code);
  AddAccountCommand(app, exit_code);
  CLI::App* policy = app.add_subcommand("policy", "Validate, simulate and analyse IAM policies offline");
  policy->require_subcommand(1);
  AddPolicySimulateCommand(*policy, exit_code);
  AddPolicyValidateCommand(*policy, exit_code);
}

}  // namespace bulwark::cli
