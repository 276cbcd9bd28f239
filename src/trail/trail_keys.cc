#include "trail/trail_keys.h"

#include "crypto/aead.h"
#include "crypto/cleanse.h"
#include "crypto/rsa.h"

namespace bulwark::trail {

namespace {

std::string Associated(const std::string& fingerprint) { return "bulwark-trail-key:" + fingerprint; }

core::Result<TrailKey> KeyOf(const store::Row& row) {
  auto fp = row.Text(0);
  auto pub = row.BlobString(1);
  auto sealed = row.BlobString(2);
  auto start = row.Int64(3);
  auto end = row.Int64(4);
  auto retired = row.Int64(5);
  if (!fp.ok()) return fp.error();
  if (!pub.ok()) return pub.error();
  if (!sealed.ok()) return sealed.error();
  if (!start.ok()) return start.error();
  if (!end.ok()) return end.error();
  if (!retired.ok()) return retired.error();
  TrailKey k;
  k.public_key = TrailPublicKey{std::string(*fp), std::move(*pub), *start, *end};
  k.sealed_private_key = std::move(*sealed);
  k.retired = *retired != 0;
  return k;
}

constexpr const char* kKeyColumns =
    "SELECT fingerprint, public_key, sealed_private_key, validity_start, validity_end, retired FROM trail_keys ";

}  // namespace

std::vector<store::Migration> SealMigrations() {
  return {store::Migration{"trail_seal", 1, "create trail_keys and trail_digests", R"sql(
    CREATE TABLE IF NOT EXISTS trail_keys (
      fingerprint TEXT PRIMARY KEY,
      public_key BYTEA NOT NULL,
      sealed_private_key BYTEA NOT NULL,
      validity_start BIGINT NOT NULL,
      validity_end BIGINT NOT NULL,
      retired BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS trail_digests (
      seq BIGINT PRIMARY KEY,
      s3_bucket TEXT NOT NULL,
      s3_object TEXT NOT NULL UNIQUE,
      end_time BIGINT NOT NULL,
      body TEXT NOT NULL,
      signature TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      last_sequence BIGINT NOT NULL,
      last_hash TEXT NOT NULL
    );
  )sql"}};
}

core::Result<TrailKey> NewTrailKey(const std::string& master_key, int64_t now, int64_t validity_seconds) {
  auto priv = crypto::GenerateRsaPrivateKey();
  if (!priv.ok()) return priv.error();
  auto pub = crypto::RsaPublicKeyOf(*priv);
  if (!pub.ok()) {
    crypto::Cleanse(*priv);
    return pub.error();
  }
  TrailKey k;
  k.public_key = TrailPublicKey{crypto::PublicKeyFingerprint(*pub), std::move(*pub), now, now + validity_seconds};
  auto sealed = crypto::Seal(master_key, *priv, Associated(k.public_key.fingerprint));
  crypto::Cleanse(*priv);
  if (!sealed.ok()) return sealed.error();
  k.sealed_private_key = std::move(*sealed);
  return k;
}

core::Status RotateTrailKey(store::Transaction& txn, const TrailKey& next, int64_t now) {
  // A window closes when its key is replaced, never later than planned.
  auto closed = txn.Execute(
      "UPDATE trail_keys SET retired = 1, validity_end = CASE WHEN validity_end > ? THEN ? ELSE validity_end END "
      "WHERE retired = 0",
      {store::Value(now), store::Value(now)});
  if (!closed.ok()) return closed.error();
  auto inserted = txn.Execute(
      "INSERT INTO trail_keys (fingerprint, public_key, sealed_private_key, validity_start, validity_end, retired) "
      "VALUES (?,?,?,?,?,0)",
      {store::Value(next.public_key.fingerprint), store::Value::Blob(next.public_key.der),
       store::Value::Blob(next.sealed_private_key), store::Value(next.public_key.validity_start),
       store::Value(next.public_key.validity_end)});
  return inserted.status();
}

core::Result<std::optional<TrailKey>> CurrentTrailKey(store::ReadView& view) {
  auto row = view.QueryOne(std::string(kKeyColumns) + "WHERE retired = 0 ORDER BY validity_start DESC LIMIT 1");
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<TrailKey>();
  auto key = KeyOf(**row);
  if (!key.ok()) return key.error();
  return std::optional<TrailKey>(std::move(*key));
}

core::Result<std::vector<TrailPublicKey>> TrailPublicKeysBetween(store::ReadView& view, int64_t start, int64_t end) {
  auto rows = view.QueryAll(std::string(kKeyColumns) +
                                "WHERE validity_start <= ? AND validity_end >= ? ORDER BY validity_start DESC, fingerprint",
                            {store::Value(end), store::Value(start)});
  if (!rows.ok()) return rows.error();
  std::vector<TrailPublicKey> keys;
  for (const auto& row : *rows) {
    auto key = KeyOf(row);
    if (!key.ok()) return key.error();
    keys.push_back(std::move(key->public_key));
  }
  return keys;
}

core::Result<std::string> UnsealTrailKey(const std::string& master_key, const TrailKey& key) {
  return crypto::Open(master_key, key.sealed_private_key, Associated(key.public_key.fingerprint));
}

}  // namespace bulwark::trail
