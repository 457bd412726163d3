// Building blocks of layers (jupyter_flow/ops/nn_ops.py declares them): bias_add, the ELU and
// leaky-ReLU activations with their gradient kernels, dropout (mask drawn here, in C++) and
// flatten (a reshape that shares the input's buffer).
#include <random>

#include "elementwise.h"
#include "fused_elementwise.h"

namespace jf {
namespace {

void check_same_shape(const Tensor& a, const Tensor& b, const char* op, const char* what) {
  if (a.shape() != b.shape())
    invalid_argument(std::string(op) + ": " + what + " must have the same shape, got " + shape_str(a.shape()) +
                     " and " + shape_str(b.shape()));
}

// BiasAdd(value [..., C], bias [C]): bias added to every row.
template <typename T>
struct BiasAdd_op {
  T operator()(T x, T b) const { return x + b; }
};

void bias_add_kernel(KernelContext& ctx) {
  const Tensor& v = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (v.rank() < 2) invalid_argument("BiasAdd: input tensor must be at least 2D, got shape " + shape_str(v.shape()));
  if (b.rank() != 1) invalid_argument("BiasAdd: biases must be 1D, got shape " + shape_str(b.shape()));
  const int64_t c = v.dim(v.rank() - 1);
  if (b.dim(0) != c)
    invalid_argument("BiasAdd: must provide as many biases as the last dimension of the input tensor: " +
                     shape_str(b.shape()) + " vs. " + shape_str(v.shape()));
  Tensor out(v.dtype(), v.shape());
  JF_DISPATCH_NUMERIC(v.dtype(), "BiasAdd", {
    const T* x = v.data<T>();
    const T* bp = b.data<T>();
    T* y = out.data<T>();
    const int64_t rows = c ? v.size() / c : 0;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < c; ++j) y[i * c + j] = BiasAdd_op<T>{}(x[i * c + j], bp[j]);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("BiasAdd", bias_add_kernel);
JF_REGISTER_FUSABLE("BiasAdd", [] {
  auto op = ::jf::fusion::binary_op<BiasAdd_op>();
  op.bias_add = true;
  return op;
}());

// BiasAddGrad(g [..., C]) = g summed over every axis but the last.
void bias_add_grad_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  if (g.rank() < 1) invalid_argument("BiasAddGrad: input must have rank >= 1, got a scalar");
  const int64_t c = g.dim(g.rank() - 1);
  Tensor out(g.dtype(), {c});
  JF_DISPATCH_NUMERIC(g.dtype(), "BiasAddGrad", {
    const T* x = g.data<T>();
    T* y = out.data<T>();
    std::fill(y, y + c, T(0));
    const int64_t rows = c ? g.size() / c : 0;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < c; ++j) y[j] += x[i * c + j];
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("BiasAddGrad", bias_add_grad_kernel);

// ----- activations ------------------------------------------------------------------------------

void elu_kernel(KernelContext& ctx) {
  JF_DISPATCH_FLOAT(ctx.input(0).dtype(), "Elu",
                    unary_kernel<T>(ctx, [](T x) -> T { return x > T(0) ? x : std::expm1(x); }))
}
JF_REGISTER_FUNCTION("Elu", elu_kernel);

// EluGrad(g, y): g where the input was positive, else g * (y + 1) (= g * exp(x)).
void elu_grad_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  const Tensor& y = ctx.input(1);
  check_same_shape(g, y, "EluGrad", "the gradient and the ELU output");
  Tensor out(g.dtype(), g.shape());
  JF_DISPATCH_FLOAT(g.dtype(), "EluGrad", {
    const T* __restrict gp = g.data<T>();  // __restrict: vectorized selects, no branches
    const T* __restrict yp = y.data<T>();
    T* __restrict o = out.data<T>();
    const int64_t n = g.size();
    for (int64_t i = 0; i < n; ++i) {
      const T gi = gp[i], yi = yp[i];
      o[i] = yi < T(0) ? gi * (yi + T(1)) : gi;
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("EluGrad", elu_grad_kernel);

class LeakyReluKernel : public OpKernel {
 public:
  explicit LeakyReluKernel(const KernelInit& init) : alpha_(init.node.attrs.number("alpha")) {}
  void compute(KernelContext& ctx) override {
    JF_DISPATCH_FLOAT(ctx.input(0).dtype(), "LeakyRelu", {
      const T a = static_cast<T>(alpha_);
      unary_kernel<T>(ctx, [a](T x) -> T { return x > T(0) ? x : a * x; });
    })
  }

 private:
  double alpha_;
};
JF_REGISTER_KERNEL("LeakyRelu", LeakyReluKernel);

// LeakyReluGrad(g, x): g where x > 0, else alpha * g.
class LeakyReluGradKernel : public OpKernel {
 public:
  explicit LeakyReluGradKernel(const KernelInit& init) : alpha_(init.node.attrs.number("alpha")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& g = ctx.input(0);
    const Tensor& x = ctx.input(1);
    check_same_shape(g, x, "LeakyReluGrad", "the gradient and the features");
    Tensor out(g.dtype(), g.shape());
    JF_DISPATCH_FLOAT(g.dtype(), "LeakyReluGrad", {
      const T a = static_cast<T>(alpha_);
      const T* __restrict gp = g.data<T>();
      const T* __restrict xp = x.data<T>();
      T* __restrict o = out.data<T>();
      const int64_t n = g.size();
      for (int64_t i = 0; i < n; ++i) {
        const T gi = gp[i];
        o[i] = xp[i] > T(0) ? gi : a * gi;
      }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  double alpha_;
};
JF_REGISTER_KERNEL("LeakyReluGrad", LeakyReluGradKernel);

// ----- dropout ----------------------------------------------------------------------------------

// The generator seed of a random node: the same (seed, seed2) mixing as random.cc, so dropout
// follows tf.set_random_seed like the other random ops.
uint64_t seed_of(const KernelInit& init) {
  int64_t seed = init.node.attrs.get_or<int64_t>("seed", 0), seed2 = init.node.attrs.get_or<int64_t>("seed2", 0);
  if (seed == 0 && seed2 == 0) return std::random_device{}() ^ (static_cast<uint64_t>(std::random_device{}()) << 32);
  return static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(seed2);
}

bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.size() > to.size()) return false;
  const size_t lead = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != to[lead + i]) return false;
  return true;
}

// Dropout(x, keep_prob) -> (x * mask, mask), mask = 1/keep_prob with probability keep_prob, else 0.
// The mask (of noise_shape, broadcast over x) is an output so the gradient reuses it.
class DropoutKernel : public OpKernel {
 public:
  explicit DropoutKernel(const KernelInit& init)
      : rng_state_(init.state.rng(init.node.id, seed_of(init))),
        has_noise_shape_(init.node.attrs.has("noise_shape")),
        noise_shape_(init.node.attrs.get_or<std::vector<int64_t>>("noise_shape", {})) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Tensor& kp = ctx.input(1);
    if (kp.size() != 1) invalid_argument("Dropout: keep_prob must be a scalar, got shape " + shape_str(kp.shape()));
    double keep = 0;
    JF_DISPATCH_FLOAT(kp.dtype(), "Dropout", keep = static_cast<double>(kp.data<T>()[0]))
    if (!(keep > 0.0 && keep <= 1.0))
      invalid_argument("Dropout: keep_prob must be in (0, 1] (rate = 1 - keep_prob in [0, 1)), got keep_prob " +
                       std::to_string(keep));
    const Shape& ms = has_noise_shape_ ? noise_shape_ : x.shape();
    if (has_noise_shape_ && !broadcasts_to(ms, x.shape()))
      invalid_argument("Dropout: noise_shape " + shape_str(ms) + " cannot be broadcast to the shape of x " +
                       shape_str(x.shape()) + " (each dimension must equal x's or be 1)");
    Tensor mask(x.dtype(), ms), y(x.dtype(), x.shape());
    std::lock_guard<std::mutex> lock(rng_state_.mu);  // one generator per node, shared by threads
    auto& rng_ = rng_state_.gen;
    JF_DISPATCH_FLOAT(x.dtype(), "Dropout", {
      const T scale = static_cast<T>(1.0 / keep);
      T* m = mask.data<T>();
      for (int64_t i = 0; i < mask.size(); ++i) {
        const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // uniform in [0, 1)
        m[i] = u < keep ? scale : T(0);
      }
      broadcast_apply(x.data<T>(), x.shape(), m, ms, y.data<T>(), x.shape(), [](T a, T b) { return a * b; });
    })
    ctx.set_output(0, std::move(y));
    ctx.set_output(1, std::move(mask));
  }

 private:
  Rng& rng_state_;
  bool has_noise_shape_;
  Shape noise_shape_;
};
JF_REGISTER_KERNEL("Dropout", DropoutKernel);

// ----- flatten ----------------------------------------------------------------------------------

// Flatten(x [d0, d1, ...]) -> [d0, d1 * ...], sharing x's buffer.
void flatten_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  if (x.rank() < 1) invalid_argument("Flatten: the input must have a batch dimension (rank >= 1), got a scalar");
  int64_t rest = 1;
  for (int i = 1; i < x.rank(); ++i) rest *= x.dim(i);
  ctx.set_output(0, x.reshaped({x.dim(0), rest}));
}
JF_REGISTER_FUNCTION("Flatten", flatten_kernel);

// FlattenGrad(g, x): g reshaped back to x's shape (no copy).
void flatten_grad_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  const Tensor& x = ctx.input(1);
  if (g.size() != x.size())
    invalid_argument("FlattenGrad: gradient " + shape_str(g.shape()) + " does not have as many elements as the input " +
                     shape_str(x.shape()));
  ctx.set_output(0, g.reshaped(x.shape()));
}
JF_REGISTER_FUNCTION("FlattenGrad", flatten_grad_kernel);

}  // namespace
}  // namespace jf
