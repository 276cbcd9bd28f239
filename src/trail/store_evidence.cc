#include "trail/store_evidence.h"

#include <map>

#include "trail/chain_hash.h"
#include "trail/log_file.h"

namespace bulwark::trail {

namespace {

std::string SeqRange(int64_t first, int64_t last) {
  return first == last ? "seq " + std::to_string(first) : "seq " + std::to_string(first) + ".." + std::to_string(last);
}

}  // namespace

void StoredChainChecker::Add(int64_t seq, std::string_view record, std::string_view prev_hash, std::string_view hash) {
  const bool gap = seq != last_seq_ + 1;
  if (gap) {
    findings_.push_back(Finding{finding::kRecordDeleted, SeqRange(last_seq_ + 1, seq - 1),
                                "missing from trail_events (deleted rows)"});
  }
  if (ChainHash(prev_hash, record) != hash) {
    findings_.push_back(Finding{finding::kRecordChanged, "seq " + std::to_string(seq),
                                "the stored record does not match its chain hash (its content was changed)"});
  }
  // Rows not sealed yet are checked like sealed log files: one JSON object of valid UTF-8.
  if (auto problem = RecordJsonError(record)) {
    findings_.push_back(Finding{finding::kRecordNotJson, "seq " + std::to_string(seq), *problem});
  }
  if (!gap && prev_hash != last_hash_) broken_links_.emplace_back(seq, std::string(prev_hash));
  last_seq_ = seq;
  last_hash_ = std::string(hash);
}

std::vector<Finding> StoredChainChecker::Finish(const std::function<int64_t(const std::string&)>& lookup) {
  for (const auto& [seq, prev] : broken_links_) {
    const int64_t follows = lookup(prev);
    if (follows != 0) {
      findings_.push_back(Finding{finding::kRecordsReordered, "seq " + std::to_string(seq),
                                  "this record was chained after seq " + std::to_string(follows) + ", not after seq " +
                                      std::to_string(seq - 1)});
    } else {
      findings_.push_back(Finding{finding::kChainMismatch, "seq " + std::to_string(seq),
                                  "prev_hash links to no stored record"});
    }
  }
  return std::move(findings_);
}

core::Result<std::vector<StoredDigest>> LoadStoredDigests(store::ReadView& view) {
  std::vector<StoredDigest> out;
  core::Status st = view.Query("SELECT s3_object, body, signature FROM trail_digests ORDER BY seq", {},
                               [&](const store::Row& row) {
                                 auto o = row.Text(0);
                                 auto b = row.Text(1);
                                 auto s = row.Text(2);
                                 if (!o.ok() || !b.ok() || !s.ok()) return false;
                                 out.push_back(StoredDigest{std::string(*o), std::string(*b), std::string(*s), {}});
                                 return true;
                               });
  if (!st.ok()) return st.error();
  for (auto& d : out) {
    auto parsed = ParseDigest(d.body);
    if (parsed.ok()) d.digest = std::move(*parsed);  // An unparsable body is the verifier's finding.
  }
  return out;
}

core::Result<LogArtifact> RebuildLogFile(store::ReadView& view, int64_t first_sequence, int64_t last_sequence) {
  LogArtifact log;
  std::vector<std::string> texts;
  core::Status st = view.Query("SELECT record, hash FROM trail_events WHERE seq >= ? AND seq <= ? ORDER BY seq",
                               {store::Value(first_sequence), store::Value(last_sequence)}, [&](const store::Row& row) {
                                 auto r = row.Text(0);
                                 auto h = row.Text(1);
                                 if (!r.ok() || !h.ok()) return false;
                                 texts.emplace_back(*r);
                                 log.reference_hashes.emplace_back(*h);
                                 return true;
                               });
  if (!st.ok()) return st.error();
  std::vector<std::string_view> views(texts.begin(), texts.end());
  log.body = BuildLogFileBody(views);
  log.state = LogArtifact::State::kPresent;
  return log;
}

core::Result<std::vector<TrailPublicKey>> AllTrailPublicKeys(store::ReadView& view) {
  auto rows = view.QueryAll("SELECT fingerprint, public_key, validity_start, validity_end FROM trail_keys ORDER BY validity_start");
  if (!rows.ok()) return rows.error();
  std::vector<TrailPublicKey> keys;
  for (const auto& row : *rows) {
    auto fp = row.Text(0);
    auto der = row.BlobString(1);
    auto start = row.Int64(2);
    auto end = row.Int64(3);
    if (!fp.ok() || !der.ok() || !start.ok() || !end.ok()) return core::Error{"InternalFailure", "trail: unreadable trail_keys row"};
    keys.push_back(TrailPublicKey{std::string(*fp), std::move(*der), *start, *end});
  }
  return keys;
}

core::Result<VerifyReport> VerifyStoredTrail(store::ReadView& view, const std::vector<std::string>& pinned_fingerprints) {
  auto digests = LoadStoredDigests(view);
  if (!digests.ok()) return digests.error();
  auto keys = AllTrailPublicKeys(view);
  if (!keys.ok()) return keys.error();
  VerifyInput input;
  std::map<std::string, std::pair<int64_t, int64_t>> ranges;
  for (const auto& d : *digests) {
    input.digests.push_back(DigestArtifact{d.s3_object, d.body, "", d.signature_hex});
    for (const auto& f : d.digest.log_files) ranges[f.s3_object] = {f.first_sequence, f.last_sequence};
  }
  input.public_keys = std::move(*keys);
  input.pinned_fingerprints = pinned_fingerprints;
  std::optional<core::Error> failure;
  input.load_log = [&](const std::string& object) {
    auto it = ranges.find(object);
    if (it == ranges.end()) return LogArtifact{};
    auto log = RebuildLogFile(view, it->second.first, it->second.second);
    if (!log.ok()) {
      failure = log.error();
      return LogArtifact{};
    }
    return std::move(*log);
  };
  VerifyReport report = VerifyTrail(input);
  if (failure) return *failure;

  // Every row on its own, sealed or not.
  StoredChainChecker checker;
  core::Status st = view.Query("SELECT seq, record, prev_hash, hash FROM trail_events ORDER BY seq", {},
                               [&](const store::Row& row) {
                                 auto seq = row.Int64(0);
                                 auto r = row.Text(1);
                                 auto p = row.Text(2);
                                 auto h = row.Text(3);
                                 if (!seq.ok() || !r.ok() || !p.ok() || !h.ok()) return false;
                                 checker.Add(*seq, *r, *p, *h);
                                 return true;
                               });
  if (!st.ok()) return st.error();
  auto row_findings = checker.Finish([&](const std::string& hash) -> int64_t {
    auto row = view.QueryOne("SELECT seq FROM trail_events WHERE hash = ? ORDER BY seq LIMIT 1", {store::Value(hash)});
    if (!row.ok() || !*row) return 0;
    auto seq = (*row)->Int64(0);
    return seq.ok() ? *seq : 0;
  });
  if (checker.last_sequence() < report.last_sequence) {
    row_findings.push_back(Finding{finding::kRecordDeleted, SeqRange(checker.last_sequence() + 1, report.last_sequence),
                                   "sealed records missing from the end of trail_events (truncated tail)"});
  }
  report.unsealed_records = std::max<int64_t>(0, checker.last_sequence() - report.last_sequence);
  for (auto& f : row_findings) report.findings.push_back(std::move(f));
  return report;
}

}  // namespace bulwark::trail
