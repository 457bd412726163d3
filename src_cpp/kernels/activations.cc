// The activations of jupyter_flow/ops/activation_ops.py: SELU, softplus and softsign, with the
// gradient kernels their rules build.
#include <cmath>

#include "elementwise.h"

namespace jf {
namespace {

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

void check_same_shape(const Tensor& a, const Tensor& b, const char* op) {
  if (a.shape() != b.shape())
    invalid_argument(std::string(op) + ": the gradient and the features must have the same shape, got " +
                     shape_str(a.shape()) + " and " + shape_str(b.shape()));
}

// out[i] = f(g[i], v[i]) for a gradient g and the op's input or output v.
template <typename F>
void gradient_kernel(KernelContext& ctx, const char* op, F f) {
  const Tensor& g = ctx.input(0);
  const Tensor& v = ctx.input(1);
  check_same_shape(g, v, op);
  Tensor out(g.dtype(), g.shape());
  JF_DISPATCH_FLOAT(g.dtype(), op, {
    const T* __restrict gp = g.data<T>();
    const T* __restrict vp = v.data<T>();
    T* __restrict o = out.data<T>();
    const int64_t n = g.size();
    for (int64_t i = 0; i < n; ++i) o[i] = f(gp[i], vp[i]);
  })
  ctx.set_output(0, std::move(out));
}

void selu_kernel(KernelContext& ctx) {
  JF_DISPATCH_FLOAT(ctx.input(0).dtype(), "Selu", {
    const T scale = static_cast<T>(kSeluScale), scale_alpha = static_cast<T>(kSeluScale * kSeluAlpha);
    unary_kernel<T>(ctx, [=](T x) -> T { return x > T(0) ? scale * x : scale_alpha * std::expm1(x); });
  })
}
JF_REGISTER_FUNCTION("Selu", selu_kernel);

// SeluGrad(g, y): g * scale where the output is positive, else g * (y + scale * alpha).
void selu_grad_kernel(KernelContext& ctx) {
  gradient_kernel(ctx, "SeluGrad", [](auto g, auto y) {
    using T = decltype(g);
    return y > T(0) ? g * static_cast<T>(kSeluScale) : g * (y + static_cast<T>(kSeluScale * kSeluAlpha));
  });
}
JF_REGISTER_FUNCTION("SeluGrad", selu_grad_kernel);

// log(1 + exp(x)) without overflow: x itself far right, exp(x) far left (as TF's kernel).
template <typename T>
T softplus(T x) {
  const T threshold = std::log(std::numeric_limits<T>::epsilon()) + T(2);
  if (x > -threshold) return x;
  if (x < threshold) return std::exp(x);
  return std::log1p(std::exp(x));
}

void softplus_kernel(KernelContext& ctx) {
  JF_DISPATCH_FLOAT(ctx.input(0).dtype(), "Softplus", unary_kernel<T>(ctx, [](T x) { return softplus(x); }))
}
JF_REGISTER_FUNCTION("Softplus", softplus_kernel);

// SoftplusGrad(g, x) = g * sigmoid(x).
void softplus_grad_kernel(KernelContext& ctx) {
  gradient_kernel(ctx, "SoftplusGrad", [](auto g, auto x) {
    using T = decltype(g);
    return g / (T(1) + std::exp(-x));
  });
}
JF_REGISTER_FUNCTION("SoftplusGrad", softplus_grad_kernel);

void softsign_kernel(KernelContext& ctx) {
  JF_DISPATCH_FLOAT(ctx.input(0).dtype(), "Softsign",
                    unary_kernel<T>(ctx, [](T x) { return x / (T(1) + std::abs(x)); }))
}
JF_REGISTER_FUNCTION("Softsign", softsign_kernel);

// SoftsignGrad(g, x) = g / (1 + |x|)^2.
void softsign_grad_kernel(KernelContext& ctx) {
  gradient_kernel(ctx, "SoftsignGrad", [](auto g, auto x) {
    using T = decltype(g);
    const T d = T(1) + std::abs(x);
    return g / (d * d);
  });
}
JF_REGISTER_FUNCTION("SoftsignGrad", softsign_grad_kernel);

}  // namespace
}  // namespace jf
