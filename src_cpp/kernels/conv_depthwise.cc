// Depthwise convolution kernels (jupyter_flow/ops/depthwise_ops.py declares them):
// DepthwiseConv2dNative and its input/filter gradients. Each input channel c has its own
// `multiplier` filters, giving output channels c * multiplier + m. There is no sum over input
// channels, so no gemm: the loops run per output pixel with the channel loop innermost, where
// NHWC data and the [height, width, channels, multiplier] filter are both contiguous.
#include "conv_geometry.h"
#include "elementwise.h"

namespace jf {
namespace {

struct DepthwiseShape {
  Window2D g;
  int64_t kh = 0, kw = 0, mult = 0;
  int64_t out_channels() const { return g.channels * mult; }
  Shape output() const { return {g.batch, g.h.out, g.w.out, out_channels()}; }
};

DepthwiseShape depthwise_shape(const char* op, const WindowAttrs& wa, const Shape& input, const Shape& filter) {
  require_rank4(op, "input", input);
  require_rank4(op, "filter", filter);
  if (filter[2] != input[3])
    invalid_argument(std::string(op) + ": the input has " + std::to_string(input[3]) + " channels (shape " +
                     shape_str(input) + ") but the filter has " + std::to_string(filter[2]) + " (shape " +
                     shape_str(filter) + " = [height, width, in_channels, channel_multiplier])");
  DepthwiseShape d;
  d.kh = filter[0];
  d.kw = filter[1];
  d.mult = filter[3];
  d.g = wa.window(op, input, d.kh, d.kw);
  return d;
}

// Calls f(x_pixel_offset, filter_tap_offset, out_pixel_offset) for every (output pixel, filter
// tap) pair whose input pixel lies inside the image.
template <typename F>
void for_each_tap(const DepthwiseShape& d, F f) {
  const Window2D& g = d.g;
  const int64_t C = g.channels, OC = d.out_channels();
  int64_t out = 0;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t oy = 0; oy < g.h.out; ++oy)
      for (int64_t ox = 0; ox < g.w.out; ++ox, out += OC)
        for (int64_t ky = 0; ky < d.kh; ++ky) {
          const int64_t iy = oy * g.h.stride - g.h.pad_before + ky * g.h.dilation;
          if (iy < 0 || iy >= g.h.in) continue;
          for (int64_t kx = 0; kx < d.kw; ++kx) {
            const int64_t ix = ox * g.w.stride - g.w.pad_before + kx * g.w.dilation;
            if (ix < 0 || ix >= g.w.in) continue;
            f(((n * g.h.in + iy) * g.w.in + ix) * C, (ky * d.kw + kx) * OC, out);
          }
        }
}

void check_dtypes(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    invalid_argument(std::string(op) + ": operands must have the same dtype, got " + dtype_name(a.dtype()) + " and " +
                     dtype_name(b.dtype()));
}

void check_out_backprop(const char* op, const DepthwiseShape& d, const Tensor& dy) {
  if (dy.shape() != d.output())
    invalid_argument(std::string(op) + ": out_backprop has shape " + shape_str(dy.shape()) +
                     " but the input, filter, strides and padding give " + shape_str(d.output()));
}

class DepthwiseKernel : public OpKernel {
 public:
  explicit DepthwiseKernel(const KernelInit& init) : a_(init.node.attrs, "DepthwiseConv2dNative", true) {}
  void compute(KernelContext& ctx) override {
    const char* op = "DepthwiseConv2dNative";
    const Tensor& x = ctx.input(0);
    const Tensor& f = ctx.input(1);
    check_dtypes(op, x, f);
    const DepthwiseShape d = depthwise_shape(op, a_, x.shape(), f.shape());
    Tensor out(x.dtype(), d.output());
    JF_DISPATCH_FLOAT(x.dtype(), op, {
      const T* xp = x.data<T>();
      const T* fp = f.data<T>();
      T* op_ = out.data<T>();
      std::fill(op_, op_ + out.size(), T(0));
      const int64_t C = d.g.channels, M = d.mult;
      for_each_tap(d, [&](int64_t xi, int64_t fi, int64_t oi) {
        const T* v = xp + xi;
        const T* k = fp + fi;
        T* o = op_ + oi;
        if (M == 1) {
          for (int64_t c = 0; c < C; ++c) o[c] += v[c] * k[c];
        } else {
          for (int64_t c = 0; c < C; ++c)
            for (int64_t m = 0; m < M; ++m) o[c * M + m] += v[c] * k[c * M + m];
        }
      });
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  WindowAttrs a_;
};
JF_REGISTER_KERNEL("DepthwiseConv2dNative", DepthwiseKernel);

// Inputs: input_sizes, filter, out_backprop.
class DepthwiseBackpropInputKernel : public OpKernel {
 public:
  explicit DepthwiseBackpropInputKernel(const KernelInit& init)
      : a_(init.node.attrs, "DepthwiseConv2dNativeBackpropInput", true) {}
  void compute(KernelContext& ctx) override {
    const char* op = "DepthwiseConv2dNativeBackpropInput";
    const Shape input = shape_from_tensor(op, "input_sizes", ctx.input(0), 4);
    const Tensor& f = ctx.input(1);
    const Tensor& dy = ctx.input(2);
    check_dtypes(op, f, dy);
    const DepthwiseShape d = depthwise_shape(op, a_, input, f.shape());
    check_out_backprop(op, d, dy);
    Tensor dx(f.dtype(), input);
    JF_DISPATCH_FLOAT(f.dtype(), op, {
      const T* fp = f.data<T>();
      const T* gp = dy.data<T>();
      T* xp = dx.data<T>();
      std::fill(xp, xp + dx.size(), T(0));
      const int64_t C = d.g.channels, M = d.mult;
      for_each_tap(d, [&](int64_t xi, int64_t fi, int64_t oi) {
        T* v = xp + xi;
        const T* k = fp + fi;
        const T* gr = gp + oi;
        for (int64_t c = 0; c < C; ++c) {
          T s = 0;
          for (int64_t m = 0; m < M; ++m) s += gr[c * M + m] * k[c * M + m];
          v[c] += s;
        }
      });
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  WindowAttrs a_;
};
JF_REGISTER_KERNEL("DepthwiseConv2dNativeBackpropInput", DepthwiseBackpropInputKernel);

// Inputs: input, filter_sizes, out_backprop.
class DepthwiseBackpropFilterKernel : public OpKernel {
 public:
  explicit DepthwiseBackpropFilterKernel(const KernelInit& init)
      : a_(init.node.attrs, "DepthwiseConv2dNativeBackpropFilter", true) {}
  void compute(KernelContext& ctx) override {
    const char* op = "DepthwiseConv2dNativeBackpropFilter";
    const Tensor& x = ctx.input(0);
    const Shape filter = shape_from_tensor(op, "filter_sizes", ctx.input(1), 4);
    const Tensor& dy = ctx.input(2);
    check_dtypes(op, x, dy);
    const DepthwiseShape d = depthwise_shape(op, a_, x.shape(), filter);
    check_out_backprop(op, d, dy);
    Tensor df(x.dtype(), filter);
    JF_DISPATCH_FLOAT(x.dtype(), op, {
      const T* xp = x.data<T>();
      const T* gp = dy.data<T>();
      T* fp = df.data<T>();
      std::fill(fp, fp + df.size(), T(0));
      const int64_t C = d.g.channels, M = d.mult;
      for_each_tap(d, [&](int64_t xi, int64_t fi, int64_t oi) {
        const T* v = xp + xi;
        T* k = fp + fi;
        const T* gr = gp + oi;
        for (int64_t c = 0; c < C; ++c)
          for (int64_t m = 0; m < M; ++m) k[c * M + m] += v[c] * gr[c * M + m];
      });
    })
    ctx.set_output(0, std::move(df));
  }

 private:
  WindowAttrs a_;
};
JF_REGISTER_KERNEL("DepthwiseConv2dNativeBackpropFilter", DepthwiseBackpropFilterKernel);

}  // namespace
}  // namespace jf
