#include "trail/trail_sealing.h"

#include <algorithm>
#include <optional>

#include "crypto/cleanse.h"
#include "crypto/digest.h"
#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "trail/chain_hash.h"
#include "trail/digest_file.h"
#include "trail/log_file.h"
#include "trail/seal_layout.h"

namespace bulwark::trail {

namespace {

struct LastDigest {
  int64_t seq = 0;
  std::string s3_bucket, s3_object, body, signature;
  int64_t end_time = 0;
  int64_t last_sequence = 0;
  std::string last_hash;
};

struct PendingRecord {
  int64_t seq = 0;
  int64_t event_time = 0;
  std::string record, prev_hash, hash;
};

struct Snapshot {
  std::optional<LastDigest> last;
  std::vector<PendingRecord> records;
  std::optional<TrailKey> key;
};

int64_t IntOr(const store::Row& row, std::size_t column, int64_t fallback) {
  auto v = row.Int64(column);
  return v.ok() ? *v : fallback;
}

core::Error Damaged(const std::string& what) {
  return core::Error{"TrailDamaged", "trail: refusing to seal: " + what};
}

core::Result<Snapshot> ReadSnapshot(store::ReadView& view, std::size_t limit) {
  Snapshot s;
  auto last = view.QueryOne(
      "SELECT seq, s3_bucket, s3_object, body, signature, end_time, last_sequence, last_hash FROM trail_digests "
      "ORDER BY seq DESC LIMIT 1");
  if (!last.ok()) return last.error();
  if (*last) {
    const store::Row& r = **last;
    LastDigest d;
    auto seq = r.Int64(0);
    auto bucket = r.Text(1);
    auto object = r.Text(2);
    auto body = r.Text(3);
    auto sig = r.Text(4);
    auto end = r.Int64(5);
    auto last_seq = r.Int64(6);
    auto last_hash = r.Text(7);
    if (!seq.ok() || !bucket.ok() || !object.ok() || !body.ok() || !sig.ok() || !end.ok() || !last_seq.ok() ||
        !last_hash.ok()) {
      return core::Error{"InternalFailure", "trail: unreadable trail_digests row"};
    }
    d.seq = *seq;
    d.s3_bucket = *bucket;
    d.s3_object = *object;
    d.body = *body;
    d.signature = *sig;
    d.end_time = *end;
    d.last_sequence = *last_seq;
    d.last_hash = *last_hash;
    s.last = std::move(d);
  }
  const int64_t after = s.last ? s.last->last_sequence : 0;
  core::Status st = view.Query(
      "SELECT seq, event_time, record, prev_hash, hash FROM trail_events WHERE seq > ? ORDER BY seq LIMIT ?",
      {store::Value(after), store::Value(static_cast<int64_t>(limit + 1))}, [&](const store::Row& row) {
        PendingRecord p;
        auto seq = row.Int64(0);
        auto time = row.Int64(1);
        auto rec = row.Text(2);
        auto prev = row.Text(3);
        auto hash = row.Text(4);
        if (!seq.ok() || !time.ok() || !rec.ok() || !prev.ok() || !hash.ok()) return false;
        p.seq = *seq;
        p.event_time = *time;
        p.record = *rec;
        p.prev_hash = *prev;
        p.hash = *hash;
        s.records.push_back(std::move(p));
        return true;
      });
  if (!st.ok()) return st.error();
  auto key = CurrentTrailKey(view);
  if (!key.ok()) return key.error();
  s.key = std::move(*key);
  return s;
}

// Every record to seal continues the chain where the last seal left it.
core::Status CheckContinuity(const Snapshot& s) {
  int64_t expected_seq = s.last ? s.last->last_sequence + 1 : 1;
  std::string prev(s.last ? s.last->last_hash : std::string(kGenesisChainHash));
  for (const auto& r : s.records) {
    if (r.seq != expected_seq) {
      return Damaged("records seq " + std::to_string(expected_seq) + ".." + std::to_string(r.seq - 1) + " are missing");
    }
    if (r.prev_hash != prev) return Damaged("seq " + std::to_string(r.seq) + " does not link to its predecessor");
    std::string h = ChainHash(prev, r.record);
    if (h != r.hash) return Damaged("seq " + std::to_string(r.seq) + " does not match its chain hash");
    prev = std::move(h);
    ++expected_seq;
  }
  return {};
}

struct Built {
  DigestFile digest;
  std::string body;
  std::string signature_hex;
  int64_t last_sequence = 0;
  std::string last_hash;
};

core::Result<Built> Build(const Snapshot& s, const std::string& private_key, const SealOptions& o, int64_t now) {
  Built b;
  DigestFile& d = b.digest;
  const int64_t end = s.last ? std::max(now, s.last->end_time + 1) : now;
  int64_t start = end;
  if (s.last) {
    start = s.last->end_time;
  } else {
    for (const auto& r : s.records) start = std::min(start, r.event_time);
  }
  d.aws_account_id = o.account_id;
  d.digest_start_time = IsoTime(start);
  d.digest_end_time = IsoTime(end);
  d.digest_s3_bucket = o.s3_bucket;
  d.digest_s3_object = DigestObjectKey(o.account_id, o.region, o.trail_name, end);
  d.digest_public_key_fingerprint = s.key->public_key.fingerprint;
  if (s.last) {
    d.previous_digest_s3_bucket = s.last->s3_bucket;
    d.previous_digest_s3_object = s.last->s3_object;
    d.previous_digest_hash_value = crypto::Sha256Hex(s.last->body);
    d.previous_digest_hash_algorithm = std::string(kHashAlgorithm);
    d.previous_digest_signature = s.last->signature;
  }
  b.last_sequence = s.last ? s.last->last_sequence : 0;
  b.last_hash = s.last ? s.last->last_hash : std::string(kGenesisChainHash);
  const std::size_t count = std::min(s.records.size(), o.max_records_per_seal);
  int64_t newest = 0, oldest = 0;
  for (std::size_t at = 0; at < count; at += o.max_records_per_file) {
    const std::size_t stop = std::min(count, at + o.max_records_per_file);
    std::vector<std::string_view> texts;
    DigestLogFile f;
    f.first_sequence = s.records[at].seq;
    f.last_sequence = s.records[stop - 1].seq;
    f.previous_hash = b.last_hash;
    f.last_hash = s.records[stop - 1].hash;
    int64_t file_newest = s.records[at].event_time, file_oldest = s.records[at].event_time;
    for (std::size_t i = at; i < stop; ++i) {
      texts.push_back(s.records[i].record);
      file_newest = std::max(file_newest, s.records[i].event_time);
      file_oldest = std::min(file_oldest, s.records[i].event_time);
    }
    f.hash_value = crypto::Sha256Hex(BuildLogFileBody(texts));
    f.newest_event_time = IsoTime(file_newest);
    f.oldest_event_time = IsoTime(file_oldest);
    f.s3_bucket = o.s3_bucket;
    // The chain hash after the file's last record makes the name unique and reproducible.
    f.s3_object = LogFileObjectKey(o.account_id, o.region, end, f.last_hash.substr(0, 16));
    newest = at == 0 ? file_newest : std::max(newest, file_newest);
    oldest = at == 0 ? file_oldest : std::min(oldest, file_oldest);
    b.last_sequence = f.last_sequence;
    b.last_hash = f.last_hash;
    d.log_files.push_back(std::move(f));
  }
  if (count > 0) {
    d.newest_event_time = IsoTime(newest);
    d.oldest_event_time = IsoTime(oldest);
  }
  b.body = SerializeDigest(d);
  auto sig = crypto::SignSha256WithRsa(private_key, DigestSigningString(d, b.body));
  if (!sig.ok()) return sig.error();
  b.signature_hex = crypto::HexEncode(*sig);
  return b;
}

core::Status EnsureCurrentKey(store::Store& store, const std::string& master_key, int64_t now, int64_t validity) {
  auto current = store.Read([](store::ReadView& view) { return CurrentTrailKey(view); });
  if (!current.ok()) return current.error();
  if (*current && (*current)->public_key.validity_end > now) return {};
  auto fresh = NewTrailKey(master_key, now, validity);
  if (!fresh.ok()) return fresh.error();
  return store.Write([&](store::Transaction& txn) -> core::Status {
    // Another rotation may have won the race; keep its key if it is still good.
    auto again = CurrentTrailKey(txn);
    if (!again.ok()) return again.error();
    if (*again && (*again)->public_key.validity_end > now &&
        (!*current || (*again)->public_key.fingerprint != (*current)->public_key.fingerprint)) {
      return {};
    }
    return RotateTrailKey(txn, *fresh, now);
  });
}

}  // namespace

core::Result<SealOutcome> SealTrail(store::Store& store, const std::string& master_key, const SealOptions& options,
                                    int64_t now) {
  if (options.max_records_per_file == 0 || options.max_records_per_seal == 0) {
    return core::Error{"InvalidParameterValue", "trail: seal limits must be positive"};
  }
  core::Status keyed = EnsureCurrentKey(store, master_key, now, options.key_validity_seconds);
  if (!keyed.ok()) return keyed.error();
  auto snapshot = store.Read([&](store::ReadView& view) { return ReadSnapshot(view, options.max_records_per_seal); });
  if (!snapshot.ok()) return snapshot.error();
  if (!snapshot->key) return core::Error{"InternalFailure", "trail: no current key"};
  const bool more = snapshot->records.size() > options.max_records_per_seal;
  if (more) snapshot->records.resize(options.max_records_per_seal);
  core::Status continuous = CheckContinuity(*snapshot);
  if (!continuous.ok()) return continuous.error();

  auto private_key = UnsealTrailKey(master_key, *snapshot->key);
  if (!private_key.ok()) return core::Error{"InternalFailure", "trail: the trail key does not unseal under the master key"};
  auto built = Build(*snapshot, *private_key, options, now);
  crypto::Cleanse(*private_key);
  if (!built.ok()) return built.error();

  const int64_t seq = snapshot->last ? snapshot->last->seq + 1 : 1;
  const std::string fingerprint = snapshot->key->public_key.fingerprint;
  const int64_t end = *ParseIsoTime(built->digest.digest_end_time);
  core::Status written = store.Write([&](store::Transaction& txn) -> core::Status {
    // Still the newest digest and the current key? Otherwise another seal or a rotation came first.
    auto newest = txn.QueryOne("SELECT seq FROM trail_digests ORDER BY seq DESC LIMIT 1");
    if (!newest.ok()) return newest.error();
    const int64_t newest_seq = *newest ? IntOr(**newest, 0, -1) : 0;
    auto key = txn.QueryOne("SELECT retired, validity_end FROM trail_keys WHERE fingerprint = ?", {store::Value(fingerprint)});
    if (!key.ok()) return key.error();
    if (newest_seq != seq - 1 || !*key || IntOr(**key, 0, 1) != 0 || IntOr(**key, 1, 0) < end) {
      return core::Error{std::string(store::kErrorConflict), "trail: another seal or a key rotation came first"};
    }
    auto inserted = txn.Execute(
        "INSERT INTO trail_digests (seq, s3_bucket, s3_object, end_time, body, signature, fingerprint, last_sequence, "
        "last_hash) VALUES (?,?,?,?,?,?,?,?,?)",
        {store::Value(seq), store::Value(options.s3_bucket), store::Value(built->digest.digest_s3_object),
         store::Value(end), store::Value(built->body), store::Value(built->signature_hex), store::Value(fingerprint),
         store::Value(built->last_sequence), store::Value(built->last_hash)});
    return inserted.status();
  });
  if (!written.ok()) return written.error();
  SealOutcome out;
  out.digest_s3_object = built->digest.digest_s3_object;
  out.digest_end = end;
  out.records = static_cast<int64_t>(snapshot->records.size());
  out.log_files = static_cast<int64_t>(built->digest.log_files.size());
  out.more_pending = more;
  return out;
}

core::Result<std::string> RotateTrailKeyNow(store::Store& store, const std::string& master_key, int64_t now,
                                            int64_t validity_seconds) {
  auto fresh = NewTrailKey(master_key, now, validity_seconds);
  if (!fresh.ok()) return fresh.error();
  core::Status st = store.Write([&](store::Transaction& txn) { return RotateTrailKey(txn, *fresh, now); });
  if (!st.ok()) return st.error();
  return fresh->public_key.fingerprint;
}

}  // namespace bulwark::trail
