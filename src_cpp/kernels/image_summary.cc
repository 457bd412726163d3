// ImageSummary (tf.summary.image): up to max_images images of a [batch, height, width, channels]
// tensor, each PNG-encoded into a Summary.Value.image. uint8 pixels are written as they are; float
// images are scaled one image at a time as TF1's kernel does: all values >= 0 scale so the largest
// is 255; with a negative value, 0 maps to 128 and the largest magnitude to 127 away from it. A
// pixel with a non-finite channel is painted bad_color (opaque red).
#include <cmath>
#include <limits>

#include "dtype_types.h"
#include "elementwise.h"
#include "png_encode.h"

namespace jf {
namespace {

// The protobuf wire format of Summary { repeated Value value = 1 }, Value { tag = 1; Image image = 4 },
// Image { height = 1; width = 2; colorspace = 3; encoded_image_string = 4 } (as summary.cc writes its
// values).
void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_bytes(std::string& out, int field, const std::string& b) {
  put_varint(out, (static_cast<uint64_t>(field) << 3) | 2);
  put_varint(out, b.size());
  out += b;
}
void put_int(std::string& out, int field, int64_t v) {
  if (v == 0) return;  // proto3 omits zeros
  put_varint(out, static_cast<uint64_t>(field) << 3);
  put_varint(out, static_cast<uint64_t>(v));
}

const uint8_t kBadColor[4] = {255, 0, 0, 255};

// One float image (hw pixels of `depth` channels) to uint8, TF1's affine rule; `Compute` is the type
// the scaling runs in (float16 rounds after each operation, as Eigen::half does).
template <typename T, typename Compute>
void normalize_float_image(const T* x, int64_t hw, int depth, uint8_t* out) {
  auto finite_pixel = [&](int64_t i) {
    for (int c = 0; c < depth; ++c)
      if (!std::isfinite(static_cast<float>(x[i * depth + c]))) return false;
    return true;
  };
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int64_t i = 0; i < hw; ++i) {
    if (!finite_pixel(i)) continue;
    for (int c = 0; c < depth; ++c) {
      float v = static_cast<float>(x[i * depth + c]);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const float kZeroThreshold = 1e-6f;
  Compute scale, offset;
  if (lo < 0) {
    float max_val = std::max(std::abs(lo), std::abs(hi));
    scale = Compute(max_val < kZeroThreshold ? 0.0f : 127.0f / max_val);
    offset = Compute(128.0f);
  } else {
    scale = Compute(hi < kZeroThreshold ? 0.0f : 255.0f / hi);
    offset = Compute(0.0f);
  }
  for (int64_t i = 0; i < hw; ++i) {
    bool finite = finite_pixel(i);
    for (int c = 0; c < depth; ++c) {
      if (!finite) {
        out[i * depth + c] = kBadColor[c];
        continue;
      }
      Compute scaled = Compute(Compute(static_cast<Compute>(x[i * depth + c]) * scale) + offset);
      out[i * depth + c] = static_cast<uint8_t>(static_cast<float>(scaled));  // truncates, as Eigen's cast
    }
  }
}

class ImageSummaryKernel : public OpKernel {
 public:
  explicit ImageSummaryKernel(const KernelInit& init)
      : tag_(init.node.attrs.get<std::string>("tag")), max_images_(init.node.attrs.get<int64_t>("max_images")) {}

  void compute(KernelContext& ctx) override {
    const Tensor& t = ctx.input(0);
    const Shape& s = t.shape();
    if (s.size() != 4 || !(s[3] == 1 || s[3] == 3 || s[3] == 4))
      invalid_argument("summary.image '" + tag_ + "': Tensor must be 4-D with last dim 1, 3, or 4, not " +
                       shape_str(s) + " (images are [batch, height, width, channels])");
    const int64_t batch = std::min(s[0], max_images_), h = s[1], w = s[2];
    const int depth = static_cast<int>(s[3]);
    if (h * w * depth > (int64_t{1} << 31) - 1)
      invalid_argument("summary.image '" + tag_ + "': an image of " + shape_str(s) + " is too large to encode");
    const int64_t hw = h * w, image_size = hw * depth;
    std::vector<uint8_t> pixels(image_size);
    std::string summary;
    for (int64_t i = 0; i < batch; ++i) {
      const uint8_t* px = pixels.data();
      switch (t.dtype()) {
        case DType::UInt8: px = t.data<uint8_t>() + i * image_size; break;
        case DType::Float32:
          normalize_float_image<float, float>(t.data<float>() + i * image_size, hw, depth, pixels.data());
          break;
        case DType::Float64:
          normalize_float_image<double, double>(t.data<double>() + i * image_size, hw, depth, pixels.data());
          break;
        case DType::Float16:
          normalize_float_image<float16, float16>(t.data<float16>() + i * image_size, hw, depth, pixels.data());
          break;
        default:
          unsupported_dtype("ImageSummary", t.dtype());
      }
      std::string image;
      put_int(image, 1, h);
      put_int(image, 2, w);
      put_int(image, 3, depth);
      put_bytes(image, 4, encode_png(px, h, w, depth));
      std::string value;
      put_bytes(value, 1, max_images_ == 1 ? tag_ + "/image" : tag_ + "/image/" + std::to_string(i));
      put_bytes(value, 4, image);
      put_bytes(summary, 1, value);
    }
    Tensor out(DType::String, {});
    out.strings()[0] = std::move(summary);
    ctx.set_output(0, std::move(out));
  }

 private:
  std::string tag_;
  int64_t max_images_;
};
JF_REGISTER_KERNEL("ImageSummary", ImageSummaryKernel);

}  // namespace
}  // namespace jf
