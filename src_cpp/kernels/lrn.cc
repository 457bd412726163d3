// Local response normalization (jupyter_flow/ops/lrn_ops.py declares it): LRN and LRNGrad.
//   norm[c] = bias + alpha * sum_{|j - c| <= r} x[j]^2,   y[c] = x[c] * norm[c]^-beta
// along the channels of each pixel (contiguous in NHWC); window sums are running sums, so the
// cost per pixel is O(channels) whatever the radius.
#include <cmath>
#include <vector>

#include "conv_geometry.h"
#include "elementwise.h"

namespace jf {
namespace {

struct LrnParams {
  int64_t radius;
  double bias, alpha, beta;
  explicit LrnParams(const Attrs& a)
      : radius(a.get_or<int64_t>("depth_radius", 5)), bias(a.number("bias")), alpha(a.number("alpha")),
        beta(a.number("beta")) {}
};

// out[c] = sum of in[j] for |j - c| <= r (clipped to [0, C)).
template <typename T>
void window_sums(const T* in, T* out, int64_t C, int64_t r) {
  T s = 0;
  for (int64_t j = 0; j < std::min(C, r + 1); ++j) s += in[j];
  for (int64_t c = 0; c < C; ++c) {
    out[c] = s;
    if (c + r + 1 < C) s += in[c + r + 1];
    if (c - r >= 0) s -= in[c - r];
  }
}

template <typename T>
void norms(const T* x, T* sq, T* norm, int64_t C, const LrnParams& p) {
  for (int64_t c = 0; c < C; ++c) sq[c] = x[c] * x[c];
  window_sums(sq, norm, C, p.radius);
  for (int64_t c = 0; c < C; ++c) norm[c] = static_cast<T>(p.bias) + static_cast<T>(p.alpha) * norm[c];
}

void check_input(const char* op, const Tensor& x) {
  require_rank4(op, "input", x.shape());
}

class LrnKernel : public OpKernel {
 public:
  explicit LrnKernel(const KernelInit& init) : p_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    check_input("LRN", x);
    Tensor y(x.dtype(), x.shape());
    JF_DISPATCH_FLOAT(x.dtype(), "LRN", {
      const int64_t C = x.dim(3), pixels = C ? x.size() / C : 0;
      std::vector<T> sq(C), norm(C);
      const T* xp = x.data<T>();
      T* yp = y.data<T>();
      for (int64_t i = 0; i < pixels; ++i) {
        norms(xp + i * C, sq.data(), norm.data(), C, p_);
        for (int64_t c = 0; c < C; ++c) yp[i * C + c] = xp[i * C + c] * std::pow(norm[c], static_cast<T>(-p_.beta));
      }
    })
    ctx.set_output(0, std::move(y));
  }

 private:
  LrnParams p_;
};
JF_REGISTER_KERNEL("LRN", LrnKernel);

// LRNGrad(dy, x, y): dx[c] = dy[c] * norm[c]^-beta
//                           - 2 alpha beta x[c] * sum_{|j - c| <= r} dy[j] * y[j] / norm[j].
class LrnGradKernel : public OpKernel {
 public:
  explicit LrnGradKernel(const KernelInit& init) : p_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& dy = ctx.input(0);
    const Tensor& x = ctx.input(1);
    const Tensor& y = ctx.input(2);
    check_input("LRNGrad", x);
    if (dy.shape() != x.shape() || y.shape() != x.shape())
      invalid_argument("LRNGrad: the gradient " + shape_str(dy.shape()) + ", input " + shape_str(x.shape()) +
                       " and output " + shape_str(y.shape()) + " must have the same shape");
    Tensor dx(x.dtype(), x.shape());
    JF_DISPATCH_FLOAT(x.dtype(), "LRNGrad", {
      const int64_t C = x.dim(3), pixels = C ? x.size() / C : 0;
      std::vector<T> sq(C), norm(C), term(C), sums(C);
      const T* xp = x.data<T>();
      const T* yp = y.data<T>();
      const T* gp = dy.data<T>();
      T* out = dx.data<T>();
      const T k = static_cast<T>(2 * p_.alpha * p_.beta);
      for (int64_t i = 0; i < pixels; ++i) {
        const int64_t o = i * C;
        norms(xp + o, sq.data(), norm.data(), C, p_);
        for (int64_t c = 0; c < C; ++c) term[c] = gp[o + c] * yp[o + c] / norm[c];
        window_sums(term.data(), sums.data(), C, p_.radius);
        for (int64_t c = 0; c < C; ++c)
          out[o + c] = gp[o + c] * std::pow(norm[c], static_cast<T>(-p_.beta)) - k * xp[o + c] * sums[c];
      }
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  LrnParams p_;
};
JF_REGISTER_KERNEL("LRNGrad", LrnGradKernel);

}  // namespace
}  // namespace jf
