// 2-D convolution kernels (jupyter_flow/ops/conv_ops.py declares them): Conv2D and its two
// gradients, Conv2DBackpropInput (also conv2d_transpose's forward) and Conv2DBackpropFilter.
//
// All three are one BLAS gemm over an im2col matrix: each row holds the kh*kw*in_channels input
// values one output pixel sees, so with NHWC data and HWIO filters
//   forward:          out[rows, oc]  = col[rows, K] @ filter[K, oc]
//   filter gradient:  dfilter[K, oc] = col^T @ dout[rows, oc]
//   input gradient:   dcol[rows, K]  = dout @ filter^T, scattered back by col2im.
// The matrix is built a block of output lines at a time (kColumnBudgetBytes), so a batch of large
// images never needs a giant buffer and each block stays in cache between im2col and gemm.
// A 1x1 convolution with stride 1 and no padding needs no im2col at all: the input is the matrix.
#include <cstring>
#include <limits>

#include "blas.h"
#include "conv_geometry.h"
#include "elementwise.h"

namespace jf {
namespace {

constexpr int64_t kColumnBudgetBytes = 4 << 20;

struct ConvShape {
  Window2D g;
  int64_t kh = 0, kw = 0, ic = 0, oc = 0;
  int64_t depth() const { return kh * kw * ic; }  // K: the length of one im2col row
  int64_t lines() const { return g.batch * g.h.out; }
  Shape output() const { return {g.batch, g.h.out, g.w.out, oc}; }
  bool is_pointwise() const {
    return kh == 1 && kw == 1 && g.h.stride == 1 && g.w.stride == 1 && g.h.pad_before == 0 &&
           g.w.pad_before == 0 && g.h.out == g.h.in && g.w.out == g.w.in;
  }
};

ConvShape conv_shape(const char* op, const WindowAttrs& wa, const Shape& input, const Shape& filter) {
  require_rank4(op, "input", input);
  require_rank4(op, "filter", filter);
  if (filter[2] != input[3])
    invalid_argument(std::string(op) + ": the input has " + std::to_string(input[3]) + " channels (shape " +
                     shape_str(input) + ") but the filter expects " + std::to_string(filter[2]) + " (shape " +
                     shape_str(filter) + " = [height, width, in_channels, out_channels])");
  ConvShape c;
  c.kh = filter[0];
  c.kw = filter[1];
  c.ic = filter[2];
  c.oc = filter[3];
  c.g = wa.window(op, input, c.kh, c.kw);
  constexpr int64_t kMax = std::numeric_limits<int>::max();
  if (c.depth() > kMax || c.oc > kMax || c.g.w.out * c.depth() > kMax)
    fail(Code::ResourceExhausted, std::string(op) + ": filter " + shape_str(filter) + " is too large for BLAS");
  return c;
}

void require_shape(const char* op, const char* what, const Shape& got, const Shape& want) {
  if (got != want)
    invalid_argument(std::string(op) + ": " + what + " has shape " + shape_str(got) + " but the input, filter, "
                     "strides and padding give " + shape_str(want));
}

int64_t lines_per_block(const ConvShape& c, size_t elem) {
  const int64_t line_bytes = std::max<int64_t>(1, c.g.w.out * c.depth() * static_cast<int64_t>(elem));
  return std::max<int64_t>(1, std::min<int64_t>(c.lines(), kColumnBudgetBytes / line_bytes));
}

// Visits the input span behind every (row, ky) of the im2col block of lines [l0, l1):
// f(dst, src, count) for runs inside the image, z(dst, count) for padding.
template <typename T, typename In, typename Out, typename Copy, typename Zero>
void for_each_window_run(const ConvShape& c, In x, Out col, int64_t l0, int64_t l1, Copy copy, Zero zero) {
  const Window2D& g = c.g;
  const int64_t K = c.depth(), ic = c.ic, row_span = c.kw * ic;
  const int64_t image = g.h.in * g.w.in * ic;
  for (int64_t line = l0; line < l1; ++line) {
    const int64_t n = line / g.h.out, oy = line % g.h.out;
    auto xn = x + n * image;
    for (int64_t ox = 0; ox < g.w.out; ++ox) {
      auto row = col + ((line - l0) * g.w.out + ox) * K;
      const int64_t ix0 = ox * g.w.stride - g.w.pad_before;
      const bool whole = g.w.dilation == 1 && ix0 >= 0 && ix0 + c.kw <= g.w.in;
      for (int64_t ky = 0; ky < c.kh; ++ky) {
        auto dst = row + ky * row_span;
        const int64_t iy = oy * g.h.stride - g.h.pad_before + ky * g.h.dilation;
        if (iy < 0 || iy >= g.h.in) {
          zero(dst, row_span);
          continue;
        }
        auto xrow = xn + iy * g.w.in * ic;
        if (whole) {  // the window's row is contiguous in NHWC: one run
          copy(dst, xrow + ix0 * ic, row_span);
          continue;
        }
        for (int64_t kx = 0; kx < c.kw; ++kx) {
          const int64_t ix = ix0 + kx * g.w.dilation;
          if (ix < 0 || ix >= g.w.in)
            zero(dst + kx * ic, ic);
          else
            copy(dst + kx * ic, xrow + ix * ic, ic);
        }
      }
    }
  }
}

template <typename T>
void im2col(const ConvShape& c, const T* x, T* col, int64_t l0, int64_t l1) {
  for_each_window_run<T>(c, x, col, l0, l1,
                         [](T* d, const T* s, int64_t k) { std::memcpy(d, s, k * sizeof(T)); },
                         [](T* d, int64_t k) { std::fill(d, d + k, T(0)); });
}

// The transpose of im2col: every column entry is added back to the input value it was copied from.
template <typename T>
void col2im_add(const ConvShape& c, const T* col, T* dx, int64_t l0, int64_t l1) {
  const Window2D& g = c.g;
  const int64_t K = c.depth(), ic = c.ic, image = g.h.in * g.w.in * ic;
  for (int64_t line = l0; line < l1; ++line) {
    const int64_t n = line / g.h.out, oy = line % g.h.out;
    T* xn = dx + n * image;
    for (int64_t ox = 0; ox < g.w.out; ++ox) {
      const T* row = col + ((line - l0) * g.w.out + ox) * K;
      const int64_t ix0 = ox * g.w.stride - g.w.pad_before;
      for (int64_t ky = 0; ky < c.kh; ++ky) {
        const int64_t iy = oy * g.h.stride - g.h.pad_before + ky * g.h.dilation;
        if (iy < 0 || iy >= g.h.in) continue;
        T* xrow = xn + iy * g.w.in * ic;
        const T* src = row + ky * c.kw * ic;
        for (int64_t kx = 0; kx < c.kw; ++kx) {
          const int64_t ix = ix0 + kx * g.w.dilation;
          if (ix < 0 || ix >= g.w.in) continue;
          T* d = xrow + ix * ic;
          const T* s = src + kx * ic;
          for (int64_t i = 0; i < ic; ++i) d[i] += s[i];
        }
      }
    }
  }
}

int as_int(int64_t v) { return static_cast<int>(v); }

template <typename T>
void conv_forward(const ConvShape& c, const T* x, const T* f, T* out) {
  const int64_t K = c.depth(), rows_total = c.lines() * c.g.w.out;
  if (rows_total == 0 || c.oc == 0) return;
  if (K == 0) {
    std::fill(out, out + rows_total * c.oc, T(0));
    return;
  }
  if (c.is_pointwise() && rows_total <= std::numeric_limits<int>::max()) {
    blas::gemm(false, false, as_int(rows_total), as_int(c.oc), as_int(K), T(1), x, as_int(K), f, as_int(c.oc), T(0),
               out, as_int(c.oc));
    return;
  }
  const int64_t block = lines_per_block(c, sizeof(T));
  Tensor scratch(float_dtype_of<T>(), {block * c.g.w.out * K});
  T* col = scratch.data<T>();
  for (int64_t l0 = 0; l0 < c.lines(); l0 += block) {
    const int64_t l1 = std::min(c.lines(), l0 + block), rows = (l1 - l0) * c.g.w.out;
    im2col(c, x, col, l0, l1);
    blas::gemm(false, false, as_int(rows), as_int(c.oc), as_int(K), T(1), col, as_int(K), f, as_int(c.oc), T(0),
               out + l0 * c.g.w.out * c.oc, as_int(c.oc));
  }
}

template <typename T>
void conv_backprop_filter(const ConvShape& c, const T* x, const T* dy, T* df) {
  const int64_t K = c.depth(), rows_total = c.lines() * c.g.w.out;
  if (K == 0 || c.oc == 0) return;
  if (rows_total == 0) {
    std::fill(df, df + K * c.oc, T(0));
    return;
  }
  if (c.is_pointwise() && rows_total <= std::numeric_limits<int>::max()) {
    blas::gemm(true, false, as_int(K), as_int(c.oc), as_int(rows_total), T(1), x, as_int(K), dy, as_int(c.oc), T(0),
               df, as_int(c.oc));
    return;
  }
  const int64_t block = lines_per_block(c, sizeof(T));
  Tensor scratch(float_dtype_of<T>(), {block * c.g.w.out * K});
  T* col = scratch.data<T>();
  for (int64_t l0 = 0; l0 < c.lines(); l0 += block) {
    const int64_t l1 = std::min(c.lines(), l0 + block), rows = (l1 - l0) * c.g.w.out;
    im2col(c, x, col, l0, l1);
    blas::gemm(true, false, as_int(K), as_int(c.oc), as_int(rows), T(1), col, as_int(K),
               dy + l0 * c.g.w.out * c.oc, as_int(c.oc), l0 == 0 ? T(0) : T(1), df, as_int(c.oc));
  }
}

template <typename T>
void conv_backprop_input(const ConvShape& c, const T* f, const T* dy, T* dx) {
  const int64_t K = c.depth(), rows_total = c.lines() * c.g.w.out;
  const int64_t input_size = c.g.batch * c.g.h.in * c.g.w.in * c.ic;
  if (rows_total == 0 || c.oc == 0 || K == 0) {
    std::fill(dx, dx + input_size, T(0));
    return;
  }
  if (c.is_pointwise() && rows_total <= std::numeric_limits<int>::max()) {
    blas::gemm(false, true, as_int(rows_total), as_int(K), as_int(c.oc), T(1), dy, as_int(c.oc), f, as_int(c.oc),
               T(0), dx, as_int(K));
    return;
  }
  std::fill(dx, dx + input_size, T(0));
  const int64_t block = lines_per_block(c, sizeof(T));
  Tensor scratch(float_dtype_of<T>(), {block * c.g.w.out * K});
  T* col = scratch.data<T>();
  for (int64_t l0 = 0; l0 < c.lines(); l0 += block) {
    const int64_t l1 = std::min(c.lines(), l0 + block), rows = (l1 - l0) * c.g.w.out;
    blas::gemm(false, true, as_int(rows), as_int(K), as_int(c.oc), T(1), dy + l0 * c.g.w.out * c.oc, as_int(c.oc),
               f, as_int(c.oc), T(0), col, as_int(K));
    col2im_add(c, col, dx, l0, l1);
  }
}

void require_same_dtype(const char* op, const Tensor& a, const Tensor& b, const char* what) {
  if (a.dtype() != b.dtype())
    invalid_argument(std::string(op) + ": " + what + " must have the same dtype, got " + dtype_name(a.dtype()) +
                     " and " + dtype_name(b.dtype()));
}

class Conv2DKernel : public OpKernel {
 public:
  explicit Conv2DKernel(const KernelInit& init) : attrs_(init.node.attrs, "Conv2D", true) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Tensor& f = ctx.input(1);
    require_same_dtype("Conv2D", x, f, "input and filter");
    const ConvShape c = conv_shape("Conv2D", attrs_, x.shape(), f.shape());
    Tensor out(x.dtype(), c.output());
    JF_DISPATCH_FLOAT(x.dtype(), "Conv2D", conv_forward<T>(c, x.data<T>(), f.data<T>(), out.data<T>()))
    ctx.set_output(0, std::move(out));
  }

 private:
  WindowAttrs attrs_;
};
JF_REGISTER_KERNEL("Conv2D", Conv2DKernel);

// Inputs: input_sizes (the shape of the input being differentiated), filter, out_backprop.
class Conv2DBackpropInputKernel : public OpKernel {
 public:
  explicit Conv2DBackpropInputKernel(const KernelInit& init)
      : attrs_(init.node.attrs, "Conv2DBackpropInput", true) {}
  void compute(KernelContext& ctx) override {
    const char* op = "Conv2DBackpropInput";
    const Shape input = shape_from_tensor(op, "input_sizes", ctx.input(0), 4);
    const Tensor& f = ctx.input(1);
    const Tensor& dy = ctx.input(2);
    require_same_dtype(op, f, dy, "filter and out_backprop");
    const ConvShape c = conv_shape(op, attrs_, input, f.shape());
    require_shape(op, "out_backprop", dy.shape(), c.output());
    Tensor dx(f.dtype(), input);
    JF_DISPATCH_FLOAT(f.dtype(), op, conv_backprop_input<T>(c, f.data<T>(), dy.data<T>(), dx.data<T>()))
    ctx.set_output(0, std::move(dx));
  }

 private:
  WindowAttrs attrs_;
};
JF_REGISTER_KERNEL("Conv2DBackpropInput", Conv2DBackpropInputKernel);

// Inputs: input, filter_sizes (the shape of the filter being differentiated), out_backprop.
class Conv2DBackpropFilterKernel : public OpKernel {
 public:
  explicit Conv2DBackpropFilterKernel(const KernelInit& init)
      : attrs_(init.node.attrs, "Conv2DBackpropFilter", true) {}
  void compute(KernelContext& ctx) override {
    const char* op = "Conv2DBackpropFilter";
    const Tensor& x = ctx.input(0);
    const Shape filter = shape_from_tensor(op, "filter_sizes", ctx.input(1), 4);
    const Tensor& dy = ctx.input(2);
    require_same_dtype(op, x, dy, "input and out_backprop");
    const ConvShape c = conv_shape(op, attrs_, x.shape(), filter);
    require_shape(op, "out_backprop", dy.shape(), c.output());
    Tensor df(x.dtype(), filter);
    JF_DISPATCH_FLOAT(x.dtype(), op, conv_backprop_filter<T>(c, x.data<T>(), dy.data<T>(), df.data<T>()))
    ctx.set_output(0, std::move(df));
  }

 private:
  WindowAttrs attrs_;
};
JF_REGISTER_KERNEL("Conv2DBackpropFilter", Conv2DBackpropFilterKernel);

}  // namespace
}  // namespace jf
