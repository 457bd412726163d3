// Element-wise unary kernels (math_ops.py declares them).
#include "elementwise.h"
#include "fast_tanh.h"

namespace jf {
namespace {

#define JF_UNARY_NUMERIC(TYPE, EXPR)                                                       \
  void TYPE##_kernel(KernelContext& ctx) {                                                 \
    JF_DISPATCH_NUMERIC(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, [](T x) -> T { return EXPR; })) \
  }                                                                                        \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

#define JF_UNARY_FLOAT(TYPE, EXPR)                                                         \
  void TYPE##_kernel(KernelContext& ctx) {                                                 \
    JF_DISPATCH_FLOAT(ctx.input(0).dtype(), #TYPE, unary_kernel<T>(ctx, [](T x) -> T { return EXPR; })) \
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
