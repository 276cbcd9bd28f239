#include "cli/account_command.h"

#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/store_opening.h"
#include "server/bootstrap.h"
#include "server/server_config.h"

namespace bulwark::cli {

namespace {

struct AccountFlags {
  std::string data_dir = "bulwark-data";
  std::string account_id;
  std::string region = "us-east-1";
};

int Create(const AccountFlags& f) {
  if (!f.account_id.empty()) {
    if (auto valid = server::ValidateAccountId(f.account_id); !valid.ok()) {
      std::cerr << "bulwark: " << valid.error().message << "\n";
      return 2;
    }
  }
  auto store = OpenExistingStore(f.data_dir);
  if (!store.ok()) {
    std::cerr << "bulwark: " << store.error().message << " (start `bulwark serve` there once first)\n";
    return 2;
  }
  // The master key is the server's: never made here, so a mistyped folder cannot get a new one.
  if (!std::filesystem::exists(std::filesystem::path(f.data_dir) / "master.key")) {
    std::cerr << "bulwark: no master key in " << f.data_dir << "\n";
    return 2;
  }
  auto master = server::LoadOrCreateMasterKey(f.data_dir);
  if (!master.ok()) {
    std::cerr << "bulwark: " << master.error().message << "\n";
    return 1;
  }
  auto created = server::CreateAccountWithRootKey(**store, *master, f.account_id, f.region,
                                                  static_cast<int64_t>(std::time(nullptr)), "bulwark-account-create");
  if (!created.ok()) {
    std::cerr << "bulwark: " << created.error().message << "\n";
    return created.error().code == "EntityAlreadyExists" ? 2 : 1;
  }
  std::cout << server::NewAccountJson(*created) << "\n";
  return 0;
}

}  // namespace

void AddAccountCommand(CLI::App& app, int* exit_code) {
  CLI::App* account = app.add_subcommand("account", "Manage the accounts this Bulwark hosts");
  account->require_subcommand(1);
  auto flags = std::make_shared<AccountFlags>();
  CLI::App* create =
      account->add_subcommand("create", "Create a standalone account and print its root credentials (JSON) once");
  create->add_option("--data-dir", flags->data_dir, "Data folder (default ./bulwark-data)");
  create->add_option("--account-id", flags->account_id, "12-digit account id (default: a random one)");
  create->add_option("--region", flags->region, "Region recorded in the trail (default us-east-1)");
  create->callback([flags, exit_code] { *exit_code = Create(*flags); });
}

}  // namespace bulwark::cli
