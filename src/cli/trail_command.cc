#include "cli/trail_command.h"

#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/store_opening.h"
#include "server/bootstrap.h"
#include "store/sqlite_store.h"
#include "trail/store_evidence.h"
#include "trail/trail_export.h"
#include "trail/trail_sealing.h"

namespace bulwark::cli {

namespace {

namespace fs = std::filesystem;

struct TrailFlags {
  std::string data_dir = "bulwark-data";
  std::string to;
  std::string dir;
  std::string public_keys;
  std::vector<std::string> pins;
  bool store = false;
};

int Report(const trail::VerifyReport& r, const std::string& what) {
  for (const auto& f : r.findings) std::cout << f.kind << " " << f.where << ": " << f.detail << "\n";
  std::cout << what << ": " << r.digests_valid << " digests, " << r.log_files_valid << " log files, " << r.records_valid
            << " records (" << r.log_bytes << " bytes) verified";
  if (r.last_sequence > 0) std::cout << "; sealed through seq " << r.last_sequence << " (chain " << r.last_hash << ")";
  if (r.unsealed_records > 0) std::cout << "; " << r.unsealed_records << " newer records not sealed yet (chain-checked)";
  if (!r.newest_digest.empty()) std::cout << "; newest digest " << r.newest_digest;
  std::cout << "\n";
  if (!r.ok()) {
    std::cout << "FAILED: " << r.findings.size() << " problem(s)\n";
    return 1;
  }
  std::cout << "OK\n";
  return 0;
}

int Export(const TrailFlags& f) {
  auto store = OpenExistingStore(f.data_dir);
  if (!store.ok()) {
    std::cerr << "bulwark: " << store.error().message << "\n";
    return 2;
  }
  auto summary = (*store)->Read([&](store::ReadView& v) { return trail::ExportTrail(v, f.to); });
  if (!summary.ok()) {
    std::cerr << "bulwark: export failed: " << summary.error().message << "\n";
    return 1;
  }
  std::cout << "Exported " << summary->digests << " digests, " << summary->log_files << " log files and "
            << summary->public_keys << " public keys to " << f.to << "\n";
  if (summary->unsealed_records > 0) {
    std::cout << summary->unsealed_records << " newer records are not sealed yet (the server seals them at its next "
              << "seal, start or clean stop)\n";
  }
  return 0;
}

int Verify(const TrailFlags& f) {
  if (f.store == !f.dir.empty()) {
    std::cerr << "bulwark: give either DIR or --store\n";
    return 2;
  }
  if (f.store) {
    auto store = OpenExistingStore(f.data_dir);
    if (!store.ok()) {
      std::cerr << "bulwark: " << store.error().message << "\n";
      return 2;
    }
    auto report = (*store)->Read([&](store::ReadView& v) { return trail::VerifyStoredTrail(v, f.pins); });
    if (!report.ok()) {
      std::cerr << "bulwark: cannot read the trail: " << report.error().message << "\n";
      return 2;
    }
    return Report(*report, "store " + f.data_dir);
  }
  std::optional<fs::path> keys;
  if (!f.public_keys.empty()) keys = f.public_keys;
  auto input = trail::LoadExportedTrail(f.dir, keys);
  if (!input.ok()) {
    std::cerr << "bulwark: " << input.error().message << "\n";
    return 2;
  }
  input->pinned_fingerprints = f.pins;
  return Report(trail::VerifyTrail(*input), f.dir);
}

int RotateKey(const TrailFlags& f) {
  std::error_code ec;
  if (!fs::exists(fs::path(f.data_dir) / "master.key", ec)) {
    std::cerr << "bulwark: no master key in " << f.data_dir << "\n";
    return 2;
  }
  auto master = server::LoadOrCreateMasterKey(f.data_dir);
  auto store = OpenExistingStore(f.data_dir);
  if (!master.ok() || !store.ok()) {
    std::cerr << "bulwark: cannot open " << f.data_dir << "\n";
    return 2;
  }
  auto fingerprint = trail::RotateTrailKeyNow(**store, *master, static_cast<int64_t>(std::time(nullptr)));
  if (!fingerprint.ok()) {
    std::cerr << "bulwark: rotation failed: " << fingerprint.error().message << "\n";
    return 1;
  }
  std::cout << "New trail key " << *fingerprint << " (the previous key's validity ends now)\n";
  return 0;
}

}  // namespace

void AddTrailCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<TrailFlags>();
  CLI::App* trail = app.add_subcommand("trail", "Export and verify the signed CloudTrail evidence; rotate its key");
  trail->require_subcommand(1);

  CLI::App* exp = trail->add_subcommand("export", "Write sealed log and digest files in CloudTrail's S3 layout");
  exp->add_option("--data-dir", flags->data_dir, "Data folder of the server (default ./bulwark-data)");
  exp->add_option("--to", flags->to, "Folder to write to (it stands for the S3 bucket)")->required();
  exp->callback([flags, exit_code] { *exit_code = Export(*flags); });

  CLI::App* ver = trail->add_subcommand("verify", "Check every record, chain link, file hash and digest signature");
  ver->add_option("dir", flags->dir, "An exported folder");
  ver->add_flag("--store", flags->store, "Verify the store in --data-dir instead");
  ver->add_option("--data-dir", flags->data_dir, "Data folder (with --store)");
  ver->add_option("--public-keys", flags->public_keys,
                  "Key list (aws cloudtrail list-public-keys output); default DIR/bulwark/public-keys.json");
  ver->add_option("--pin", flags->pins, "Accept only digests signed by this key fingerprint (repeatable)");
  ver->callback([flags, exit_code] { *exit_code = Verify(*flags); });

  CLI::App* rot = trail->add_subcommand("rotate-key", "Replace the trail signing key now");
  rot->add_option("--data-dir", flags->data_dir, "Data folder of the server (default ./bulwark-data)");
  rot->callback([flags, exit_code] { *exit_code = RotateKey(*flags); });
}

}  // namespace bulwark::cli
