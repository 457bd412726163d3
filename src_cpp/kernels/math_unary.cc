// Element-wise unary kernels (math_ops.py declares them).
#include "elementwise.h"
#include "fast_tanh.h"
#include "fused_elementwise.h"

namespace jf {
namespace {

// An element-wise unary kernel over one dispatch family (elementwise.h); the families follow TF1's kernel
// registrations (tests/framework/test_dtype_registry.py lists them). Its per-element functor (TYPE##_op<T>)
// serves the kernel and the fused kernel alike (fused_elementwise.h), so fused results are the unfused ones
// bit for bit.
#define JF_UNARY(FAMILY, TYPE, EXPR)                                                       \
  template <typename T>                                                                    \
  struct TYPE##_op {                                                                       \
    T operator()(T x) const { return EXPR; }                                               \
  };                                                                                       \
  JF_REGISTER_FUSABLE(#TYPE, ::jf::fusion::unary_op<TYPE##_op>());                         \
  void TYPE##_kernel(KernelContext& ctx) {                                                 \
    JF_DISPATCH_##FAMILY(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, TYPE##_op<T>{})); \
  }                                                                                        \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

// float32 tanh: the vectorisable approximation (fast_tanh.h); the other dtypes: the library's.
template <typename T>
T tanh_of(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_tanh(x);
  else return std::tanh(x);
}

// Unsigned integers negate modulo 2^n (as TF1's Eigen kernels do); -x on a uint8 promotes to int.
JF_UNARY(NUMBERS, Neg, static_cast<T>(-x))
JF_UNARY(NUMBERS, Square, x * x)
JF_UNARY(REAL, Abs, x < 0 ? static_cast<T>(-x) : x)
JF_UNARY(REAL, Sign, static_cast<T>((T(0) < x) - (x < T(0))))
JF_UNARY(REAL, Relu, x > 0 ? x : T(0))
JF_UNARY(INEXACT, Sqrt, std::sqrt(x))
JF_UNARY(INEXACT, Rsqrt, T(1) / std::sqrt(x))
JF_UNARY(INEXACT, Exp, std::exp(x))
JF_UNARY(INEXACT, Log, std::log(x))
template <typename T>
T log1p_of(T x) {
  if constexpr (is_complex_v<T>) return std::log(T(1) + x);
  else return std::log1p(x);
}
JF_UNARY(INEXACT, Log1p, log1p_of(x))
JF_UNARY(INEXACT, Sin, std::sin(x))
JF_UNARY(INEXACT, Cos, std::cos(x))
JF_UNARY(INEXACT, Tanh, tanh_of(x))
JF_UNARY(INEXACT, Reciprocal, T(1) / x)
// float32 sigmoid: the vectorisable fast_sigmoid (fast_tanh.h, within 3 ULP); the other dtypes: libm's exp.
template <typename T>
T sigmoid_of(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_sigmoid(x);
  else return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x));
}
JF_UNARY(FLOATS, Sigmoid, sigmoid_of(x))

void LogicalNot_kernel(KernelContext& ctx) {
  unary_kernel<bool>(ctx, [](bool x) { return !x; });
}
JF_REGISTER_FUNCTION("LogicalNot", LogicalNot_kernel);

}  // namespace
}  // namespace jf
