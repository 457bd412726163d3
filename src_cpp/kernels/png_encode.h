// A PNG encoder for summary images, without zlib: the image data goes into deflate "stored"
// (uncompressed) blocks, which every PNG reader accepts (RFC 1950/1951, PNG spec section 10).
// The file is larger than zlib's but exact, and image summaries are small.
#pragma once
#include <cstdint>
#include <string>

namespace jf {

// 8-bit pixels, rows top to bottom, `channels` interleaved: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
std::string encode_png(const uint8_t* pixels, int64_t height, int64_t width, int channels);

}  // namespace jf
