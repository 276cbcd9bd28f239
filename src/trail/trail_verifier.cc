#include "trail/trail_verifier.h"

#include <algorithm>
#include <atomic>
#include <boost/json/basic_parser_impl.hpp>
#include <map>
#include <set>
#include <thread>

#include "crypto/digest.h"
#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "trail/chain_hash.h"
#include "trail/digest_file.h"
#include "trail/log_file.h"
#include "trail/seal_layout.h"

namespace bulwark::trail {

namespace {

// At most this many record-level findings per damaged log file: the first ones locate the damage.
constexpr int kMaxRecordFindingsPerFile = 20;

struct ParsedDigest {
  const DigestArtifact* artifact = nullptr;
  DigestFile digest;
  std::string body_hash;
  std::optional<std::string> signature_hex;  // resolved
};

std::string Range(int64_t first, int64_t last) {
  return first == last ? "seq " + std::to_string(first) : "seq " + std::to_string(first) + ".." + std::to_string(last);
}

std::string EventIdOf(std::string_view record) {
  static constexpr std::string_view kKey = "\"eventID\":\"";
  auto at = record.find(kKey);
  if (at == std::string_view::npos) return "?";
  auto start = at + kKey.size();
  auto end = record.find('"', start);
  if (end == std::string_view::npos || end - start > 64) return "?";
  return std::string(record.substr(start, end - start));
}

// Validation only: Boost.JSON's parser checks the grammar and UTF-8 (allow_invalid_utf8 is off by
// default) and this handler keeps nothing, so a record costs no allocation.
struct JsonValidator {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  int depth = 0;
  bool object_at_top = false;
  bool on_document_begin(boost::json::error_code&) { return true; }
  bool on_document_end(boost::json::error_code&) { return true; }
  bool on_array_begin(boost::json::error_code&) { return ++depth > 0; }
  bool on_array_end(std::size_t, boost::json::error_code&) { return --depth >= 0; }
  bool on_object_begin(boost::json::error_code&) {
    if (depth++ == 0) object_at_top = true;
    return true;
  }
  bool on_object_end(std::size_t, boost::json::error_code&) { return --depth >= 0; }
  bool on_string_part(boost::json::string_view, std::size_t, boost::json::error_code&) { return true; }
  bool on_string(boost::json::string_view, std::size_t, boost::json::error_code&) { return true; }
  bool on_key_part(boost::json::string_view, std::size_t, boost::json::error_code&) { return true; }
  bool on_key(boost::json::string_view, std::size_t, boost::json::error_code&) { return true; }
  bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_int64(int64_t, boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_uint64(uint64_t, boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_double(double, boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_bool(bool, boost::json::error_code&) { return true; }
  bool on_null(boost::json::error_code&) { return true; }
  bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }
};

// What checking one log file found; files are checked in parallel and merged in digest order.
struct FileResult {
  std::vector<Finding> findings;
  uint64_t bytes = 0;
  int64_t records = 0;
  bool valid = false;
  void Add(const char* kind, std::string where, std::string detail) {
    findings.push_back(Finding{kind, std::move(where), std::move(detail)});
  }
};

class Verifier {
 public:
  explicit Verifier(const VerifyInput& input) : in_(input) {
    for (const auto& k : input.public_keys) keys_[k.fingerprint] = &k;
    pins_.insert(input.pinned_fingerprints.begin(), input.pinned_fingerprints.end());
  }

  VerifyReport Run() {
    ParseDigests();
    CheckDigestChain();
    CheckSignatures();
    CheckLogFiles();
    CheckUnreferenced();
    return std::move(report_);
  }

 private:
  void Add(const char* kind, std::string where, std::string detail) {
    report_.findings.push_back(Finding{kind, std::move(where), std::move(detail)});
  }

  void ParseDigests() {
    for (const auto& a : in_.digests) {
      known_objects_.insert(a.s3_object);
      if (!a.body) {
        // A signature file whose digest is gone, or a digest that cannot be read.
        Add(a.error.find("missing") != std::string::npos ? finding::kDigestMissing : finding::kDigestUnreadable,
            a.s3_object, a.error);
        continue;
      }
      auto parsed = ParseDigest(*a.body);
      if (!parsed.ok()) {
        Add(finding::kDigestUnreadable, a.s3_object, parsed.error().message);
        continue;
      }
      if (parsed->digest_s3_object != a.s3_object) {
        Add(finding::kDigestMoved, a.s3_object, "the digest says it belongs at " + parsed->digest_s3_object);
      }
      if (!ParseIsoTime(parsed->digest_end_time)) {
        Add(finding::kDigestUnreadable, a.s3_object, "digestEndTime is not a UTC time: " + parsed->digest_end_time);
        continue;
      }
      digests_.push_back(ParsedDigest{&a, std::move(*parsed), crypto::Sha256Hex(*a.body), std::nullopt});
    }
    std::sort(digests_.begin(), digests_.end(), [](const ParsedDigest& x, const ParsedDigest& y) {
      if (x.digest.digest_end_time != y.digest.digest_end_time) {
        return x.digest.digest_end_time < y.digest.digest_end_time;
      }
      return x.artifact->s3_object < y.artifact->s3_object;
    });
    if (!digests_.empty()) report_.newest_digest = digests_.back().artifact->s3_object;
  }

  void CheckDigestChain() {
    for (std::size_t i = 0; i < digests_.size(); ++i) {
      const DigestFile& d = digests_[i].digest;
      const std::string& where = digests_[i].artifact->s3_object;
      if (i == 0) {
        if (d.previous_digest_s3_object) {
          Add(finding::kDigestMissing, *d.previous_digest_s3_object,
              "the oldest digest present, " + where + ", links to this earlier digest, which is missing");
        }
        continue;
      }
      const ParsedDigest& prev = digests_[i - 1];
      if (!d.previous_digest_s3_object) {
        Add(finding::kDigestChainBroken, where, "a second starting digest: it does not link to " + prev.artifact->s3_object);
        continue;
      }
      if (*d.previous_digest_s3_object != prev.artifact->s3_object) {
        const bool exists = known_objects_.count(*d.previous_digest_s3_object) != 0;
        Add(exists ? finding::kDigestChainBroken : finding::kDigestMissing, *d.previous_digest_s3_object,
            exists ? where + " links to this digest, but the digest before it is " + prev.artifact->s3_object
                   : "referenced by " + where + " as its previous digest, but missing");
        continue;
      }
      if (d.previous_digest_hash_value.value_or("") != prev.body_hash) {
        Add(finding::kDigestChainBroken, prev.artifact->s3_object,
            "its SHA-256 is " + prev.body_hash + " but the next digest recorded " + d.previous_digest_hash_value.value_or("null"));
      }
    }
  }

  void CheckSignatures() {
    for (std::size_t i = 0; i < digests_.size(); ++i) {
      ParsedDigest& p = digests_[i];
      const std::string& where = p.artifact->s3_object;
      std::optional<std::string> from_next;
      if (i + 1 < digests_.size() && digests_[i + 1].digest.previous_digest_s3_object == where) {
        from_next = digests_[i + 1].digest.previous_digest_signature;
      }
      const auto& own = p.artifact->signature_hex;
      if (own && from_next && *own != *from_next) {
        Add(finding::kDigestSignatureConflict, where,
            "the signature kept beside the digest differs from previousDigestSignature of the next digest");
      }
      std::vector<std::string> candidates;
      if (own) candidates.push_back(*own);
      if (from_next && (!own || *own != *from_next)) candidates.push_back(*from_next);
      if (candidates.empty()) {
        Add(finding::kDigestSignatureMissing, where, "no signature beside the digest and no later digest records it");
        continue;
      }
      const DigestFile& d = p.digest;
      auto key = keys_.find(d.digest_public_key_fingerprint);
      if (key == keys_.end()) {
        Add(finding::kUnknownKey, where, "signed with key " + d.digest_public_key_fingerprint + ", not among the public keys");
        continue;
      }
      if (!pins_.empty() && pins_.count(d.digest_public_key_fingerprint) == 0) {
        Add(finding::kUnpinnedKey, where, "signed with key " + d.digest_public_key_fingerprint + ", which is not pinned");
      }
      const int64_t end = *ParseIsoTime(d.digest_end_time);
      if (end < key->second->validity_start || end > key->second->validity_end) {
        Add(finding::kKeyNotValid, where,
            "digestEndTime " + d.digest_end_time + " is outside the validity of key " + d.digest_public_key_fingerprint +
                " (" + IsoTime(key->second->validity_start) + " to " + IsoTime(key->second->validity_end) + ")");
      }
      if (d.digest_signature_algorithm != kSignatureAlgorithm) {
        Add(finding::kDigestSignatureInvalid, where, "unknown signature algorithm " + d.digest_signature_algorithm);
        continue;
      }
      const std::string to_sign = DigestSigningString(d, *p.artifact->body);
      for (const auto& hex : candidates) {
        auto sig = crypto::HexDecode(hex);
        bool valid = false;
        if (sig.ok()) {
          auto verified = crypto::VerifySha256WithRsa(key->second->der, to_sign, *sig);
          valid = verified.ok() && *verified;
        }
        if (valid) {
          p.signature_hex = hex;
        } else {
          Add(finding::kDigestSignatureInvalid, where,
              std::string("the ") + (own && hex == *own ? "signature beside the digest" : "signature recorded by the next digest") +
                  " does not verify: the digest was changed or forged");
        }
      }
      if (p.signature_hex) ++report_.digests_valid;
    }
  }

  void CheckLogFiles() {
    std::vector<const DigestLogFile*> files;
    int64_t next_seq = 1;
    std::string prev_hash(kGenesisChainHash);
    for (const ParsedDigest& p : digests_) {
      for (const DigestLogFile& f : p.digest.log_files) {
        referenced_.insert(f.s3_object);
        if (f.previous_hash.empty()) {
          Add(finding::kDigestUnreadable, p.artifact->s3_object, "log file " + f.s3_object + " has no Bulwark chain fields");
          continue;
        }
        if (f.first_sequence > f.last_sequence || f.last_sequence - f.first_sequence >= 10'000'000) {
          Add(finding::kDigestUnreadable, p.artifact->s3_object, "log file " + f.s3_object + " has an impossible sequence range");
          continue;
        }
        if (f.first_sequence > next_seq) {
          Add(finding::kSequenceGap, Range(next_seq, f.first_sequence - 1),
              "these records are in no log file (a log file or digest before " + f.s3_object + " is missing)");
        } else if (f.first_sequence < next_seq) {
          Add(finding::kSequenceGap, Range(f.first_sequence, next_seq - 1), f.s3_object + " repeats records sealed before");
        } else if (f.previous_hash != prev_hash) {
          Add(finding::kChainMismatch, f.s3_object, "bulwarkPreviousHash does not continue the previous log file's chain");
        }
        files.push_back(&f);
        next_seq = f.last_sequence + 1;
        prev_hash = f.last_hash;
      }
    }
    report_.last_sequence = next_seq - 1;
    report_.last_hash = prev_hash;

    // Each file is hashed and its chain recomputed independently, so files are spread over threads.
    std::vector<FileResult> results(files.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t i = next++; i < files.size(); i = next++) CheckLogFile(*files[i], results[i]);
    };
    const unsigned threads = std::max(1u, std::min<unsigned>(in_.threads, static_cast<unsigned>(files.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    for (auto& r : results) {
      for (auto& f : r.findings) report_.findings.push_back(std::move(f));
      report_.log_bytes += r.bytes;
      report_.records_valid += r.records;
      if (r.valid) ++report_.log_files_valid;
    }
  }

  void CheckLogFile(const DigestLogFile& f, FileResult& out) const {
    const std::string where = f.s3_object;
    const std::string records = Range(f.first_sequence, f.last_sequence);
    LogArtifact log = in_.load_log ? in_.load_log(f.s3_object) : LogArtifact{};
    switch (log.state) {
      case LogArtifact::State::kMissing:
        out.Add(finding::kLogFileMissing, where, "missing; it held records " + records);
        return;
      case LogArtifact::State::kTruncated:
        out.Add(finding::kLogFileTruncated, where, log.error + "; it held records " + records);
        return;
      case LogArtifact::State::kCorrupt:
        out.Add(finding::kLogFileCorrupt, where, log.error + "; it held records " + records);
        return;
      case LogArtifact::State::kPresent:
        break;
    }
    out.bytes += log.body.size();
    const std::string hash = crypto::Sha256Hex(log.body);
    auto spans = SplitLogFileBody(log.body);
    if (hash != f.hash_value) {
      out.Add(finding::kLogFileHashMismatch, where, "SHA-256 " + hash + ", signed " + f.hash_value + " (records " + records + ")");
      if (!spans.ok()) {
        out.Add(finding::kLogFileCorrupt, where, spans.error().message);
        return;
      }
      Locate(f, log, *spans, out);
      return;
    }
    // The file is as signed; its records must also recompute the signed chain end.
    const int64_t expected = f.last_sequence - f.first_sequence + 1;
    if (!spans.ok() || static_cast<int64_t>(spans->size()) != expected) {
      out.Add(finding::kChainMismatch, where, "the signed file does not hold the " + std::to_string(expected) + " records its digest lists");
      return;
    }
    std::string h = f.previous_hash;
    for (const auto& s : *spans) h = ChainHash(h, std::string_view(log.body).substr(s.offset, s.size));
    if (h != f.last_hash) {
      out.Add(finding::kChainMismatch, where, "its records do not recompute bulwarkLastHash");
      return;
    }
    // As signed, yet each record must still be a JSON object a CloudTrail reader can parse.
    int not_json = 0;
    for (std::size_t i = 0; i < spans->size(); ++i) {
      const std::string_view text = std::string_view(log.body).substr((*spans)[i].offset, (*spans)[i].size);
      if (auto error = RecordJsonError(text)) {
        if (++not_json <= kMaxRecordFindingsPerFile) {
          out.Add(finding::kRecordNotJson,
                  where + " " +
                      Range(f.first_sequence + static_cast<int64_t>(i),
                            f.first_sequence + static_cast<int64_t>(i)),
                  "the record at byte " + std::to_string((*spans)[i].offset) +
                      " of the uncompressed file is not a valid JSON object: " + *error);
        }
      }
    }
    if (not_json > 0) return;
    out.records += expected;
    out.valid = true;
  }

  // The file differs from what was sealed: name the records that differ.
  void Locate(const DigestLogFile& f, const LogArtifact& log, const std::vector<RecordSpan>& spans,
              FileResult& out) const {
    const std::string_view body(log.body);
    auto record = [&](std::size_t i) { return body.substr(spans[i].offset, spans[i].size); };
    const std::size_t n = static_cast<std::size_t>(f.last_sequence - f.first_sequence + 1);
    const auto& refs = log.reference_hashes;
    auto seq = [&](std::size_t j) { return "seq " + std::to_string(f.first_sequence + static_cast<int64_t>(j)); };
    if (refs.size() != n) {
      if (spans.size() < n) {
        out.Add(finding::kRecordDeleted, f.s3_object, std::to_string(n - spans.size()) + " of records " +
                                                       Range(f.first_sequence, f.last_sequence) + " are missing");
      } else if (spans.size() > n) {
        out.Add(finding::kRecordInserted, f.s3_object, std::to_string(spans.size() - n) + " records were added");
      } else {
        out.Add(finding::kRecordUnlocated, f.s3_object, "records changed or reordered; no chain file to say which");
      }
      return;
    }
    auto prev_ref = [&](std::size_t j) -> std::string_view { return j == 0 ? std::string_view(f.previous_hash) : refs[j - 1]; };
    int reported = 0;
    std::size_t i = 0, j = 0;
    while ((i < spans.size() || j < n) && reported < kMaxRecordFindingsPerFile) {
      if (j >= n) {
        out.Add(finding::kRecordInserted, f.s3_object + " " + seq(n - 1),
            std::to_string(spans.size() - i) + " records after the last sealed one were added");
        ++reported;
        break;
      }
      if (i >= spans.size()) {
        out.Add(finding::kRecordDeleted, f.s3_object + " " + Range(f.first_sequence + static_cast<int64_t>(j), f.last_sequence),
            "missing from the end of the file (truncated tail)");
        ++reported;
        break;
      }
      if (ChainHash(prev_ref(j), record(i)) == refs[j]) {
        ++i, ++j;
        continue;
      }
      ++reported;
      // Record i belongs after the next reference: record seq j was deleted.
      if (j + 1 < n && ChainHash(refs[j], record(i)) == refs[j + 1]) {
        out.Add(finding::kRecordDeleted, f.s3_object + " " + seq(j), "this record was deleted from the file");
        ++j;
        continue;
      }
      // The next record fits here: record i was inserted.
      if (i + 1 < spans.size() && ChainHash(prev_ref(j), record(i + 1)) == refs[j]) {
        out.Add(finding::kRecordInserted, f.s3_object + " " + seq(j),
            "a record that was never sealed (eventID " + EventIdOf(record(i)) + ") was inserted before this one");
        ++i;
        continue;
      }
      // Record i belongs elsewhere: reordered.
      std::optional<std::size_t> home;
      for (std::size_t k = 0; k < n && !home; ++k) {
        if (k != j && ChainHash(prev_ref(k), record(i)) == refs[k]) home = k;
      }
      if (home) {
        out.Add(finding::kRecordsReordered, f.s3_object + " " + seq(*home),
            "record " + seq(*home) + " (eventID " + EventIdOf(record(i)) + ") was moved to position " +
                std::to_string(j + 1) + " of the file, where " + seq(j) + " belongs");
        ++i, ++j;
        continue;
      }
      out.Add(finding::kRecordChanged, f.s3_object + " " + seq(j),
          "record (eventID " + EventIdOf(record(i)) + ") at byte " + std::to_string(spans[i].offset) +
              " of the uncompressed file differs from what was sealed");
      ++i, ++j;
    }
  }

  void CheckUnreferenced() {
    for (const auto& o : in_.present_log_objects) {
      if (!referenced_.count(o)) Add(finding::kLogFileUnreferenced, o, "listed by no digest (added, or its digest is missing)");
    }
  }

  const VerifyInput& in_;
  VerifyReport report_;
  std::map<std::string, const TrailPublicKey*> keys_;
  std::set<std::string> pins_;
  std::set<std::string> known_objects_;
  std::set<std::string> referenced_;
  std::vector<ParsedDigest> digests_;
};

}  // namespace

VerifyReport VerifyTrail(const VerifyInput& input) { return Verifier(input).Run(); }

std::optional<std::string> RecordJsonError(std::string_view record, std::size_t max_depth) {
  boost::json::parse_options options;
  options.max_depth = max_depth;  // Comments, trailing commas and invalid UTF-8 stay refused (the defaults).
  boost::json::basic_parser<JsonValidator> parser(options);
  boost::json::error_code ec;
  const std::size_t used = parser.write_some(false, record.data(), record.size(), ec);
  if (ec) return ec.message() + " at byte " + std::to_string(used) + " of the record";
  if (used != record.size())
    return "text after the JSON value at byte " + std::to_string(used) + " of the record";
  if (!parser.handler().object_at_top) return std::string("the record is not a JSON object");
  return std::nullopt;
}

}  // namespace bulwark::trail
