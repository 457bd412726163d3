// Pooling kernels (jupyter_flow/ops/pooling_ops.py declares them): MaxPool, AvgPool and their
// gradients. NHWC keeps the channels of one pixel contiguous, so every loop's innermost level
// runs over channels (vectorized); windows are clipped to the image, never padded with values:
// SAME max pooling ignores the padding and SAME average pooling divides by the values it saw
// (as TF).
#include <limits>
#include <vector>

#include "blas_threads.h"
#include "conv_geometry.h"
#include "elementwise.h"

namespace jf {
namespace {

struct PoolShape {
  Window2D g;
  Shape output() const { return {g.batch, g.h.out, g.w.out, g.channels}; }
};

PoolShape pool_shape(const char* op, const WindowAttrs& wa, const std::vector<int64_t>& ksize, const Shape& input) {
  require_rank4(op, "input", input);
  PoolShape p;
  p.g = wa.window(op, input, ksize[1], ksize[2]);
  return p;
}

// The window of output (oy, ox) clipped to the image: rows [y0, y1), columns [x0, x1).
struct Clip {
  int64_t y0, y1, x0, x1;
  int64_t count() const { return (y1 - y0) * (x1 - x0); }
};

Clip clip(const Window2D& g, int64_t oy, int64_t ox) {
  const int64_t ys = oy * g.h.stride - g.h.pad_before, xs = ox * g.w.stride - g.w.pad_before;
  return {std::max<int64_t>(ys, 0), std::min(ys + g.h.window, g.h.in), std::max<int64_t>(xs, 0),
          std::min(xs + g.w.window, g.w.in)};
}

// Calls f(n0, n1) over blocks of whole images, on the engine's threads when the work is large
// (images never share output or input values, so the threads never write the same memory).
template <typename F>
void split_images(const Window2D& g, F f) {
  const double work = static_cast<double>(g.batch) * g.h.out * g.w.out * g.h.window * g.w.window * g.channels;
  const int workers = blas_threads::workers_for(g.batch, work);
  blas_threads::split_items(g.batch, std::max<int64_t>(1, g.batch / (4 * workers)), workers,
                            [&](int, int64_t n0, int64_t n1) { f(n0, n1); });
}

// Calls f(n, clip, out_offset) for every output pixel of images [n0, n1); out_offset indexes its
// channel 0. The one window loop of every pooling kernel.
template <typename F>
void for_each_output_in(const Window2D& g, int64_t n0, int64_t n1, F f) {
  int64_t off = n0 * g.h.out * g.w.out * g.channels;
  for (int64_t n = n0; n < n1; ++n)
    for (int64_t oy = 0; oy < g.h.out; ++oy)
      for (int64_t ox = 0; ox < g.w.out; ++ox, off += g.channels) f(n, clip(g, oy, ox), off);
}

// for_each_output_in over all images, blocks of them on the engine's threads: f must only write
// the outputs, or inputs, of the image it is given.
template <typename F>
void for_each_output(const Window2D& g, F f) {
  split_images(g, [&](int64_t n0, int64_t n1) { for_each_output_in(g, n0, n1, f); });
}

int64_t pixel(const Window2D& g, int64_t n, int64_t y, int64_t x) { return ((n * g.h.in + y) * g.w.in + x) * g.channels; }

// The flat input index of each channel's maximum in one window (the first one in row-major
// order on ties, as TF's kernel picks).
template <typename T>
void window_argmax(const Window2D& g, const T* x, int64_t n, const Clip& w, T* best, int64_t* where) {
  const int64_t C = g.channels;
  bool first = true;
  for (int64_t y = w.y0; y < w.y1; ++y)
    for (int64_t xx = w.x0; xx < w.x1; ++xx) {
      const int64_t p = pixel(g, n, y, xx);
      const T* v = x + p;
      if (first) {  // the window's first pixel starts every channel's maximum
        for (int64_t c = 0; c < C; ++c) {
          best[c] = v[c];
          where[c] = p + c;
        }
        first = false;
        continue;
      }
      for (int64_t c = 0; c < C; ++c) {  // branch-free, so it vectorizes over channels
        const bool greater = v[c] > best[c];
        best[c] = greater ? v[c] : best[c];
        where[c] = greater ? p + c : where[c];
      }
    }
  if (first) std::fill(where, where + C, int64_t(-1));  // an empty window (cannot happen with SAME/VALID)
}

// Marks, over a run of channels of one window position, which channels find their maximum here
// first: hit[c] = 1 where the input equals the pooled maximum and open[c] is still 1. Arithmetic
// instead of branches so the loop vectorizes (with -fno-trapping-math, see CMakeLists.txt).
template <typename T>
inline void mark_first_hit(const T* __restrict v, const T* __restrict yv, T* __restrict open, T* __restrict hit,
                           int64_t n) {
  for (int64_t c = 0; c < n; ++c) {
    const T o = open[c];
    const T h = static_cast<T>(v[c] == yv[c]) * o;
    hit[c] = h;
    open[c] = o - h;
  }
}

// MaxPoolGrad: each output's gradient goes to the first input of its window (row-major order,
// as TF) equal to the pooled maximum. Comparing with the forward's output instead of searching
// for an index keeps the channel loops branch-free. Windows that do not overlap (the usual
// 2x2 stride 2) write each input they cover once instead of adding into it.
template <typename T>
void max_pool_grad(const Window2D& g, const T* x, const T* y, const T* dy, T* dx) {
  const int64_t C = g.channels;
  const bool disjoint = g.h.stride >= g.h.window && g.w.stride >= g.w.window;
  constexpr int64_t kChunk = 64;  // channels per pass: open/hit stay in L1
  std::fill(dx, dx + g.batch * g.h.in * g.w.in * C, T(0));
  for_each_output(g, [&](int64_t n, const Clip& w, int64_t off) {
    alignas(64) T open[kChunk], hit[kChunk];
    for (int64_t c0 = 0; c0 < C; c0 += kChunk) {
      const int64_t cn = std::min(kChunk, C - c0);
      const T* __restrict gv = dy + off + c0;
      std::fill(open, open + cn, T(1));
      for (int64_t yy = w.y0; yy < w.y1; ++yy)
        for (int64_t xx = w.x0; xx < w.x1; ++xx) {
          const int64_t p = pixel(g, n, yy, xx) + c0;
          mark_first_hit(x + p, y + off + c0, open, hit, cn);
          T* __restrict d = dx + p;
          if (disjoint)
            for (int64_t c = 0; c < cn; ++c) {
              const T gc = gv[c];
              d[c] = hit[c] != T(0) ? gc : T(0);  // a select, not hit * gc: 0 * inf would be NaN
            }
          else
            for (int64_t c = 0; c < cn; ++c) {
              const T gc = gv[c];
              d[c] += hit[c] != T(0) ? gc : T(0);
            }
        }
    }
  });
}

// MaxPoolGradGrad: each output takes the incoming value at its window's maximum.
template <typename T>
void max_pool_grad_grad(const Window2D& g, const T* x, const T* gx, T* out) {
  split_images(g, [&](int64_t n0, int64_t n1) {
    std::vector<T> best(g.channels);  // per block of images: each thread its own
    std::vector<int64_t> where(g.channels);
    for_each_output_in(g, n0, n1, [&](int64_t n, const Clip& w, int64_t off) {
      window_argmax(g, x, n, w, best.data(), where.data());
      for (int64_t c = 0; c < g.channels; ++c) out[off + c] = where[c] < 0 ? T(0) : gx[where[c]];
    });
  });
}

struct PoolAttrs {
  WindowAttrs window;
  std::vector<int64_t> ksize;
  PoolAttrs(const Attrs& a, const char* op) : window(a, op, false), ksize(nhwc_attr(a, "ksize", op, true)) {}
};

class MaxPoolKernel : public OpKernel {
 public:
  explicit MaxPoolKernel(const KernelInit& init) : a_(init.node.attrs, "MaxPool") {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const PoolShape p = pool_shape("MaxPool", a_.window, a_.ksize, x.shape());
    Tensor out(x.dtype(), p.output());
    JF_DISPATCH_NUMERIC(x.dtype(), "MaxPool", {
      const T* xp = x.data<T>();
      T* op = out.data<T>();
      const Window2D& g = p.g;
      for_each_output(g, [&](int64_t n, const Clip& w, int64_t off) {
        T* __restrict o = op + off;
        std::fill(o, o + g.channels, std::numeric_limits<T>::lowest());
        for (int64_t y = w.y0; y < w.y1; ++y)
          for (int64_t xx = w.x0; xx < w.x1; ++xx) {
            const T* __restrict v = xp + pixel(g, n, y, xx);
            for (int64_t c = 0; c < g.channels; ++c) o[c] = v[c] > o[c] ? v[c] : o[c];
          }
      });
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  PoolAttrs a_;
};
JF_REGISTER_KERNEL("MaxPool", MaxPoolKernel);

// MaxPoolGrad(orig_input, orig_output, grad): each output's gradient goes to its window's maximum.
// MaxPoolGradGrad(orig_input, orig_output, grad_of_input): each output takes the value at its
// window's maximum (the transpose of the former).
template <bool GradGrad>
class MaxPoolGradKernel : public OpKernel {
 public:
  explicit MaxPoolGradKernel(const KernelInit& init) : a_(init.node.attrs, name()) {}
  static const char* name() { return GradGrad ? "MaxPoolGradGrad" : "MaxPoolGrad"; }
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Tensor& g_in = ctx.input(2);
    const PoolShape p = pool_shape(name(), a_.window, a_.ksize, x.shape());
    const Shape want = GradGrad ? x.shape() : p.output();
    if (g_in.shape() != want)
      invalid_argument(std::string(name()) + ": the gradient has shape " + shape_str(g_in.shape()) + " but " +
                       (GradGrad ? "the pooled input has " : "max pooling of ") + shape_str(x.shape()) +
                       (GradGrad ? "" : " gives ") + (GradGrad ? "" : shape_str(want)));
    if (g_in.dtype() != x.dtype()) invalid_argument(std::string(name()) + ": the gradient must have the input's dtype");
    const Tensor& y = ctx.input(1);
    if (y.shape() != p.output() || y.dtype() != x.dtype())
      invalid_argument(std::string(name()) + ": orig_output has shape " + shape_str(y.shape()) + " but max pooling of " +
                       shape_str(x.shape()) + " gives " + shape_str(p.output()) + " (" + dtype_name(x.dtype()) + ")");
    Tensor out(x.dtype(), GradGrad ? p.output() : x.shape());
    JF_DISPATCH_FLOAT(x.dtype(), name(), {
      if constexpr (GradGrad)
        max_pool_grad_grad(p.g, x.data<T>(), g_in.data<T>(), out.data<T>());
      else
        max_pool_grad(p.g, x.data<T>(), y.data<T>(), g_in.data<T>(), out.data<T>());
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  PoolAttrs a_;
};
JF_REGISTER_KERNEL("MaxPoolGrad", MaxPoolGradKernel<false>);
JF_REGISTER_KERNEL("MaxPoolGradGrad", MaxPoolGradKernel<true>);

class AvgPoolKernel : public OpKernel {
 public:
  explicit AvgPoolKernel(const KernelInit& init) : a_(init.node.attrs, "AvgPool") {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const PoolShape p = pool_shape("AvgPool", a_.window, a_.ksize, x.shape());
    Tensor out(x.dtype(), p.output());
    JF_DISPATCH_FLOAT(x.dtype(), "AvgPool", {
      const T* xp = x.data<T>();
      T* op = out.data<T>();
      const Window2D& g = p.g;
      for_each_output(g, [&](int64_t n, const Clip& w, int64_t off) {
        T* o = op + off;
        std::fill(o, o + g.channels, T(0));
        for (int64_t y = w.y0; y < w.y1; ++y)
          for (int64_t xx = w.x0; xx < w.x1; ++xx) {
            const T* v = xp + pixel(g, n, y, xx);
            for (int64_t c = 0; c < g.channels; ++c) o[c] += v[c];
          }
        const T inv = T(1) / static_cast<T>(w.count());
        for (int64_t c = 0; c < g.channels; ++c) o[c] *= inv;
      });
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  PoolAttrs a_;
};
JF_REGISTER_KERNEL("AvgPool", AvgPoolKernel);

// AvgPoolGrad(orig_input_shape, grad): each output's gradient is shared evenly by its window.
class AvgPoolGradKernel : public OpKernel {
 public:
  explicit AvgPoolGradKernel(const KernelInit& init) : a_(init.node.attrs, "AvgPoolGrad") {}
  void compute(KernelContext& ctx) override {
    const Shape input = shape_from_tensor("AvgPoolGrad", "orig_input_shape", ctx.input(0), 4);
    const Tensor& dy = ctx.input(1);
    const PoolShape p = pool_shape("AvgPoolGrad", a_.window, a_.ksize, input);
    if (dy.shape() != p.output())
      invalid_argument("AvgPoolGrad: the gradient has shape " + shape_str(dy.shape()) + " but average pooling of " +
                       shape_str(input) + " gives " + shape_str(p.output()));
    Tensor dx(dy.dtype(), input);
    JF_DISPATCH_FLOAT(dy.dtype(), "AvgPoolGrad", {
      const T* gp = dy.data<T>();
      T* xp = dx.data<T>();
      const Window2D& g = p.g;
      std::fill(xp, xp + dx.size(), T(0));
      for_each_output(g, [&](int64_t n, const Clip& w, int64_t off) {
        const T inv = T(1) / static_cast<T>(w.count());
        const T* gv = gp + off;
        for (int64_t y = w.y0; y < w.y1; ++y)
          for (int64_t xx = w.x0; xx < w.x1; ++xx) {
            T* d = xp + pixel(g, n, y, xx);
            for (int64_t c = 0; c < g.channels; ++c) d[c] += gv[c] * inv;
          }
      });
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  PoolAttrs a_;
};
JF_REGISTER_KERNEL("AvgPoolGrad", AvgPoolGradKernel);

}  // namespace
}  // namespace jf
