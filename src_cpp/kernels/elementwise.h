// Shared machinery for element-wise kernels: dtype dispatch and NumPy broadcasting.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "../dtype_types.h"
#include "../kernel.h"
#include "../simd_clones.h"

namespace jf {

// Calls BODY with `T` bound to the C++ type of a numeric dtype.
#define JF_DISPATCH_NUMERIC(DT, NAME, ...)                                                   \
  switch (DT) {                                                                               \
    case ::jf::DType::Float32: { using T = float; __VA_ARGS__; break; }                       \
    case ::jf::DType::Float64: { using T = double; __VA_ARGS__; break; }                      \
    case ::jf::DType::Int32: { using T = int32_t; __VA_ARGS__; break; }                       \
    case ::jf::DType::Int64: { using T = int64_t; __VA_ARGS__; break; }                       \
    default: ::jf::unsupported_dtype(NAME, DT);                                               \
  }

#define JF_DISPATCH_FLOAT(DT, NAME, ...)                                                     \
  switch (DT) {                                                                               \
    case ::jf::DType::Float32: { using T = float; __VA_ARGS__; break; }                       \
    case ::jf::DType::Float64: { using T = double; __VA_ARGS__; break; }                      \
    default: ::jf::unsupported_dtype(NAME, DT);                                               \
  }

#define JF_DISPATCH_ALL(DT, NAME, ...)                                                       \
  switch (DT) {                                                                               \
    case ::jf::DType::Float32: { using T = float; __VA_ARGS__; break; }                       \
    case ::jf::DType::Float64: { using T = double; __VA_ARGS__; break; }                      \
    case ::jf::DType::Int32: { using T = int32_t; __VA_ARGS__; break; }                       \
    case ::jf::DType::Int64: { using T = int64_t; __VA_ARGS__; break; }                       \
    case ::jf::DType::Bool: { using T = bool; __VA_ARGS__; break; }                           \
    default: ::jf::unsupported_dtype(NAME, DT);                                               \
  }

[[noreturn]] void unsupported_dtype(const char* op, DType dt);

// Dispatch over a family of dtypes (lists in dtype_types.h): BODY runs inside a generic lambda
// with `T` bound to the element type, so `return` in BODY leaves the lambda, not the kernel.
// The macros above (the original four dtypes) stay for kernels that TF1 defines on those only.
template <typename T> struct TypeTag { using type = T; };
#define JF_TYPE_CASE_(E, CT) case ::jf::DType::E: f(::jf::TypeTag<CT>{}); return;
#define JF_DEFINE_DISPATCH_(FN, LIST)                                                        \
  template <typename F>                                                                       \
  inline void FN(DType dt, const char* name, F&& f) {                                         \
    switch (dt) { LIST(JF_TYPE_CASE_) default: break; }                                       \
    unsupported_dtype(name, dt);                                                              \
  }
#define JF_REAL_BOOL_TYPES_(X) JF_REAL_TYPES(X) X(Bool, bool)
#define JF_NUMBER_TYPES_(X) JF_REAL_TYPES(X) JF_COMPLEX_TYPES(X)
#define JF_EVERY_TYPE_(X) JF_REAL_TYPES(X) JF_COMPLEX_TYPES(X) X(Bool, bool)
#define JF_INEXACT_TYPES_(X) JF_FLOAT_TYPES(X) JF_COMPLEX_TYPES(X)
JF_DEFINE_DISPATCH_(dispatch_floats, JF_FLOAT_TYPES)          // float16, bfloat16, float32, float64
JF_DEFINE_DISPATCH_(dispatch_real, JF_REAL_TYPES)             // floats and (un)signed integers
JF_DEFINE_DISPATCH_(dispatch_real_bool, JF_REAL_BOOL_TYPES_)  // ... and bool
JF_DEFINE_DISPATCH_(dispatch_numbers, JF_NUMBER_TYPES_)       // real and complex
JF_DEFINE_DISPATCH_(dispatch_inexact, JF_INEXACT_TYPES_)      // floats and complex
JF_DEFINE_DISPATCH_(dispatch_every, JF_EVERY_TYPE_)           // every non-string dtype
#define JF_DISPATCH_WITH_(FN, DT, NAME, ...) ::jf::FN(DT, NAME, [&](auto tag_) { using T = typename decltype(tag_)::type; __VA_ARGS__; })
#define JF_DISPATCH_FLOATS(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_floats, DT, NAME, __VA_ARGS__)
#define JF_DISPATCH_REAL(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_real, DT, NAME, __VA_ARGS__)
#define JF_DISPATCH_REAL_BOOL(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_real_bool, DT, NAME, __VA_ARGS__)
#define JF_DISPATCH_NUMBERS(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_numbers, DT, NAME, __VA_ARGS__)
#define JF_DISPATCH_INEXACT(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_inexact, DT, NAME, __VA_ARGS__)
#define JF_DISPATCH_EVERY(DT, NAME, ...) JF_DISPATCH_WITH_(dispatch_every, DT, NAME, __VA_ARGS__)
[[noreturn]] void mismatched_dtypes(DType a, DType b);  // (out of line: keeps the hot kernels small)

// NumPy broadcasting of two shapes; InvalidArgument (TF's message) when incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b);

// The strides (in elements) of `in` seen through the broadcast to `out` (0 on broadcast dims).
void broadcast_strides(const Shape& in, const Shape& out, int64_t* strides);

template <typename TA, typename TB, typename TO, typename F>
void broadcast_apply(const TA* a, const Shape& sa, const TB* b, const Shape& sb, TO* out,
                     const Shape& so, F f) {
  const int64_t n = num_elements(so);
  const int64_t na = num_elements(sa), nb = num_elements(sb);
  constexpr bool vector = simd::kVectorizable<TA> && simd::kVectorizable<TB> && simd::kVectorizable<TO>;
  if (na == n && nb == n) {
    if constexpr (vector) return simd::map_vv(a, b, out, n, f);
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
    return;
  }
  if (na == 1 && nb == n) {
    const TA av = a[0];
    if constexpr (vector) return simd::map_sv(av, b, out, n, f);
    for (int64_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
    return;
  }
  if (nb == 1 && na == n) {
    const TB bv = b[0];
    if constexpr (vector) return simd::map_vs(a, bv, out, n, f);
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
    return;
  }
  if (na == 1 && nb == 1) {  // two single values spread over a shape (the gradient of reduce_mean)
    const TO v = f(a[0], b[0]);
    for (int64_t i = 0; i < n; ++i) out[i] = v;
    return;
  }
  if (n == 0) return;
  const int r = static_cast<int>(so.size());
  int64_t st_a[16], st_b[16], idx[16] = {0};
  if (r > 16) invalid_argument("tensors of rank above 16 are not supported");
  broadcast_strides(sa, so, st_a);
  broadcast_strides(sb, so, st_b);
  const int64_t inner = so[r - 1], ia = st_a[r - 1], ib = st_b[r - 1];
  int64_t oa = 0, ob = 0, k = 0;
  for (int64_t outer = n / inner; outer > 0; --outer) {
    for (int64_t j = 0; j < inner; ++j) out[k++] = f(a[oa + j * ia], b[ob + j * ib]);
    for (int d = r - 2; d >= 0; --d) {
      oa += st_a[d];
      ob += st_b[d];
      if (++idx[d] < so[d]) break;
      oa -= st_a[d] * so[d];
      ob -= st_b[d] * so[d];
      idx[d] = 0;
    }
  }
}

// Output = f(a, b) with broadcasting; TO is the output element type for input type T.
template <typename T, typename TO, typename F>
void binary_kernel(KernelContext& ctx, DType out_dtype, F f) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  // Both buffers are read as T: one of another dtype would be read past its end.
  if (a.dtype() != b.dtype()) [[unlikely]] mismatched_dtypes(a.dtype(), b.dtype());
  Shape so = a.shape() == b.shape() ? a.shape() : broadcast_shapes(a.shape(), b.shape());
  Tensor out(out_dtype, so);
  if constexpr (std::is_same_v<T, std::string>)
    broadcast_apply(a.strings().data(), a.shape(), b.strings().data(), b.shape(), out.data<TO>(), so, f);
  else
    broadcast_apply(a.data<T>(), a.shape(), b.data<T>(), b.shape(), out.data<TO>(), so, f);
  ctx.set_output(0, std::move(out));
}

template <typename T, typename F>
void unary_kernel(KernelContext& ctx, F f) {
  const Tensor& a = ctx.input(0);
  Tensor out(a.dtype(), a.shape());
  const T* x = a.data<T>();
  T* y = out.data<T>();
  const int64_t n = a.size();
  if constexpr (simd::kVectorizable<T>) simd::map_v(x, y, n, f);
  else for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
  ctx.set_output(0, std::move(out));
}

}  // namespace jf
