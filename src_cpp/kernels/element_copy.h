// Shared machinery of the kernels that move elements without computing on them (concat, slicing,
// gather, tile, reverse...): they only care how wide an element is, so they work on 1-, 4- or
// 8-byte words (or std::string) and one instantiation serves every dtype. Also: reading int
// vectors/scalars from shape-like inputs, and walking a strided box of a tensor.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "elementwise.h"

namespace jf {

// One complex128 element, moved as two 8-byte words.
struct Word128 {
  uint64_t lo, hi;
};

// Calls BODY with `E` bound to a type as wide as one element of dtype DT.
#define JF_DISPATCH_WORD(DT, ...)                                                              \
  switch (DT) {                                                                               \
    case ::jf::DType::Bool: case ::jf::DType::Int8:                                           \
    case ::jf::DType::UInt8: { using E = uint8_t; __VA_ARGS__; break; }                       \
    case ::jf::DType::Int16: case ::jf::DType::UInt16:                                        \
    case ::jf::DType::Float16: case ::jf::DType::BFloat16: { using E = uint16_t; __VA_ARGS__; break; } \
    case ::jf::DType::Float32: case ::jf::DType::UInt32:                                      \
    case ::jf::DType::Int32: { using E = uint32_t; __VA_ARGS__; break; }                      \
    case ::jf::DType::Float64: case ::jf::DType::UInt64: case ::jf::DType::Complex64:         \
    case ::jf::DType::Int64: { using E = uint64_t; __VA_ARGS__; break; }                      \
    case ::jf::DType::Complex128: { using E = ::jf::Word128; __VA_ARGS__; break; }            \
    case ::jf::DType::String: { using E = std::string; __VA_ARGS__; break; }                  \
  }

template <typename E>
E* words(Tensor& t) {
  if constexpr (std::is_same_v<E, std::string>) return t.strings().data();
  else return static_cast<E*>(t.raw());
}

template <typename E>
const E* words(const Tensor& t) {
  if constexpr (std::is_same_v<E, std::string>) return t.strings().data();
  else return static_cast<const E*>(t.raw());
}

// A tensor of `shape` whose elements are all zero (false, empty strings).
inline Tensor zeros(DType dt, const Shape& shape) {
  Tensor t(dt, shape);
  if (dt != DType::String && t.nbytes()) std::memset(t.raw(), 0, t.nbytes());
  return t;
}

// The values of an int32/int64 tensor (shapes, sizes, indices given as tensors).
inline std::vector<int64_t> int_values(const Tensor& t, const std::string& what) {
  std::vector<int64_t> out(static_cast<size_t>(t.size()));
  if (t.dtype() == DType::Int32) std::copy(t.data<int32_t>(), t.data<int32_t>() + t.size(), out.begin());
  else if (t.dtype() == DType::Int64) std::copy(t.data<int64_t>(), t.data<int64_t>() + t.size(), out.begin());
  else invalid_argument(what + " must be an int32 or int64 tensor, got " + dtype_name(t.dtype()));
  return out;
}

inline std::vector<int64_t> int_vector(const Tensor& t, const std::string& what) {
  if (t.rank() != 1) invalid_argument(what + " must be a vector, got shape " + shape_str(t.shape()));
  return int_values(t, what);
}

inline int64_t int_scalar(const Tensor& t, const std::string& what) {
  if (t.rank() != 0) invalid_argument(what + " must be a scalar, got shape " + shape_str(t.shape()));
  return int_values(t, what)[0];
}

// An axis in [-n, n) made non-negative.
inline int normalize_axis(int64_t axis, int n, const std::string& op) {
  if (axis < -n || axis >= n)
    invalid_argument(op + ": expected axis in the range [" + std::to_string(-n) + ", " + std::to_string(n) +
                     "), but got " + std::to_string(axis));
  return static_cast<int>(axis < 0 ? axis + n : axis);
}

// Visits the box of a tensor of shape `shape` made of the elements begin[d] + i * stride[d],
// 0 <= i < lengths[d], in row-major order of the box: fn(box_index, offset_in_tensor, run)
// covers `run` consecutive box elements that are also consecutive in the tensor.
template <typename F>
void for_each_strided(const Shape& shape, const std::vector<int64_t>& begin, const std::vector<int64_t>& stride,
                      const Shape& lengths, F fn) {
  const int r = static_cast<int>(shape.size());
  const int64_t total = num_elements(lengths);
  if (total == 0) return;
  if (r == 0) return fn(int64_t{0}, int64_t{0}, int64_t{1});
  std::vector<int64_t> step(r), idx(r, 0);
  int64_t off = 0, elem_stride = 1;
  for (int d = r - 1; d >= 0; --d) {
    step[d] = stride[d] * elem_stride;
    off += begin[d] * elem_stride;
    elem_stride *= shape[d];
  }
  const int64_t inner = lengths[r - 1], inner_step = step[r - 1];
  int64_t k = 0;
  for (int64_t outer = total / inner; outer > 0; --outer) {
    if (inner_step == 1) {
      fn(k, off, inner);
    } else {
      for (int64_t j = 0; j < inner; ++j) fn(k + j, off + j * inner_step, int64_t{1});
    }
    k += inner;
    for (int d = r - 2; d >= 0; --d) {
      off += step[d];
      if (++idx[d] < lengths[d]) break;
      off -= step[d] * lengths[d];
      idx[d] = 0;
    }
  }
}

// out (row-major box) = the strided box of `in`.
inline void strided_read(const Tensor& in, const std::vector<int64_t>& begin, const std::vector<int64_t>& stride,
                         const Shape& lengths, Tensor& out) {
  JF_DISPATCH_WORD(in.dtype(), {
    const E* src = words<E>(in);
    E* dst = words<E>(out);
    for_each_strided(in.shape(), begin, stride, lengths,
                     [&](int64_t k, int64_t off, int64_t n) { std::copy(src + off, src + off + n, dst + k); });
  })
}

// The strided box of `out` = box (row-major); the rest of `out` is left as it is.
inline void strided_write(const Tensor& box, const std::vector<int64_t>& begin, const std::vector<int64_t>& stride,
                          const Shape& lengths, Tensor& out) {
  JF_DISPATCH_WORD(out.dtype(), {
    const E* src = words<E>(box);
    E* dst = words<E>(out);
    for_each_strided(out.shape(), begin, stride, lengths,
                     [&](int64_t k, int64_t off, int64_t n) { std::copy(src + k, src + k + n, dst + off); });
  })
}

}  // namespace jf
