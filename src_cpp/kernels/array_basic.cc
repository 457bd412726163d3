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
      JF_DISPATCH_EVERY(v.dtype(), "Fill", std::fill(out.data<T>(), out.data<T>() + out.size(), v.data<T>()[0]));
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
    JF_DISPATCH_EVERY(dtype_, "ZerosLike", std::fill(out.data<T>(), out.data<T>() + out.size(), static_cast<T>(Value)));
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
  if (c.dtype() != DType::Bool || x.dtype() != y.dtype())
    invalid_argument("where needs a bool condition and x, y of one dtype");
  Shape s = broadcast_shapes(broadcast_shapes(c.shape(), x.shape()), y.shape());
  Tensor out(x.dtype(), s);
  const int r = static_cast<int>(s.size());
  if (r > 16) invalid_argument("tensors of rank above 16 are not supported");
  // One pass over the output, each input read through its broadcast strides.
  int64_t sc[16] = {0}, sx[16] = {0}, sy[16] = {0}, idx[16] = {0};
  broadcast_strides(c.shape(), s, sc);
  broadcast_strides(x.shape(), s, sx);
  broadcast_strides(y.shape(), s, sy);
  auto pick = [&](const auto* xp, const auto* yp, auto* o) {
    const bool* cp = c.data<bool>();
    int64_t oc = 0, ox = 0, oy = 0;
    for (int64_t k = 0; k < out.size(); ++k) {
      o[k] = cp[oc] ? xp[ox] : yp[oy];
      for (int d = r - 1; d >= 0; --d) {
        oc += sc[d];
        ox += sx[d];
        oy += sy[d];
        if (++idx[d] < s[d]) break;
        oc -= sc[d] * s[d];
        ox -= sx[d] * s[d];
        oy -= sy[d] * s[d];
        idx[d] = 0;
      }
    }
  };
  if (x.dtype() == DType::String)
    pick(x.strings().data(), y.strings().data(), out.strings().data());
  else
    JF_DISPATCH_EVERY(x.dtype(), "Select", pick(x.data<T>(), y.data<T>(), out.data<T>()));
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Select", select_kernel);

}  // namespace
}  // namespace jf
