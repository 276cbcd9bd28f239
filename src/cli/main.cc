// Entry point of the `bulwark` command; everything it runs lives in libraries so tests can link it.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Bulwark: a self-hosted cloud security control plane that speaks the AWS wire protocols"};
  app.require_subcommand(1);
  int exit_code = 0;
  bulwark::cli::AddAllCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // Usage errors share the "unreadable input" status.
  }
  return exit_code;
}
