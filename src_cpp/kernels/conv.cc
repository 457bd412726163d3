// 2-D convolution kernels (jupyter_flow/ops/conv_ops.py declares them): Conv2D and its two
// gradients, Conv2DBackpropInput (also conv2d_transpose's forward) and Conv2DBackpropFilter.
//
// 3x3 stride-1 convolutions with enough channels go to Winograd F(2x2, 3x3) (conv_winograd.h); the
// rest are GEMMs over im2col blocks (conv_im2col.h), with NHWC data and HWIO filters:
//   forward:          out[rows, oc]  = col[rows, K] @ filter[K, oc]
//   filter gradient:  dfilter[K, oc] = sum over blocks of col^T @ dout[rows, oc] (partial sums per
//                     group of blocks, added in order)
//   input gradient:   stride 1: a forward convolution of dout with the filter flipped in space and
//                     its channel axes swapped (no scatter); strided: dcol = dout @ filter^T, added
//                     back by col2im.
// The blocks of output lines are spread over the engine's threads (blas_threads::split_items),
// each thread with its own im2col buffer and a GEMM on its own thread; OpenBLAS stays
// single-threaded, so nothing oversubscribes the cores. A block's buffer is sized to stay in cache
// between im2col and its GEMM. A 1x1 convolution with stride 1 and no padding needs no im2col.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "blas.h"
#include "conv_im2col.h"
#include "conv_winograd.h"
#include "elementwise.h"

namespace jf {
namespace {

// Per-thread im2col buffer: large enough that the GEMM's repacking of the filter is a small share,
// small enough to stay in the L2/L3 cache between im2col and the GEMM that reads it.
constexpr int64_t kColumnBudgetBytes = 256 << 10;
// Enough blocks for two threads to share a large convolution under load.
constexpr int64_t kMinBlocks = 4;
// The filter gradient adds its blocks into one partial sum per group of blocks (at most this many
// groups, cut by the shape alone), then adds the groups in order: the same sums whatever the threads.
constexpr int64_t kFilterGradGroups = 8;

// JUPYTER_FLOW_CONV_WINOGRAD=0 sends 3x3 convolutions to im2col too: for benchmarks that compare the two.
bool winograd_enabled() {
  static const bool enabled = [] {
    const char* env = std::getenv("JUPYTER_FLOW_CONV_WINOGRAD");
    return env == nullptr || std::strcmp(env, "0") != 0;
  }();
  return enabled;
}

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
  if (c.depth() > kMax || c.oc > kMax || c.g.w.out * c.depth() > kMax || c.kh * c.kw * c.oc > kMax ||
      c.g.w.in * c.kh * c.kw * c.oc > kMax)
    fail(Code::ResourceExhausted, std::string(op) + ": filter " + shape_str(filter) + " is too large for BLAS");
  return c;
}

void require_shape(const char* op, const char* what, const Shape& got, const Shape& want) {
  if (got != want)
    invalid_argument(std::string(op) + ": " + what + " has shape " + shape_str(got) + " but the input, filter, "
                     "strides and padding give " + shape_str(want));
}

int as_int(int64_t v) { return static_cast<int>(v); }

// How the output lines of one convolution are cut into blocks and spread over threads.
struct LineSplit {
  int workers = 1;
  int64_t block = 1;  // output lines per block (one im2col buffer, one GEMM)
  int64_t col_size(const ConvShape& c) const { return block * c.g.w.out * c.depth(); }
};

LineSplit split_lines(const ConvShape& c, size_t elem) {
  LineSplit s;
  const int64_t line_bytes = std::max<int64_t>(1, c.g.w.out * c.depth() * static_cast<int64_t>(elem));
  s.block = std::max<int64_t>(1, std::min<int64_t>(c.lines(), kColumnBudgetBytes / line_bytes));
  if (c.multiply_adds() >= blas_threads::kSplitWork && (c.lines() + s.block - 1) / s.block < kMinBlocks) {
    // Much work in few large blocks: smaller ones let the threads share it. From the shape only, so
    // the GEMMs (and their rounding) do not change with the thread count.
    const int64_t blocks = std::min(c.lines(), kMinBlocks);
    s.block = (c.lines() + blocks - 1) / blocks;
  }
  s.workers = blas_threads::workers_for((c.lines() + s.block - 1) / s.block, c.multiply_adds());
  return s;
}

template <typename T>
void conv_forward(const ConvShape& c, const T* x, const T* f, T* out) {
  const int64_t K = c.depth(), wout = c.g.w.out;
  if (c.rows() == 0 || c.oc == 0) return;
  if (K == 0) {
    std::fill(out, out + c.rows() * c.oc, T(0));
    return;
  }
  if (c.is_pointwise()) {  // the input is the matrix; blas::gemm spreads a large one itself
    blas::gemm(false, false, as_int(c.rows()), as_int(c.oc), as_int(K), T(1), x, as_int(K), f, as_int(c.oc), T(0),
               out, as_int(c.oc));
    return;
  }
  if (winograd_enabled() && winograd::applies(c)) {
    winograd::forward(c, x, f, out);
    return;
  }
  const LineSplit s = split_lines(c, sizeof(T));
  Tensor scratch(float_dtype_of<T>(), {s.workers * s.col_size(c)});
  blas_threads::split_items(c.lines(), s.block, s.workers, [&](int worker, int64_t l0, int64_t l1) {
    T* col = scratch.data<T>() + worker * s.col_size(c);
    im2col(c, x, col, l0, l1);
    blas::gemm_here(false, false, as_int((l1 - l0) * wout), as_int(c.oc), as_int(K), T(1), col, as_int(K), f,
                    as_int(c.oc), T(0), out + l0 * wout * c.oc, as_int(c.oc));
  });
}

template <typename T>
void conv_backprop_filter(const ConvShape& c, const T* x, const T* dy, T* df) {
  const int64_t K = c.depth(), wout = c.g.w.out;
  if (K == 0 || c.oc == 0) return;
  if (c.rows() == 0) {
    std::fill(df, df + K * c.oc, T(0));
    return;
  }
  if (c.is_pointwise()) {
    blas::gemm(true, false, as_int(K), as_int(c.oc), as_int(c.rows()), T(1), x, as_int(K), dy, as_int(c.oc), T(0),
               df, as_int(c.oc));
    return;
  }
  if (winograd_enabled() && winograd::applies(c)) {
    winograd::backprop_filter(c, x, dy, df);
    return;
  }
  const LineSplit s = split_lines(c, sizeof(T));
  const int64_t fsize = K * c.oc, blocks = (c.lines() + s.block - 1) / s.block;
  const int64_t group = (blocks + kFilterGradGroups - 1) / kFilterGradGroups * s.block;  // lines per group
  const int64_t groups = (c.lines() + group - 1) / group;
  Tensor scratch(float_dtype_of<T>(), {s.workers * s.col_size(c) + (groups - 1) * fsize});
  T* partials = scratch.data<T>() + s.workers * s.col_size(c);
  std::fill(df, df + fsize, T(0));
  std::fill(partials, partials + (groups - 1) * fsize, T(0));
  blas_threads::split_items(c.lines(), group, s.workers, [&](int worker, int64_t g0, int64_t g1) {
    T* col = scratch.data<T>() + worker * s.col_size(c);
    T* into = g0 == 0 ? df : partials + (g0 / group - 1) * fsize;
    for (int64_t l0 = g0; l0 < g1; l0 += s.block) {
      const int64_t l1 = std::min(g1, l0 + s.block);
      im2col(c, x, col, l0, l1);
      blas::gemm_here(true, false, as_int(K), as_int(c.oc), as_int((l1 - l0) * wout), T(1), col, as_int(K),
                      dy + l0 * wout * c.oc, as_int(c.oc), T(1), into, as_int(c.oc));
    }
  });
  for (int64_t g = 1; g < groups; ++g) {
    const T* p = partials + (g - 1) * fsize;
    for (int64_t i = 0; i < fsize; ++i) df[i] += p[i];
  }
}

// With stride 1, dx[i] = sum over taps k of dout[i + pad - k*dilation] * filter[k]^T: a forward
// convolution of dout, padded by (window - 1) * dilation - pad before, with the filter flipped in
// space and in/out channels swapped. That avoids col2im's scattered adds.
template <typename T>
void conv_backprop_input_stride1(const ConvShape& c, const T* f, const T* dy, T* dx) {
  ConvShape t;
  t.kh = c.kh;
  t.kw = c.kw;
  t.ic = c.oc;
  t.oc = c.ic;
  t.g.batch = c.g.batch;
  t.g.channels = c.oc;
  auto flip_axis = [](const WindowAxis& a) {
    WindowAxis b = a;
    b.in = a.out;
    b.out = a.in;
    b.pad_before = (a.window - 1) * a.dilation - a.pad_before;
    return b;
  };
  t.g.h = flip_axis(c.g.h);
  t.g.w = flip_axis(c.g.w);
  std::vector<T> flipped(static_cast<size_t>(c.depth() * c.oc));
  for (int64_t ky = 0; ky < c.kh; ++ky)
    for (int64_t kx = 0; kx < c.kw; ++kx) {
      const T* src = f + ((c.kh - 1 - ky) * c.kw + (c.kw - 1 - kx)) * c.ic * c.oc;
      T* dst = flipped.data() + (ky * c.kw + kx) * c.oc * c.ic;
      for (int64_t i = 0; i < c.ic; ++i)
        for (int64_t o = 0; o < c.oc; ++o) dst[o * c.ic + i] = src[i * c.oc + o];
    }
  conv_forward(t, dy, flipped.data(), dx);
}

// Strided: dcol = dout @ filter^T, then col2im. Images are independent, so threads take whole
// images and never add into the same dx values.
template <typename T>
void conv_backprop_input_strided(const ConvShape& c, const T* f, const T* dy, T* dx) {
  const int64_t K = c.depth(), wout = c.g.w.out, hout = c.g.h.out;
  std::fill(dx, dx + c.g.batch * c.g.h.in * c.g.w.in * c.ic, T(0));
  LineSplit s = split_lines(c, sizeof(T));
  s.block = std::min(s.block, hout);
  s.workers = blas_threads::workers_for(c.g.batch, c.multiply_adds());
  Tensor scratch(float_dtype_of<T>(), {s.workers * s.col_size(c)});
  blas_threads::split_items(c.g.batch, 1, s.workers, [&](int worker, int64_t n0, int64_t n1) {
    T* col = scratch.data<T>() + worker * s.col_size(c);
    for (int64_t l0 = n0 * hout; l0 < n1 * hout; l0 += s.block) {
      const int64_t l1 = std::min(n1 * hout, l0 + s.block);
      blas::gemm_here(false, true, as_int((l1 - l0) * wout), as_int(K), as_int(c.oc), T(1), dy + l0 * wout * c.oc,
                      as_int(c.oc), f, as_int(c.oc), T(0), col, as_int(K));
      col2im_add(c, col, dx, l0, l1);
    }
  });
}

template <typename T>
void conv_backprop_input(const ConvShape& c, const T* f, const T* dy, T* dx) {
  const int64_t K = c.depth();
  const int64_t input_size = c.g.batch * c.g.h.in * c.g.w.in * c.ic;
  if (c.rows() == 0 || c.oc == 0 || K == 0) {
    std::fill(dx, dx + input_size, T(0));
    return;
  }
  if (c.is_pointwise()) {
    blas::gemm(false, true, as_int(c.rows()), as_int(K), as_int(c.oc), T(1), dy, as_int(c.oc), f, as_int(c.oc),
               T(0), dx, as_int(K));
    return;
  }
  if (c.g.h.stride == 1 && c.g.w.stride == 1)
    conv_backprop_input_stride1(c, f, dy, dx);
  else
    conv_backprop_input_strided(c, f, dy, dx);
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
