// Element-wise math beyond the basic set (math_ops_more.py declares them): rounding, inverse and hyperbolic
// trigonometry, error and gamma functions, the IsNan/IsInf/IsFinite predicates, and the binary Atan2,
// DivNoNan, Xlogy and Xdivy. Every kernel works in float (half types and float32) or double, as TF1's
// Eigen functors do, and writes the input's dtype (bool for the predicates).
#include <cmath>
#include <limits>

#include "elementwise.h"

namespace jf {
namespace {

// The type a functor computes in: double for double, float for float32 and the half types.
template <typename T>
using wide_t = std::conditional_t<std::is_same_v<T, double>, double, float>;

// digamma(x) = d/dx log Γ(x): the reflection formula below 0, the recurrence up to 10, then the asymptotic
// series from 10 on (its first omitted term is below 1e-13 there).
template <typename W>
W digamma_of(W x) {
  const W pi = W(3.14159265358979323846);
  if (x <= 0 && x == std::floor(x)) return std::numeric_limits<W>::quiet_NaN();
  W result = 0;
  if (x < 0) {
    result = -pi / std::tan(pi * x);
    x = 1 - x;
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const W inv = 1 / x, inv2 = inv * inv;
  const W series = inv2 * (W(1) / 12 - inv2 * (W(1) / 120 - inv2 * (W(1) / 252 - inv2 * (W(1) / 240 - inv2 * (W(1) / 132)))));
  return result + std::log(x) - W(0.5) * inv - series;
}

#define JF_UNARY_FLOAT(TYPE, EXPR)                                                              \
  template <typename T>                                                                         \
  struct TYPE##_op {                                                                            \
    T operator()(T t) const {                                                                   \
      const wide_t<T> x = static_cast<wide_t<T>>(t);                                            \
      return static_cast<T>(EXPR);                                                              \
    }                                                                                           \
  };                                                                                            \
  void TYPE##_kernel(KernelContext& ctx) {                                                      \
    JF_DISPATCH_FLOATS(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, TYPE##_op<T>{}));      \
  }                                                                                             \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

JF_UNARY_FLOAT(Floor, std::floor(x))
JF_UNARY_FLOAT(Ceil, std::ceil(x))
// Round and Rint: halves to even (the default rounding mode), as TF1.
JF_UNARY_FLOAT(Round, std::nearbyint(x))
JF_UNARY_FLOAT(Rint, std::nearbyint(x))
JF_UNARY_FLOAT(Tan, std::tan(x))
JF_UNARY_FLOAT(Asin, std::asin(x))
JF_UNARY_FLOAT(Acos, std::acos(x))
JF_UNARY_FLOAT(Atan, std::atan(x))
JF_UNARY_FLOAT(Sinh, std::sinh(x))
JF_UNARY_FLOAT(Cosh, std::cosh(x))
JF_UNARY_FLOAT(Asinh, std::asinh(x))
JF_UNARY_FLOAT(Acosh, std::acosh(x))
JF_UNARY_FLOAT(Atanh, std::atanh(x))
JF_UNARY_FLOAT(Expm1, std::expm1(x))
JF_UNARY_FLOAT(Erf, std::erf(x))
JF_UNARY_FLOAT(Erfc, std::erfc(x))
JF_UNARY_FLOAT(Lgamma, std::lgamma(x))
JF_UNARY_FLOAT(Digamma, digamma_of(x))

template <typename F>
void predicate_kernel(KernelContext& ctx, const char* name, F test) {
  const Tensor& a = ctx.input(0);
  Tensor out(DType::Bool, a.shape());
  bool* y = out.data<bool>();
  const int64_t n = a.size();
  JF_DISPATCH_FLOATS(a.dtype(), name, {
    const T* x = a.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = test(static_cast<wide_t<T>>(x[i]));
  });
  ctx.set_output(0, std::move(out));
}

void IsNan_kernel(KernelContext& ctx) {
  predicate_kernel(ctx, "IsNan", [](auto x) { return std::isnan(x); });
}
void IsInf_kernel(KernelContext& ctx) {
  predicate_kernel(ctx, "IsInf", [](auto x) { return std::isinf(x); });
}
void IsFinite_kernel(KernelContext& ctx) {
  predicate_kernel(ctx, "IsFinite", [](auto x) { return std::isfinite(x); });
}
JF_REGISTER_FUNCTION("IsNan", IsNan_kernel);
JF_REGISTER_FUNCTION("IsInf", IsInf_kernel);
JF_REGISTER_FUNCTION("IsFinite", IsFinite_kernel);

#define JF_BINARY_FLOAT(TYPE, EXPR)                                                             \
  void TYPE##_kernel(KernelContext& ctx) {                                                      \
    DType dt = ctx.input(0).dtype();                                                            \
    JF_DISPATCH_FLOATS(dt, #TYPE, binary_kernel<T, T>(ctx, dt, [](T ta, T tb) -> T {           \
      const wide_t<T> a = static_cast<wide_t<T>>(ta), b = static_cast<wide_t<T>>(tb);           \
      return static_cast<T>(EXPR);                                                              \
    }));                                                                                        \
  }                                                                                             \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

JF_BINARY_FLOAT(Atan2, std::atan2(a, b))
// 0 wherever the divisor (or, for Xlogy/Xdivy, x) is 0, even for an infinite or NaN other operand (TF1).
JF_BINARY_FLOAT(DivNoNan, b == 0 ? decltype(a)(0) : a / b)
JF_BINARY_FLOAT(Xlogy, a == 0 ? decltype(a)(0) : a * std::log(b))
JF_BINARY_FLOAT(Xdivy, a == 0 ? decltype(a)(0) : a / b)

}  // namespace
}  // namespace jf
