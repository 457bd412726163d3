// See png_encode.h. Layout: signature, IHDR, one IDAT holding a zlib stream of stored deflate
// blocks (each row prefixed by filter type 0, "none"), IEND; chunk CRCs and the zlib Adler-32
// are computed here.
#include "png_encode.h"

#include <array>
#include <stdexcept>

namespace jf {
namespace {

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

uint32_t crc32(const std::string& bytes, size_t from) {
  const auto& table = crc_table();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = from; i < bytes.size(); ++i) c = table[(c ^ static_cast<uint8_t>(bytes[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put_u32_be(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// A chunk: length, type, data, CRC over type + data.
void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32_be(out, static_cast<uint32_t>(data.size()));
  size_t crc_from = out.size();
  out.append(type, 4);
  out += data;
  put_u32_be(out, crc32(out, crc_from));
}

// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 3.2.4), at most 65535 bytes each.
std::string zlib_stored(const std::string& raw) {
  std::string z;
  z.push_back(0x78);  // CM 8 (deflate), 32K window
  z.push_back(0x01);  // FLEVEL 0, no dictionary; (0x78 << 8 | 0x01) % 31 == 0
  size_t pos = 0;
  do {
    size_t n = std::min<size_t>(raw.size() - pos, 65535);
    bool last = pos + n == raw.size();
    z.push_back(last ? 1 : 0);  // BFINAL, BTYPE 00
    z.push_back(static_cast<char>(n & 0xFF));
    z.push_back(static_cast<char>(n >> 8));
    z.push_back(static_cast<char>(~n & 0xFF));
    z.push_back(static_cast<char>((~n >> 8) & 0xFF));
    z.append(raw, pos, n);
    pos += n;
  } while (pos < raw.size());
  uint32_t a = 1, b = 0;  // Adler-32 of the uncompressed data
  for (char ch : raw) {
    a = (a + static_cast<uint8_t>(ch)) % 65521;
    b = (b + a) % 65521;
  }
  put_u32_be(z, (b << 16) | a);
  return z;
}

}  // namespace

std::string encode_png(const uint8_t* pixels, int64_t height, int64_t width, int channels) {
  static const int color_type[5] = {-1, 0, 4, 2, 6};  // by channel count
  if (channels < 1 || channels > 4) throw std::invalid_argument("encode_png: channels must be 1 to 4");
  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_u32_be(ihdr, static_cast<uint32_t>(width));
  put_u32_be(ihdr, static_cast<uint32_t>(height));
  ihdr.push_back(8);                                        // bit depth
  ihdr.push_back(static_cast<char>(color_type[channels]));
  ihdr.append(3, '\0');                                     // deflate, adaptive filtering, no interlace
  put_chunk(out, "IHDR", ihdr);
  const size_t row = static_cast<size_t>(width) * channels;
  std::string raw;
  raw.reserve((row + 1) * height);
  for (int64_t y = 0; y < height; ++y) {
    raw.push_back(0);  // filter type: none
    raw.append(reinterpret_cast<const char*>(pixels + y * row), row);
  }
  put_chunk(out, "IDAT", zlib_stored(raw));
  put_chunk(out, "IEND", "");
  return out;
}

}  // namespace jf
