#include "trail/gzip.h"

#include <zlib.h>

#include <algorithm>

namespace bulwark::trail {

namespace {

// 15 window bits + 16: a gzip wrapper instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr std::size_t kChunk = 256 * 1024;

core::Error Corrupt(std::string message) { return core::Error{std::string(kGzipCorrupt), std::move(message)}; }

}  // namespace

core::Result<std::string> GzipCompress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return core::Error{"InternalFailure", "gzip: deflateInit2 failed"};
  }
  // No gz_header: zlib writes mtime 0, no name, OS "unknown"; the output depends on the input only.
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return core::Error{"InternalFailure", "gzip: deflate did not finish"};
  out.resize(produced);
  return out;
}

core::Result<std::string> GzipDecompress(std::string_view gz, std::size_t max_output) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) return core::Error{"InternalFailure", "gzip: inflateInit2 failed"};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    const std::size_t have = out.size();
    if (have >= max_output) {
      inflateEnd(&zs);
      return Corrupt("gzip: decompressed data exceeds " + std::to_string(max_output) + " bytes");
    }
    const std::size_t room = std::min(kChunk, max_output - have);
    out.resize(have + room);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    zs.avail_out = static_cast<uInt>(room);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(have + room - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return core::Error{std::string(kGzipTruncated),
                         "gzip: the stream ends at byte " + std::to_string(gz.size()) + " before its end marker"};
    }
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      const std::size_t at = gz.size() - zs.avail_in;
      const std::string reason = zs.msg != nullptr ? std::string(": ") + zs.msg : std::string();
      inflateEnd(&zs);
      return Corrupt("gzip: damaged data near byte " + std::to_string(at) + reason);
    }
  }
  const std::size_t trailing = zs.avail_in;
  inflateEnd(&zs);
  if (trailing != 0) return Corrupt("gzip: " + std::to_string(trailing) + " unexpected bytes after the stream");
  return out;
}

}  // namespace bulwark::trail
