#include "iam/mfa_qr_code.h"

#include <qrencode.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace bulwark::iam {
namespace {

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

void AppendUint32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

// One PNG chunk: length, type, data, CRC-32 over type and data (PNG specification section 5.3).
void AppendChunk(std::string& png, std::string_view type, const std::string& data) {
  AppendUint32(png, static_cast<uint32_t>(data.size()));
  const std::string body = std::string(type) + data;
  png += body;
  AppendUint32(png, static_cast<uint32_t>(
                        crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string OtpAuthUri(std::string_view device_name, std::string_view account_name, std::string_view base32_seed) {
  return "otpauth://totp/" + PercentEncode(device_name) + "@" + PercentEncode(account_name) +
         "?secret=" + std::string(base32_seed);
}

core::Result<std::string> QrCodePng(std::string_view text) {
  if (text.size() > kMaxQrCodeText) return core::Error{"InvalidParameterValue", "The QR code text is too long."};
  const std::string terminated(text);
  std::unique_ptr<QRcode, QrCodeDeleter> code(QRcode_encodeString8bit(terminated.c_str(), 0, QR_ECLEVEL_M));
  if (!code) return core::Error{"InternalFailure", "The QR code could not be encoded."};
  const int modules = code->width + 2 * kQrQuietZoneModules;
  const int pixels = modules * kQrPixelsPerModule;
  const std::size_t row_bytes = static_cast<std::size_t>((pixels + 7) / 8);
  // Raw scanlines: a filter byte (0, none) then 1-bit pixels, most significant bit first; 1 is white.
  std::string raw;
  raw.reserve((row_bytes + 1) * static_cast<std::size_t>(pixels));
  for (int y = 0; y < pixels; ++y) {
    raw.push_back('\0');
    std::vector<uint8_t> row(row_bytes, 0);
    const int my = y / kQrPixelsPerModule - kQrQuietZoneModules;
    for (int x = 0; x < pixels; ++x) {
      const int mx = x / kQrPixelsPerModule - kQrQuietZoneModules;
      const bool inside = mx >= 0 && my >= 0 && mx < code->width && my < code->width;
      // libqrencode: bit 0 of each module byte is set for a dark module.
      const bool dark = inside && (code->data[my * code->width + mx] & 1) != 0;
      if (!dark) row[static_cast<std::size_t>(x / 8)] |= static_cast<uint8_t>(0x80 >> (x % 8));
    }
    raw.append(reinterpret_cast<const char*>(row.data()), row.size());
  }
  uLongf compressed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(compressed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION) != Z_OK) {
    return core::Error{"InternalFailure", "The QR code image could not be compressed."};
  }
  compressed.resize(compressed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  AppendUint32(header, static_cast<uint32_t>(pixels));
  AppendUint32(header, static_cast<uint32_t>(pixels));
  header += std::string("\x01\x00\x00\x00\x00", 5);  // Bit depth 1, grayscale, deflate, filter 0, no interlace.
  AppendChunk(png, "IHDR", header);
  AppendChunk(png, "IDAT", compressed);
  AppendChunk(png, "IEND", "");
  return png;
}

}  // namespace bulwark::iam
