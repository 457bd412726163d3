// Fill, ZerosLike, OnesLike, Select (where).
#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

class FillKernel : public OpKernel {
 public:
  // The static shape; with a dims input it may be partial or (unknown rank) absent, and is not used.
  explicit FillKernel(const KernelInit& init)
      : shape_(init.node.attrs.get_or<std::vector<int64_t>>("shape", {})) {}
  void compute(KernelContext& ctx) override {
    const Tensor& v = ctx.input(0);
    if (v.size() != 1) invalid_argument("Fill's value must be a scalar, got shape " + shape_str(v.shape()));
    // A second input holds dims known only at run time (tf.zeros(tf.shape(x))).
    Shape shape = shape_;
    if (ctx.num_inputs() > 1) {
      std::vector<int64_t> dims = int_vector(ctx.input(1), "dims");
      for (int64_t d : dims)
        if (d < 0) invalid_argument("Fill's dims must be non-negative, got " + std::to_string(d));
      shape.assign(dims.begin(), dims.end());
    }
    Tensor out(v.dtype(), shape);
    if (v.dtype() == DType::String) {
      for (auto& s : out.strings()) s = v.strings()[0];
    } else {
      JF_DISPATCH_ALL(v.dtype(), "Fill", std::fill(out.data<T>(), out.data<T>() + out.size(), v.data<T>()[0]))
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  Shape shape_;
};
JF_REGISTER_KERNEL("Fill", FillKernel);

template <int Value>
class ConstantLikeKernel : public OpKernel {
 public:
  explicit ConstantLikeKernel(const KernelInit& init) : dtype_(init.node.out_dtypes.at(0)) {}
  void compute(KernelContext& ctx) override {
    Tensor out(dtype_, ctx.input(0).shape());
    JF_DISPATCH_ALL(dtype_, "ZerosLike", std::fill(out.data<T>(), out.data<T>() + out.size(), static_cast<T>(Value)))
    ctx.set_output(0, std::move(out));
  }

 private:
  DType dtype_;
};
JF_REGISTER_KERNEL("ZerosLike", ConstantLikeKernel<0>);
JF_REGISTER_KERNEL("OnesLike", ConstantLikeKernel<1>);

void select_kernel(KernelContext& ctx) {
  const Tensor& c = ctx.input(0);
  const Tensor& x = ctx.input(1);
  const Tensor& y = ctx.input(2);
  Shape s = broadcast_shapes(broadcast_shapes(c.shape(), x.shape()), y.shape());
  // where(c, x, y) = pick(c, x) then fill from y: done as two broadcast passes.
  Tensor out(x.dtype(), s);
  if (x.dtype() == DType::String) invalid_argument("where does not support string tensors");
  JF_DISPATCH_ALL(x.dtype(), "Select", {
    Tensor tmp(x.dtype(), broadcast_shapes(c.shape(), x.shape()));
    broadcast_apply(c.data<bool>(), c.shape(), x.data<T>(), x.shape(), tmp.data<T>(), tmp.shape(),
                    [](bool, T v) { return v; });
    Tensor mask(DType::Bool, tmp.shape());
    broadcast_apply(c.data<bool>(), c.shape(), x.data<T>(), x.shape(), mask.data<bool>(), mask.shape(),
                    [](bool cv, T) { return cv; });
    Tensor picked(x.dtype(), s);
    broadcast_apply(tmp.data<T>(), tmp.shape(), y.data<T>(), y.shape(), picked.data<T>(), s, [](T a, T) { return a; });
    Tensor m2(DType::Bool, s);
    broadcast_apply(mask.data<bool>(), mask.shape(), y.data<T>(), y.shape(), m2.data<bool>(), s,
                    [](bool cv, T) { return cv; });
    Tensor yb(x.dtype(), s);
    broadcast_apply(m2.data<bool>(), s, y.data<T>(), y.shape(), yb.data<T>(), s, [](bool, T v) { return v; });
    T* o = out.data<T>();
    const T* p = picked.data<T>();
    const T* q = yb.data<T>();
    const bool* m = m2.data<bool>();
    for (int64_t i = 0; i < out.size(); ++i) o[i] = m[i] ? p[i] : q[i];
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Select", select_kernel);

}  // namespace
}  // namespace jf
