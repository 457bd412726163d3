// Element-wise unary kernels (math_ops.py declares them).
#include "elementwise.h"
#include "fast_tanh.h"
#include "fused_elementwise.h"

namespace jf {
namespace {

// Each op's per-element functor (TYPE##_op<T>) serves its kernel and the fused kernel alike
// (fused_elementwise.h), so fused results are the unfused ones bit for bit.
#define JF_UNARY_OP(TYPE, EXPR)                                                            \
  template <typename T>                                                                    \
  struct TYPE##_op {                                                                       \
    T operator()(T x) const { return EXPR; }                                               \
  };                                                                                       \
  JF_REGISTER_FUSABLE(#TYPE, ::jf::fusion::unary_op<TYPE##_op>());

#define JF_UNARY_NUMERIC(TYPE, EXPR)                                                       \
  JF_UNARY_OP(TYPE, EXPR)                                                                  \
  void TYPE##_kernel(KernelContext& ctx) {                                                 \
    JF_DISPATCH_NUMERIC(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, TYPE##_op<T>{})) \
  }                                                                                        \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

#define JF_UNARY_FLOAT(TYPE, EXPR)                                                         \
  JF_UNARY_OP(TYPE, EXPR)                                                                  \
  void TYPE##_kernel(KernelContext& ctx) {                                                 \
    JF_DISPATCH_FLOAT(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, TYPE##_op<T>{}))   \
  }                                                                                        \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

JF_UNARY_NUMERIC(Neg, -x)
JF_UNARY_NUMERIC(Square, x * x)
JF_UNARY_NUMERIC(Abs, x < 0 ? -x : x)
JF_UNARY_NUMERIC(Sign, static_cast<T>((T(0) < x) - (x < T(0))))
JF_UNARY_NUMERIC(Relu, x > 0 ? x : T(0))
JF_UNARY_FLOAT(Sqrt, std::sqrt(x))
JF_UNARY_FLOAT(Rsqrt, T(1) / std::sqrt(x))
JF_UNARY_FLOAT(Exp, std::exp(x))
JF_UNARY_FLOAT(Log, std::log(x))
JF_UNARY_FLOAT(Log1p, std::log1p(x))
JF_UNARY_FLOAT(Sin, std::sin(x))
JF_UNARY_FLOAT(Cos, std::cos(x))
JF_UNARY_FLOAT(Tanh, fast_tanh(x))
JF_UNARY_FLOAT(Reciprocal, T(1) / x)
JF_UNARY_FLOAT(Sigmoid, x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x)))

void LogicalNot_kernel(KernelContext& ctx) {
  unary_kernel<bool>(ctx, [](bool x) { return !x; });
}
JF_REGISTER_FUNCTION("LogicalNot", LogicalNot_kernel);

}  // namespace
}  // namespace jf
