#include "cli/serve_command.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>

#include "iam/authorization_message.h"
#include "iam/schema.h"
#include "org/guardrails.h"
#include "org/schema.h"
#include "server/access_key_cache.h"
#include "server/access_keys.h"
#include "server/bootstrap.h"
#include "server/http_listener.h"
#include "server/pipeline.h"
#include "server/policy_authorizer.h"
#include "server/server_config.h"
#include "server/sigv4_authenticator.h"
#include "server/store_call_executor.h"
#include "server/tls_certificate.h"
#include "server/trail_sealer.h"
#include "server/uuid_generator.h"
#include "services/accessanalyzer/accessanalyzer_service.h"
#include "services/cloudtrail/cloudtrail_service.h"
#include "services/iam/iam_service.h"
#include "services/organizations/organizations_service.h"
#include "services/kms/kms_service.h"
#include "kms/key_store.h"
#include "services/sts/sts_service.h"
#include "store/sqlite_store.h"
#include "trail/trail_log.h"

namespace bulwark::cli {

namespace {

struct ServeFlags {
  std::string config_file;
  std::string listen;
  int port = -1;
  std::string data_dir;
  std::string region;
  std::string account_id;
  unsigned threads = 0;
  std::size_t max_connections = 0;
  unsigned idle_timeout = 0;
  int64_t seal_interval = 0;
  bool encode_authorization_messages = false;
  bool tls = false;
  std::string tls_certificate_file;
  std::string tls_private_key_file;
};

// Resolved access keys kept in memory (about 300 bytes each).
constexpr std::size_t kAccessKeyCacheCapacity = 10000;
// Keys (and as many material versions) whose authorization data and unsealed material stay in memory.
constexpr std::size_t kKmsKeyCacheCapacity = 1024;
// Threads that run read-only handlers (store_call_executor.h): enough that a few slow reads leave
// room for cheap ones; the OS shares the cores between them.
constexpr unsigned kReaderThreads = 8;

int64_t Now() {
  return static_cast<int64_t>(std::time(nullptr));
}

// Descriptors kept for the store (database, WAL, shared memory and temporary files of each
// connection), the trail sealer, the listener and the process itself, beyond one per connection.
constexpr rlim_t kReservedDescriptors = 48;

// Raises the soft descriptor limit toward what max_connections needs when the hard limit allows;
// otherwise lowers the cap to fit, so surplus clients hear 503 instead of waiting in the kernel's
// queue while accept fails with EMFILE. Returns the cap to use.
std::size_t FitDescriptorLimit(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return max_connections;
  // Refusals (HttpListener::kMaxRefusals) hold descriptors for a moment too.
  const rlim_t wanted =
      static_cast<rlim_t>(max_connections) + server::HttpListener::kMaxRefusals + kReservedDescriptors;
  if (limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (raised.rlim_cur > limit.rlim_cur && setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur >= wanted) return max_connections;
  const rlim_t spare =
      limit.rlim_cur > wanted - max_connections ? limit.rlim_cur - (wanted - max_connections) : 0;
  const std::size_t fitted = std::max<std::size_t>(1, static_cast<std::size_t>(spare));
  std::cerr << "bulwark: warning: the descriptor limit (" << limit.rlim_cur
            << ") cannot hold max_connections (" << max_connections
            << ") plus what the server needs; serving at most " << fitted << " connections (raise ulimit -n)"
            << std::endl;
  return fitted;
}

int Serve(const ServeFlags& flags) {
  server::ServerConfig config;
  if (!flags.config_file.empty()) {
    auto loaded = server::LoadServerConfig(flags.config_file, config);
    if (!loaded.ok()) {
      std::cerr << "bulwark: " << loaded.error().message << "\n";
      return 2;
    }
    config = std::move(loaded.value());
  }
  if (!flags.listen.empty()) config.listener.address = flags.listen;
  if (flags.port >= 0) config.listener.port = static_cast<uint16_t>(flags.port);
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  if (!flags.region.empty()) config.region = flags.region;
  if (!flags.account_id.empty()) config.account_id = flags.account_id;
  if (flags.threads != 0) config.listener.threads = flags.threads;
  if (flags.max_connections != 0) config.listener.max_connections = flags.max_connections;
  if (flags.idle_timeout != 0) config.listener.idle_timeout_seconds = flags.idle_timeout;
  if (flags.seal_interval != 0) config.seal_interval_seconds = flags.seal_interval;
  if (flags.encode_authorization_messages) config.encode_authorization_messages = true;
  if (flags.tls) config.tls.enabled = true;
  if (!flags.tls_certificate_file.empty()) config.tls.certificate_file = flags.tls_certificate_file;
  if (!flags.tls_private_key_file.empty()) config.tls.private_key_file = flags.tls_private_key_file;
  if (config.tls.certificate_file.empty() != config.tls.private_key_file.empty()) {
    std::cerr << "bulwark: --tls-certificate and --tls-private-key go together\n";
    return 2;
  }
  // The account id and region become ARNs and the folders of exported trail files.
  if (auto valid = server::ValidateServerConfig(config); !valid.ok()) {
    std::cerr << "bulwark: " << valid.error().message << "\n";
    return 2;
  }
  config.listener.max_connections = FitDescriptorLimit(config.listener.max_connections);

  // Signals are taken synchronously on this thread; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  store::SqliteStoreOptions store_options;
  store_options.data_dir = config.data_dir;
  store_options.migrations = ServeStoreMigrations();
  // Read-only handlers run on kReaderThreads threads, each holding a snapshot while it works; the
  // authenticator and authorizer read too, so they keep connections of their own.
  store_options.read_connections = 2 * kReaderThreads;
  auto opened = store::OpenSqliteStore(std::move(store_options));
  if (!opened.ok()) {
    // Fail closed: without a writable trail nothing may be served.
    std::cerr << "bulwark: cannot open the store in " << config.data_dir << ": " << opened.error().message
              << "\n";
    return 1;
  }
  std::shared_ptr<store::Store> store(std::move(opened.value()));
  auto boot = server::Bootstrap(*store, config.data_dir, config.account_id, config.region, Now());
  if (!boot.ok()) {
    std::cerr << "bulwark: bootstrap failed: " << boot.error().message << "\n";
    return 1;
  }
  // A store created before account ids were checked may hold any text.
  if (auto valid = server::ValidateAccountId(boot->account_id); !valid.ok()) {
    std::cerr << "bulwark: the store in " << config.data_dir << " holds an invalid " << valid.error().message
              << "; refusing to serve\n";
    return 1;
  }
  if (boot->root_access_key_id) {
    std::cout << "Created account " << boot->account_id << ". Root credentials (shown once; also in "
              << config.data_dir << "/root-credentials.json, mode 0600):\n"
              << "  AWS_ACCESS_KEY_ID=" << *boot->root_access_key_id << "\n"
              << "  AWS_SECRET_ACCESS_KEY=" << *boot->root_secret_access_key << "\n";
  }

  if (config.tls.enabled) {
    if (config.tls.certificate_file.empty()) {
      auto files = server::EnsureSelfSignedCertificate(config.data_dir, Now());
      if (!files.ok()) {
        std::cerr << "bulwark: " << files.error().message << "\n";
        return 1;
      }
      if (files->generated) {
        std::cout << "Created a self-signed TLS certificate for 127.0.0.1/localhost: "
                  << files->certificate.string() << " (clients: --ca-bundle / verify=<that file>)\n";
      }
      config.tls.certificate_file = files->certificate.string();
      config.tls.private_key_file = files->private_key.string();
    }
    config.listener.tls_certificate_file = config.tls.certificate_file;
    config.listener.tls_private_key_file = config.tls.private_key_file;
  }

  // The trail is sealed before anything is served; if it cannot be, nothing is (fail closed).
  trail::SealOptions seal_options;
  seal_options.account_id = boot->account_id;
  seal_options.region = config.region;
  server::TrailSealer sealer(store, boot->master_key, seal_options,
                             std::chrono::seconds(config.seal_interval_seconds), Now, std::cerr);
  if (!sealer.SealNow().ok()) {
    std::cerr << "bulwark: cannot seal the trail; refusing to serve" << std::endl;
    return 1;
  }
  sealer.Start();

  server::PipelineOptions po;
  po.region = config.region;
  po.account_id = boot->account_id;
  po.clock = Now;
  auto ids = std::make_shared<server::UuidGenerator>([] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  });
  po.new_uuid = [ids] { return ids->NewV4(); };
  po.new_event_id = [ids] { return ids->NewV7(); };
  po.max_json_body_bytes = config.listener.max_body_bytes;
  po.credential_epoch = std::make_shared<core::CredentialEpoch>();
  auto access_keys = std::make_shared<server::AccessKeyCache>(kAccessKeyCacheCapacity, po.credential_epoch);
  auto executor = std::make_shared<server::StoreCallExecutor>(
      store, [](std::string_view line) { std::cerr << "bulwark: " << line << std::endl; }, kReaderThreads);
  auto pipeline = std::make_shared<server::Pipeline>(
      po,
      std::vector<std::shared_ptr<const services::Service>>{
          std::make_shared<services::StsService>(services::sts_ops::StsDeps{store, boot->master_key}),
          std::make_shared<services::CloudTrailService>(),
          std::make_shared<services::AccessAnalyzerService>(),
          std::make_shared<services::IamService>(services::iam_ops::IamDeps{
              store, boot->master_key, [epoch = po.credential_epoch] { epoch->Advance(); }}),
          std::make_shared<services::OrganizationsService>(services::org_ops::OrgDeps{
              store, [epoch = po.credential_epoch] { epoch->Advance(); }}),
          std::make_shared<services::KmsService>(
              services::kms_ops::KmsDeps{store, kms::MaterialSealingKey(boot->master_key),
                                         std::make_shared<kms::KeyCache>(kKmsKeyCacheCapacity, po.credential_epoch)})},
      std::make_shared<server::SigV4Authenticator>(store, boot->master_key, config.region, Now, access_keys),
      std::make_shared<server::PolicyAuthorizer>(store,
                                                 config.encode_authorization_messages
                                                     ? iam::AuthorizationMessageKey(boot->master_key)
                                                     : std::string(),
                                                 4096, std::make_shared<org::Guardrails>(store, po.credential_epoch)),
      executor);
  server::HttpListener listener(config.listener,
                                [pipeline](protocol::WireRequest request, server::Respond respond) {
                                  pipeline->Handle(std::move(request), std::move(respond));
                                });
  core::Status started = listener.Start();
  if (!started.ok()) {
    std::cerr << "bulwark: " << started.error().message << "\n";
    return 1;
  }
  const std::string endpoint = std::string(config.tls.enabled ? "https://" : "http://") +
                               config.listener.address + ":" + std::to_string(listener.BoundPort());
  { std::ofstream(std::filesystem::path(config.data_dir) / "endpoint") << endpoint << "\n"; }
  std::cout << "Bulwark serving account " << boot->account_id << " (" << config.region << ") on " << endpoint
            << std::endl;
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cout << "bulwark: stopping" << std::endl;
  listener.Stop();
  executor->Drain();  // Read-only calls still on a reader hand their records to the store first.
  // Calls still in the store complete into the listener's stopped io_context; let them finish
  // while it exists (the store runs writes in order, so this empty write is a barrier).
  (void)store->Write([](store::Transaction&) { return core::Status::Ok(); });
  sealer.Stop();  // The final seal, after the last call's record.
  return 0;
}

}  // namespace

std::vector<store::Migration> ServeStoreMigrations() {
  std::vector<store::Migration> migrations = trail::TrailMigrations();
  for (auto& m : iam::IamMigrations()) migrations.push_back(std::move(m));
  for (auto& m : org::OrgMigrations()) migrations.push_back(std::move(m));
  for (auto& m : kms::KmsMigrations()) migrations.push_back(std::move(m));
  return migrations;
}

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the AWS APIs (STS, CloudTrail, ...) on 127.0.0.1");
  cmd->add_option("--config", flags->config_file, "YAML configuration file");
  cmd->add_option("--listen", flags->listen, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", flags->port,
                  "Port (default 0: any free port; the endpoint is written to <data>/endpoint)");
  cmd->add_option("--data-dir", flags->data_dir, "Data folder (default ./bulwark-data)");
  cmd->add_option("--region", flags->region, "Region this endpoint answers for (default us-east-1)");
  cmd->add_option("--account-id", flags->account_id, "12-digit account id to create on first start");
  cmd->add_option("--threads", flags->threads, "Worker threads (default: one per core)");
  cmd->add_option("--max-connections", flags->max_connections,
                  "Concurrent connections (default 1024); more are refused with 503 ServiceUnavailable "
                  "(closed at once on TLS)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  cmd->add_option("--idle-timeout", flags->idle_timeout,
                  "Seconds a connection may stay idle or take to send a request (default 60)")
      ->check(CLI::Range(1u, 86400u));
  cmd->add_flag("--encode-authorization-messages", flags->encode_authorization_messages,
                "Denials carry an encoded message that sts:DecodeAuthorizationMessage reads");
  cmd->add_option("--seal-interval", flags->seal_interval,
                  "Seconds between trail seals (default 3600, at least 60)");
  cmd->add_flag(
      "--tls", flags->tls,
      "Serve HTTPS; without --tls-certificate/--tls-private-key a self-signed certificate is made in the "
      "data folder");
  cmd->add_option("--tls-certificate", flags->tls_certificate_file, "PEM certificate chain for --tls");
  cmd->add_option("--tls-private-key", flags->tls_private_key_file, "PEM private key for --tls");
  cmd->callback([flags, exit_code] { *exit_code = Serve(*flags); });
}

}  // namespace bulwark::cli
