// The SigV4 authenticator against a real store: keys resolved once and then served from the
// access-key cache, and key changes taking effect once the credential epoch advances.
#include "server/sigv4_authenticator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "crypto/aead.h"
#include "iam/entities.h"
#include "iam/schema.h"
#include "iam/session_token.h"
#include "sigv4/signer.h"
#include "store/sqlite_store.h"

namespace bulwark::server {
namespace {

constexpr int64_t kNow = 1795909500;
const std::string kMasterKey(32, 'k');
const std::string kKeyId = "AKIAEXAMPLEKEY000001";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

class SigV4AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("bulwark-authn-" + std::to_string(rd()));
    store::SqliteStoreOptions options;
    options.data_dir = dir_;
    options.migrations = iam::IamMigrations();  // Access keys and the users and roles they belong to.
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::shared_ptr<store::Store>(std::move(opened.value()));
    auto sealed = crypto::Seal(kMasterKey, kSecret, kKeyId);
    ASSERT_TRUE(sealed.ok());
    AccessKeyRecord key;
    key.access_key_id = kKeyId;
    key.account_id = "123456789012";
    key.kind = core::CallerKind::kRoot;
    key.principal_arn = "arn:aws:iam::123456789012:root";
    key.principal_id = "123456789012";
    key.secret_sealed = *sealed;
    ASSERT_TRUE(store_->Write([&](store::Transaction& txn) -> core::Status {
                        if (auto s = InsertAccount(txn, key.account_id, kNow); !s.ok()) return s;
                        return InsertAccessKey(txn, key, kNow);
                      }).ok());
    epoch_ = std::make_shared<core::CredentialEpoch>();
    cache_ = std::make_shared<AccessKeyCache>(16, epoch_);
    authenticator_ = std::make_unique<SigV4Authenticator>(store_, kMasterKey, "us-east-1", [] { return kNow; }, cache_);
  }
  void TearDown() override {
    authenticator_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A GetCallerIdentity POST signed with the given key, as botocore sends it.
  static protocol::WireRequest Signed(const std::string& key_id, const std::string& secret,
                                      const std::string& session_token = "") {
    sigv4::HttpRequest request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = "Action=GetCallerIdentity&Version=2011-06-15";
    sigv4::SigningInput input;
    input.access_key_id = key_id;
    input.secret_access_key = secret;
    input.session_token = session_token;
    input.region = "us-east-1";
    input.service = "sts";
    input.time = kNow;
    auto signed_request = sigv4::SignWithAuthorizationHeader(request, input);
    EXPECT_TRUE(signed_request.ok());
    protocol::WireRequest wire;
    wire.method = "POST";
    wire.target = "/";
    for (const auto& h : signed_request->request.headers) wire.headers.emplace_back(h.name, h.value);
    wire.body = signed_request->request.body;
    return wire;
  }

  core::Result<core::Caller> Authenticate(const protocol::WireRequest& request) {
    std::string attempted;
    return authenticator_->Authenticate(request, "sts", &attempted);
  }

  // Makes the role `name` with unique id `id` (deleting any role of that name first).
  void PutRole(const std::string& name, const std::string& id) {
    ASSERT_TRUE(store_->Write([&](store::Transaction& txn) -> core::Status {
                        auto existing = iam::FindEntity(txn, "123456789012", iam::EntityKind::kRole, name);
                        if (!existing.ok()) return existing.error();
                        if (*existing) {
                          if (auto s = iam::DeleteEntity(txn, "123456789012", iam::EntityKind::kRole, name); !s.ok()) return s;
                        }
                        iam::Entity e;
                        e.account_id = "123456789012";
                        e.kind = iam::EntityKind::kRole;
                        e.name = name;
                        e.id = id;
                        e.path = "/";
                        e.arn = iam::EntityArn(e.kind, "123456789012", "/", name);
                        e.trust_policy = "{}";
                        return iam::InsertEntity(txn, e);
                      }).ok());
    epoch_->Advance();  // As the executor does after a committed mutation.
  }

  // A request signed with a session of the role `name` whose unique id was `id` when it was issued.
  static protocol::WireRequest SignedBySession(const std::string& name, const std::string& id) {
    iam::SessionClaims claims;
    claims.caller.kind = core::CallerKind::kAssumedRole;
    claims.caller.account_id = "123456789012";
    claims.caller.arn = "arn:aws:sts::123456789012:assumed-role/" + name + "/s";
    claims.caller.principal_id = id + ":s";
    claims.caller.issuer_arn = "arn:aws:iam::123456789012:role/" + name;
    claims.caller.issuer_principal_id = id;
    claims.caller.issuer_name = name;
    claims.caller.access_key_id = "ASIASESSIONKEY000001";
    claims.caller.session_issued_at = kNow;
    claims.caller.session_expires_at = kNow + 3600;
    claims.secret_access_key = "session-secret-session-secret-session-se";
    auto token = iam::SealSessionToken(iam::SessionTokenKey(kMasterKey), claims);
    EXPECT_TRUE(token.ok());
    return Signed(claims.caller.access_key_id, claims.secret_access_key, token.ok() ? *token : "");
  }

  void SetStatus(const std::string& status) {
    ASSERT_TRUE(store_->Write([&](store::Transaction& txn) {
                        return txn.Execute("UPDATE access_keys SET status = ? WHERE access_key_id = ?",
                                           {store::Value(status), store::Value(kKeyId)});
                      }).ok());
  }

  std::filesystem::path dir_;
  std::shared_ptr<store::Store> store_;
  std::shared_ptr<core::CredentialEpoch> epoch_;
  std::shared_ptr<AccessKeyCache> cache_;
  std::unique_ptr<SigV4Authenticator> authenticator_;
};

TEST_F(SigV4AuthenticatorTest, ValidSignatureAuthenticatesTheKeysPrincipal) {
  auto caller = Authenticate(Signed(kKeyId, kSecret));
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->arn, "arn:aws:iam::123456789012:root");
  EXPECT_EQ(caller->access_key_id, kKeyId);
}

TEST_F(SigV4AuthenticatorTest, RepeatedRequestsReadTheStoreOnce) {
  ASSERT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
  const uint64_t reads = store_->stats().reads;
  ASSERT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
  ASSERT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
  EXPECT_EQ(store_->stats().reads, reads);
  EXPECT_EQ(cache_->size(), 1u);
}

TEST_F(SigV4AuthenticatorTest, WrongSecretIsRefusedEvenWhenTheKeyIsCached) {
  ASSERT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
  auto caller = Authenticate(Signed(kKeyId, "not-the-secret-not-the-secret-not-the-se"));
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.error().code, "SignatureDoesNotMatch");
}

TEST_F(SigV4AuthenticatorTest, DeactivatedKeyIsRefusedOnceTheEpochAdvances) {
  ASSERT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
  SetStatus("Inactive");
  epoch_->Advance();
  auto caller = Authenticate(Signed(kKeyId, kSecret));
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.error().code, "InvalidClientTokenId");
}

TEST_F(SigV4AuthenticatorTest, ReactivatedKeyIsAcceptedOnceTheEpochAdvances) {
  SetStatus("Inactive");
  ASSERT_FALSE(Authenticate(Signed(kKeyId, kSecret)).ok());
  SetStatus("Active");
  epoch_->Advance();
  EXPECT_TRUE(Authenticate(Signed(kKeyId, kSecret)).ok());
}

TEST_F(SigV4AuthenticatorTest, SessionOfAnExistingRoleAuthenticates) {
  PutRole("phoenix", "AROAFIRSTPHOENIX");
  auto caller = Authenticate(SignedBySession("phoenix", "AROAFIRSTPHOENIX"));
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->issuer_principal_id, "AROAFIRSTPHOENIX");
}

TEST_F(SigV4AuthenticatorTest, SessionOfADeletedRoleIsRefusedEvenWhenANewRoleTookItsName) {
  PutRole("phoenix", "AROAFIRSTPHOENIX");
  ASSERT_TRUE(Authenticate(SignedBySession("phoenix", "AROAFIRSTPHOENIX")).ok());
  PutRole("phoenix", "AROASECONDPHOENIX");
  auto caller = Authenticate(SignedBySession("phoenix", "AROAFIRSTPHOENIX"));
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.error().code, "InvalidClientTokenId");
  EXPECT_TRUE(Authenticate(SignedBySession("phoenix", "AROASECONDPHOENIX")).ok());
}

TEST_F(SigV4AuthenticatorTest, SessionPrincipalIsReadOncePerEpoch) {
  PutRole("steady", "AROASTEADY");
  ASSERT_TRUE(Authenticate(SignedBySession("steady", "AROASTEADY")).ok());
  const uint64_t reads = store_->stats().reads;
  ASSERT_TRUE(Authenticate(SignedBySession("steady", "AROASTEADY")).ok());
  EXPECT_EQ(store_->stats().reads, reads);
}

TEST_F(SigV4AuthenticatorTest, UnknownKeyIsInvalidClientTokenIdAndNotCached) {
  auto caller = Authenticate(Signed("AKIAUNKNOWNKEY000001", kSecret));
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.error().code, "InvalidClientTokenId");
  EXPECT_EQ(cache_->size(), 0u);
}

}  // namespace
}  // namespace bulwark::server
