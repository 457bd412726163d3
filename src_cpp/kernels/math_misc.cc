// Cast, AddN, gradient helpers (SumToShape, ReluGrad, SigmoidGrad, TanhGrad).
#include "elementwise.h"
#include "fused_elementwise.h"

namespace jf {
namespace {

template <typename From, typename To>
void cast_loop(const Tensor& in, Tensor& out) {
  const From* x = in.data<From>();
  To* y = out.data<To>();
  for (int64_t i = 0; i < in.size(); ++i) y[i] = convert<To>(x[i]);
}

class CastKernel : public OpKernel {
 public:
  explicit CastKernel(const KernelInit& init) : dst_(init.node.attrs.dtype("DstT")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    if (in.dtype() == dst_) return ctx.set_output(0, in);
    if (in.dtype() == DType::String || dst_ == DType::String)
      invalid_argument(std::string("Cast between string and ") + dtype_name(in.dtype() == DType::String ? dst_ : in.dtype()) +
                       " is not supported");
    Tensor out(dst_, in.shape());
    // Every dtype to every dtype (TF1's Cast), through one template: 18 x 18 small loops.
    JF_DISPATCH_EVERY(in.dtype(), "Cast", {
      using From = T;
      JF_DISPATCH_EVERY(dst_, "Cast", cast_loop<From, T>(in, out));
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  DType dst_;
};
JF_REGISTER_KERNEL("Cast", CastKernel);

void add_n_kernel(KernelContext& ctx) {
  const Tensor& first = ctx.input(0);
  for (int i = 1; i < ctx.num_inputs(); ++i)
    if (ctx.input(i).shape() != first.shape())
      invalid_argument("AddN inputs must have the same shape: " + shape_str(first.shape()) + " vs " +
                       shape_str(ctx.input(i).shape()) + " (input " + std::to_string(i) + ")");
  Tensor out(first.dtype(), first.shape());
  JF_DISPATCH_NUMBERS(first.dtype(), "AddN", {
    T* y = out.data<T>();
    const T* x0 = first.data<T>();
    for (int64_t j = 0; j < out.size(); ++j) y[j] = x0[j];
    for (int i = 1; i < ctx.num_inputs(); ++i) {
      const T* x = ctx.input(i).data<T>();
      for (int64_t j = 0; j < out.size(); ++j) y[j] += x[j];
    }
  });
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("AddN", add_n_kernel);

template <typename T>
struct AddNStep_op {  // y += x, the fold AddN's kernel does input after input
  T operator()(T y, T x) const { return y + x; }
};
JF_REGISTER_FUSABLE("AddN", [] {
  auto op = ::jf::fusion::binary_op<AddNStep_op>(/*same_shape=*/true);
  op.arity = 0;
  return op;
}());

// Sums a broadcast gradient back to the shape of the input it was broadcast from.
void sum_to_shape_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  const Shape& target = ctx.input(1).shape();
  if (g.shape() == target) return ctx.set_output(0, g);
  if (broadcast_shapes(target, g.shape()) != g.shape())
    invalid_argument("cannot reduce a gradient of shape " + shape_str(g.shape()) + " to shape " + shape_str(target));
  Tensor out(g.dtype(), target);
  JF_DISPATCH_NUMBERS(g.dtype(), "SumToShape", {
    T* y = out.data<T>();
    std::fill(y, y + out.size(), T(0));
    const T* x = g.data<T>();
    const int64_t n = g.size();
    if (out.size() == 1) {
      T s = 0;
      for (int64_t i = 0; i < n; ++i) s += x[i];
      y[0] = s;
    } else if (n > 0) {
      const Shape& gs = g.shape();
      const int r = static_cast<int>(gs.size());
      int64_t st[16], idx[16] = {0};
      broadcast_strides(target, gs, st);
      int64_t off = 0;
      const int64_t inner = gs[r - 1], is = st[r - 1];
      int64_t k = 0;
      for (int64_t outer = n / inner; outer > 0; --outer) {
        for (int64_t j = 0; j < inner; ++j) y[off + j * is] += x[k++];
        for (int d = r - 2; d >= 0; --d) {
          off += st[d];
          if (++idx[d] < gs[d]) break;
          off -= st[d] * gs[d];
          idx[d] = 0;
        }
      }
    }
  });
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("SumToShape", sum_to_shape_kernel);

void check_same_shape(const Tensor& a, const Tensor& b, const char* op) {
  if (a.shape() != b.shape())
    invalid_argument(std::string(op) + " inputs must have the same shape: " + shape_str(a.shape()) + " vs " +
                     shape_str(b.shape()));
}

// ReluGrad(gradients, relu_output): gradients where the ReLU was active.
template <typename T>
struct ReluGrad_op {
  T operator()(T g, T y) const { return y > T(0) ? g : T(0); }
};

void relu_grad_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  const Tensor& y = ctx.input(1);
  check_same_shape(g, y, "ReluGrad");
  Tensor out(g.dtype(), g.shape());
  // Both values loaded unconditionally, pointers __restrict: the compiler turns the select
  // into vector blends; as a branch it mispredicted on about half the units and cost ~10% of
  // an MLP training step.
  JF_DISPATCH_NUMERIC(g.dtype(), "ReluGrad", {
    const T* __restrict gp = g.data<T>();
    const T* __restrict yp = y.data<T>();
    T* __restrict o = out.data<T>();
    const int64_t n = g.size();
    const ReluGrad_op<T> f{};
    for (int64_t i = 0; i < n; ++i) o[i] = f(gp[i], yp[i]);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("ReluGrad", relu_grad_kernel);
JF_REGISTER_FUSABLE("ReluGrad", ::jf::fusion::binary_op<ReluGrad_op>(/*same_shape=*/true));

// SigmoidGrad(y, dy) = dy * y * (1 - y); TanhGrad(y, dy) = dy * (1 - y²).
template <typename T>
struct SigmoidGrad_op {
  T operator()(T y, T g) const { return g * y * (T(1) - y); }
};
template <typename T>
struct TanhGrad_op {
  T operator()(T y, T g) const { return g * (T(1) - y * y); }
};

template <bool Sigmoid>
void activation_grad_kernel(KernelContext& ctx) {
  const Tensor& y = ctx.input(0);
  const Tensor& dy = ctx.input(1);
  check_same_shape(y, dy, Sigmoid ? "SigmoidGrad" : "TanhGrad");
  Tensor out(y.dtype(), y.shape());
  JF_DISPATCH_FLOAT(y.dtype(), "SigmoidGrad", {
    const T* yp = y.data<T>();
    const T* g = dy.data<T>();
    T* o = out.data<T>();
    if constexpr (Sigmoid) {
      const SigmoidGrad_op<T> f{};
      for (int64_t i = 0; i < y.size(); ++i) o[i] = f(yp[i], g[i]);
    } else {
      const TanhGrad_op<T> f{};
      for (int64_t i = 0; i < y.size(); ++i) o[i] = f(yp[i], g[i]);
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("SigmoidGrad", activation_grad_kernel<true>);
JF_REGISTER_FUNCTION("TanhGrad", activation_grad_kernel<false>);
JF_REGISTER_FUSABLE("SigmoidGrad", ::jf::fusion::binary_op<SigmoidGrad_op>(/*same_shape=*/true));
JF_REGISTER_FUSABLE("TanhGrad", ::jf::fusion::binary_op<TanhGrad_op>(/*same_shape=*/true));

}  // namespace
}  // namespace jf
