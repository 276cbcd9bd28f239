#include "iam/mfa_qr_code.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

namespace bulwark::iam {
namespace {

// Helper verbs over the PNG bytes.
uint32_t ReadUint32(const std::string& s, std::size_t at) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(s[at])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[at + 2])) << 8) | static_cast<uint8_t>(s[at + 3]);
}

struct Chunk {
  std::string type;
  std::string data;
  bool crc_ok = false;
};

std::vector<Chunk> Chunks(const std::string& png) {
  std::vector<Chunk> out;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = ReadUint32(png, at);
    Chunk c;
    c.type = png.substr(at + 4, 4);
    c.data = png.substr(at + 8, length);
    const std::string body = png.substr(at + 4, 4 + length);
    c.crc_ok = ReadUint32(png, at + 8 + length) ==
               crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    out.push_back(c);
    at += 12 + length;
  }
  return out;
}

// The pixel at (x, y): true when dark.
bool Dark(const std::string& raw, uint32_t width, uint32_t x, uint32_t y) {
  const std::size_t row_bytes = (width + 7) / 8;
  const auto byte = static_cast<uint8_t>(raw[y * (row_bytes + 1) + 1 + x / 8]);
  return (byte & (0x80 >> (x % 8))) == 0;
}

TEST(MfaQrCode, UriIsAwsShape) {
  EXPECT_EQ(OtpAuthUri("phone", "123456789012", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/phone@123456789012?secret=JBSWY3DPEHPK3PXP");
  EXPECT_EQ(OtpAuthUri("a b", "x@y", "S"), "otpauth://totp/a%20b@x%40y?secret=S");
}

TEST(MfaQrCode, PngIsWellFormedWithQuietZoneAndFinderPattern) {
  auto png = QrCodePng(OtpAuthUri("phone", "123456789012", std::string(64, 'A')));
  ASSERT_TRUE(png.ok());
  ASSERT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto chunks = Chunks(*png);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].type, "IHDR");
  EXPECT_EQ(chunks[1].type, "IDAT");
  EXPECT_EQ(chunks[2].type, "IEND");
  for (const auto& c : chunks) EXPECT_TRUE(c.crc_ok) << c.type;
  const uint32_t width = ReadUint32(chunks[0].data, 0);
  EXPECT_EQ(width, ReadUint32(chunks[0].data, 4));
  EXPECT_EQ(width % kQrPixelsPerModule, 0u);
  // QR versions have 21 + 4k modules; with the quiet zone on both sides.
  const uint32_t modules = width / kQrPixelsPerModule - 2 * kQrQuietZoneModules;
  EXPECT_EQ((modules - 21) % 4, 0u);

  std::string raw(((width + 7) / 8 + 1) * width, '\0');
  uLongf raw_size = raw.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                       reinterpret_cast<const Bytef*>(chunks[1].data.data()), chunks[1].data.size()),
            Z_OK);
  ASSERT_EQ(raw_size, raw.size());
  const uint32_t q = kQrQuietZoneModules * kQrPixelsPerModule;
  EXPECT_FALSE(Dark(raw, width, 0, 0));          // Quiet zone.
  EXPECT_FALSE(Dark(raw, width, q - 1, q - 1));  // Still quiet zone.
  EXPECT_TRUE(Dark(raw, width, q, q));           // Top-left finder pattern's outer ring.
  EXPECT_FALSE(Dark(raw, width, q + kQrPixelsPerModule, q + kQrPixelsPerModule));  // Its white ring.
  EXPECT_TRUE(Dark(raw, width, q + 3 * kQrPixelsPerModule, q + 3 * kQrPixelsPerModule));  // Its centre.
}

TEST(MfaQrCode, RefusesOverlongText) {
  EXPECT_FALSE(QrCodePng(std::string(kMaxQrCodeText + 1, 'a')).ok());
}

}  // namespace
}  // namespace bulwark::iam
