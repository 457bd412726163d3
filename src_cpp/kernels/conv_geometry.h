// Window geometry shared by the convolution and pooling kernels (NHWC): TF's output-size and
// padding rules, and the run-time shape checks that must pass before any kernel touches memory.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "../kernel.h"

namespace jf {

// One spatial axis: input size, window, stride, dilation -> output size and padding before.
struct WindowAxis {
  int64_t in = 0, window = 1, stride = 1, dilation = 1, out = 0, pad_before = 0;
};

// TF's rules: VALID keeps whole windows only; SAME gives ceil(in / stride) outputs and puts the
// smaller half of the padding first. EXPLICIT takes the padding from the caller.
inline WindowAxis window_axis(const char* op, const char* axis_name, int64_t in, int64_t window,
                              int64_t stride, int64_t dilation, const std::string& padding,
                              int64_t pad_before = 0, int64_t pad_after = 0) {
  WindowAxis a{in, window, stride, dilation, 0, 0};
  if (stride < 1 || dilation < 1 || window < 1)
    invalid_argument(std::string(op) + ": strides, dilations and window sizes must be positive, got stride " +
                     std::to_string(stride) + ", dilation " + std::to_string(dilation) + ", window " +
                     std::to_string(window) + " along " + axis_name);
  const int64_t effective = (window - 1) * dilation + 1;
  if (padding == "VALID") {
    if (in < effective)
      invalid_argument(std::string(op) + ": negative output size along " + axis_name + ": the window spans " +
                       std::to_string(effective) + " elements (window " + std::to_string(window) +
                       ", dilation " + std::to_string(dilation) + ") but the input has only " +
                       std::to_string(in) + "; use padding='SAME' or a smaller window");
    a.out = (in - effective) / stride + 1;
  } else if (padding == "SAME") {
    a.out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((a.out - 1) * stride + effective - in, 0);
    a.pad_before = total / 2;
  } else if (padding == "EXPLICIT") {
    const int64_t padded = in + pad_before + pad_after;
    if (pad_before < 0 || pad_after < 0 || padded < effective)
      invalid_argument(std::string(op) + ": negative output size along " + axis_name + " with explicit padding");
    a.out = (padded - effective) / stride + 1;
    a.pad_before = pad_before;
  } else {
    invalid_argument(std::string(op) + ": padding must be 'SAME' or 'VALID', got '" + padding + "'");
  }
  return a;
}

// The 4 attribute values of strides/ksize/dilations as NHWC lists; batch and depth must be 1.
inline std::vector<int64_t> nhwc_attr(const Attrs& attrs, const char* key, const char* op, bool spatial_only) {
  std::vector<int64_t> v = attrs.get_or<std::vector<int64_t>>(key, {1, 1, 1, 1});
  if (v.size() != 4)
    invalid_argument(std::string(op) + ": " + key + " must have 4 entries (NHWC), got " + std::to_string(v.size()));
  if (spatial_only && (v[0] != 1 || v[3] != 1))
    invalid_argument(std::string(op) + ": " + key + " along the batch and depth dimensions must be 1, got [" +
                     std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " + std::to_string(v[2]) + ", " +
                     std::to_string(v[3]) + "]");
  return v;
}

// A 2-D window over NHWC images: the geometry every conv/pool kernel of one node shares.
struct Window2D {
  int64_t batch = 0, channels = 0;
  WindowAxis h, w;
};

struct WindowAttrs {
  std::vector<int64_t> strides, dilations, explicit_paddings;  // NHWC order; paddings: 8 numbers
  std::string padding;

  WindowAttrs(const Attrs& attrs, const char* op, bool has_dilations) {
    strides = nhwc_attr(attrs, "strides", op, true);
    dilations = has_dilations ? nhwc_attr(attrs, "dilations", op, true) : std::vector<int64_t>{1, 1, 1, 1};
    padding = attrs.get_or<std::string>("padding", "VALID");
    explicit_paddings = attrs.get_or<std::vector<int64_t>>("explicit_paddings", {});
    if (padding == "EXPLICIT" && explicit_paddings.size() != 8)
      invalid_argument(std::string(op) + ": explicit padding needs 8 numbers ([[0, 0], [top, bottom], "
                       "[left, right], [0, 0]]), got " + std::to_string(explicit_paddings.size()));
  }

  Window2D window(const char* op, const Shape& input, int64_t kh, int64_t kw) const {
    Window2D g;
    g.batch = input[0];
    g.channels = input[3];
    const bool ex = padding == "EXPLICIT";
    g.h = window_axis(op, "height", input[1], kh, strides[1], dilations[1], padding, ex ? explicit_paddings[2] : 0,
                      ex ? explicit_paddings[3] : 0);
    g.w = window_axis(op, "width", input[2], kw, strides[2], dilations[2], padding, ex ? explicit_paddings[4] : 0,
                      ex ? explicit_paddings[5] : 0);
    return g;
  }
};

// The dtype of a floating-point element type (scratch buffers of float kernels).
template <typename T>
constexpr DType float_dtype_of() {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
  return std::is_same_v<T, double> ? DType::Float64 : DType::Float32;
}

inline void require_rank4(const char* op, const char* what, const Shape& s) {
  if (s.size() != 4)
    invalid_argument(std::string(op) + ": " + what + " must be 4-D, got shape " + shape_str(s));
}

// A 1-D int32/int64 tensor of sizes (input_sizes, filter_sizes, orig_input_shape) as a Shape.
inline Shape shape_from_tensor(const char* op, const char* what, const Tensor& t, size_t rank) {
  if (t.rank() != 1 || static_cast<size_t>(t.size()) != rank)
    invalid_argument(std::string(op) + ": " + what + " must be a vector of " + std::to_string(rank) +
                     " sizes, got shape " + shape_str(t.shape()));
  Shape s(rank);
  for (size_t i = 0; i < rank; ++i) {
    s[i] = t.dtype() == DType::Int64 ? t.data<int64_t>()[i]
           : t.dtype() == DType::Int32 ? t.data<int32_t>()[i]
                                       : (invalid_argument(std::string(op) + ": " + what + " must be int32 or int64"), 0);
    if (s[i] < 0) invalid_argument(std::string(op) + ": " + what + " has a negative size: " + shape_str(s));
  }
  return s;
}

}  // namespace jf
