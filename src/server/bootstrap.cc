#include "server/bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <fstream>

#include "crypto/aead.h"
#include "crypto/base64.h"
#include "crypto/random.h"
#include "server/access_keys.h"
#include "server/pipeline.h"
#include "trail/trail_log.h"

namespace bulwark::server {

namespace {

core::Error Unavailable(const std::string& what) { return core::Error{"ServiceUnavailable", what}; }

// Writes a new file readable by its owner only; fails if it exists.
core::Status WriteSecretFile(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Unavailable("cannot create " + path.string());
  const ssize_t written = ::write(fd, content.data(), content.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(content.size()) || !synced) return Unavailable("cannot write " + path.string());
  return core::Status::Ok();
}

// Uppercase letters and digits 2-7, as AWS key ids use.
core::Result<std::string> RandomKeyId(const char* prefix) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  auto bytes = crypto::RandomBytes(16);
  if (!bytes.ok()) return bytes.error();
  std::string id = prefix;
  for (unsigned char b : *bytes) id += kAlphabet[b & 31];
  return id;
}

core::Result<std::string> RandomAccountId() {
  auto bytes = crypto::RandomBytes(12);
  if (!bytes.ok()) return bytes.error();
  std::string id;
  for (unsigned char b : *bytes) id += static_cast<char>('0' + b % 10);
  if (id[0] == '0') id[0] = '1';
  return id;
}

}  // namespace

core::Result<std::string> LoadOrCreateMasterKey(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Unavailable("cannot create data folder " + data_dir.string() + ": " + ec.message());
  ::chmod(data_dir.c_str(), 0700);
  const auto path = data_dir / "master.key";
  if (!std::filesystem::exists(path)) {
    auto key = crypto::RandomBytes(crypto::kAeadKeyBytes);
    if (!key.ok()) return key.error();
    core::Status written = WriteSecretFile(path, *key);
    if (!written.ok()) return written.error();
    return key;
  }
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != crypto::kAeadKeyBytes) return Unavailable(path.string() + " is not a 32-byte master key");
  return key;
}

std::string NewAccountJson(const NewAccount& account) {
  return boost::json::serialize(boost::json::object{{"AccountId", account.account_id},
                                                    {"AccessKeyId", account.access_key_id},
                                                    {"SecretAccessKey", account.secret_access_key}});
}

core::Result<NewAccount> CreateAccountWithRootKey(store::Store& store, std::string_view master_key,
                                                  const std::string& requested_account_id, const std::string& region,
                                                  int64_t now, const std::string& user_agent) {
  std::string account = requested_account_id;
  if (account.empty()) {
    auto generated = RandomAccountId();
    if (!generated.ok()) return generated.error();
    account = *generated;
  }
  auto key_id = RandomKeyId("AKIA");
  auto secret_bytes = crypto::RandomBytes(30);  // 40 base64 characters, like AWS secrets.
  if (!key_id.ok()) return key_id.error();
  if (!secret_bytes.ok()) return secret_bytes.error();
  const std::string secret = crypto::Base64Encode(*secret_bytes);
  auto sealed = crypto::Seal(master_key, secret, *key_id);
  if (!sealed.ok()) return sealed.error();

  AccessKeyRecord key;
  key.access_key_id = *key_id;
  key.account_id = account;
  key.kind = core::CallerKind::kRoot;
  key.principal_arn = "arn:aws:iam::" + account + ":root";
  key.principal_id = account;
  key.secret_sealed = *sealed;

  trail::EventRecord record;
  record.user_identity.type = "AWSService";
  record.user_identity.account_id = account;
  record.event_time = IsoTime(now);
  record.event_source = "iam.amazonaws.com";
  record.event_name = "CreateAccessKey";
  record.aws_region = region;
  record.source_ip_address = "bulwark.internal";
  record.user_agent = user_agent;
  record.request_parameters = boost::json::object{{"accountId", account}};
  record.response_elements =
      boost::json::object{{"accessKey", boost::json::object{{"accessKeyId", key.access_key_id}, {"status", "Active"}}}};
  record.request_id = "bootstrap-" + account;
  record.event_id = "bootstrap-" + key.access_key_id;
  record.read_only = false;
  record.event_type = "AwsServiceEvent";
  record.recipient_account_id = account;
  record.resources.push_back(trail::EventResource{key.principal_arn, account, "AWS::IAM::User"});

  core::Status created = store.Write([&](store::Transaction& txn) -> core::Status {
    auto existing = txn.QueryOne("SELECT account_id FROM accounts WHERE account_id = ?", {store::Value(account)});
    if (!existing.ok()) return existing.error();
    if (*existing) return core::Error{"EntityAlreadyExists", "The account " + account + " already exists."};
    if (auto s = InsertAccount(txn, account, now); !s.ok()) return s;
    if (auto s = InsertAccessKey(txn, key, now); !s.ok()) return s;
    return trail::AppendEvent(txn, record, now).status();
  });
  if (!created.ok()) return created.error();
  return NewAccount{account, key.access_key_id, secret};
}

core::Result<BootstrapResult> Bootstrap(store::Store& store, const std::filesystem::path& data_dir,
                                        const std::string& configured_account_id, const std::string& region,
                                        int64_t now) {
  BootstrapResult result;
  auto master = LoadOrCreateMasterKey(data_dir);
  if (!master.ok()) return master.error();
  result.master_key = std::move(master.value());

  auto existing = store.Read([](store::ReadView& v) { return FindAccount(v); });
  if (!existing.ok()) return existing.error();
  if (*existing) {
    result.account_id = **existing;
    // Records from before the trail knew accounts are the home account's (trail_log.h).
    core::Status adopted = store.Write(
        [&](store::Transaction& txn) { return trail::AdoptUnownedRecords(txn, result.account_id); });
    if (!adopted.ok()) return adopted.error();
    return result;
  }
  auto created = CreateAccountWithRootKey(store, result.master_key, configured_account_id, region, now,
                                          "bulwark-bootstrap");
  if (!created.ok()) return created.error();
  core::Status written = WriteSecretFile(data_dir / "root-credentials.json", NewAccountJson(*created) + "\n");
  if (!written.ok()) return written.error();
  result.account_id = created->account_id;
  result.root_access_key_id = created->access_key_id;
  result.root_secret_access_key = created->secret_access_key;
  return result;
}

}  // namespace bulwark::server
