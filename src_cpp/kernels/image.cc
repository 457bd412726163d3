// Image resizing kernels (jupyter_flow/ops/image_ops.py declares them): ResizeBilinear,
// ResizeNearestNeighbor and their gradients, on NHWC batches. Source coordinates follow TF 1.x:
// scale = in / out (or (in - 1) / (out - 1) with align_corners), src = dst * scale, or with
// half_pixel_centers (dst + 0.5) * scale - 0.5; computed in float as TF does, so the sampled
// positions (and so the values) match it.
#include <cmath>
#include <vector>

#include "conv_geometry.h"
#include "elementwise.h"

namespace jf {
namespace {

float resize_scale(int64_t in, int64_t out, bool align_corners) {
  return (align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                    : static_cast<float>(in) / static_cast<float>(out);
}

// For one axis: lower/upper source indices and the weight of the upper one, per output index.
struct Lerp {
  std::vector<int64_t> lo, hi;
  std::vector<float> w;
};

Lerp bilinear_axis(int64_t in, int64_t out, bool align_corners, bool half_pixel) {
  Lerp l{std::vector<int64_t>(out), std::vector<int64_t>(out), std::vector<float>(out)};
  const float scale = resize_scale(in, out, align_corners);
  for (int64_t i = 0; i < out; ++i) {
    const float src = half_pixel ? (static_cast<float>(i) + 0.5f) * scale - 0.5f : static_cast<float>(i) * scale;
    const float f = std::floor(src);
    l.lo[i] = std::max<int64_t>(static_cast<int64_t>(f), 0);
    l.hi[i] = std::min<int64_t>(static_cast<int64_t>(std::ceil(src)), in - 1);
    l.w[i] = src - f;
  }
  return l;
}

std::vector<int64_t> nearest_axis(int64_t in, int64_t out, bool align_corners, bool half_pixel) {
  std::vector<int64_t> idx(out);
  const float scale = resize_scale(in, out, align_corners);
  for (int64_t i = 0; i < out; ++i) {
    const float src = half_pixel ? (static_cast<float>(i) + 0.5f) * scale : static_cast<float>(i) * scale;
    int64_t j = static_cast<int64_t>(align_corners ? std::round(src) : std::floor(src));
    j = std::min<int64_t>(j, in - 1);
    idx[i] = half_pixel ? std::max<int64_t>(j, 0) : j;
  }
  return idx;
}

struct ResizeAttrs {
  bool align_corners, half_pixel;
  explicit ResizeAttrs(const Attrs& a)
      : align_corners(a.get_or<bool>("align_corners", false)), half_pixel(a.get_or<bool>("half_pixel_centers", false)) {
    if (align_corners && half_pixel)
      invalid_argument("resize: align_corners and half_pixel_centers cannot both be true");
  }
};

// The target [height, width] from a size tensor; both positive.
std::pair<int64_t, int64_t> target_size(const char* op, const Tensor& size) {
  const Shape s = shape_from_tensor(op, "size", size, 2);
  if (s[0] <= 0 || s[1] <= 0)
    invalid_argument(std::string(op) + ": size must hold two positive ints [new_height, new_width], got " +
                     shape_str(s));
  return {s[0], s[1]};
}

void require_images(const char* op, const Tensor& t) {
  require_rank4(op, "images", t.shape());
  if (t.dim(1) <= 0 || t.dim(2) <= 0)
    invalid_argument(std::string(op) + ": images must have a positive height and width, got shape " +
                     shape_str(t.shape()));
}

class ResizeBilinearKernel : public OpKernel {
 public:
  explicit ResizeBilinearKernel(const KernelInit& init) : a_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    require_images("ResizeBilinear", x);
    const auto [oh, ow] = target_size("ResizeBilinear", ctx.input(1));
    const int64_t N = x.dim(0), H = x.dim(1), W = x.dim(2), C = x.dim(3);
    const Lerp ly = bilinear_axis(H, oh, a_.align_corners, a_.half_pixel);
    const Lerp lx = bilinear_axis(W, ow, a_.align_corners, a_.half_pixel);
    Tensor out(DType::Float32, {N, oh, ow, C});
    float* o = out.data<float>();
    JF_DISPATCH_NUMERIC(x.dtype(), "ResizeBilinear", {
      const T* xp = x.data<T>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t y = 0; y < oh; ++y) {
          const T* top = xp + (n * H + ly.lo[y]) * W * C;
          const T* bot = xp + (n * H + ly.hi[y]) * W * C;
          const float wy = ly.w[y];
          for (int64_t xx = 0; xx < ow; ++xx, o += C) {
            const T *tl = top + lx.lo[xx] * C, *tr = top + lx.hi[xx] * C;
            const T *bl = bot + lx.lo[xx] * C, *br = bot + lx.hi[xx] * C;
            const float wx = lx.w[xx];
            for (int64_t c = 0; c < C; ++c) {
              const float t = static_cast<float>(tl[c]) + (static_cast<float>(tr[c]) - static_cast<float>(tl[c])) * wx;
              const float b = static_cast<float>(bl[c]) + (static_cast<float>(br[c]) - static_cast<float>(bl[c])) * wx;
              o[c] = t + (b - t) * wy;
            }
          }
        }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  ResizeAttrs a_;
};
JF_REGISTER_KERNEL("ResizeBilinear", ResizeBilinearKernel);

// ResizeBilinearGrad(grads [N, oh, ow, C] float32, original_image): each output's gradient is
// spread over its four source pixels with the forward weights.
class ResizeBilinearGradKernel : public OpKernel {
 public:
  explicit ResizeBilinearGradKernel(const KernelInit& init) : a_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& g = ctx.input(0);
    const Tensor& orig = ctx.input(1);
    require_images("ResizeBilinearGrad", orig);
    require_rank4("ResizeBilinearGrad", "grads", g.shape());
    if (g.dtype() != DType::Float32) invalid_argument("ResizeBilinearGrad: grads must be float32");
    if (g.dim(0) != orig.dim(0) || g.dim(3) != orig.dim(3))
      invalid_argument("ResizeBilinearGrad: grads " + shape_str(g.shape()) + " and the original image " +
                       shape_str(orig.shape()) + " must have the same batch size and channels");
    const int64_t N = orig.dim(0), H = orig.dim(1), W = orig.dim(2), C = orig.dim(3), oh = g.dim(1), ow = g.dim(2);
    const Lerp ly = bilinear_axis(H, oh, a_.align_corners, a_.half_pixel);
    const Lerp lx = bilinear_axis(W, ow, a_.align_corners, a_.half_pixel);
    Tensor dx(orig.dtype(), orig.shape());
    JF_DISPATCH_FLOAT(orig.dtype(), "ResizeBilinearGrad", {
      T* d = dx.data<T>();
      std::fill(d, d + dx.size(), T(0));
      const float* gp = g.data<float>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t y = 0; y < oh; ++y) {
          T* top = d + (n * H + ly.lo[y]) * W * C;
          T* bot = d + (n * H + ly.hi[y]) * W * C;
          const T wy = ly.w[y];
          for (int64_t xx = 0; xx < ow; ++xx, gp += C) {
            const T wx = lx.w[xx];
            T *tl = top + lx.lo[xx] * C, *tr = top + lx.hi[xx] * C;
            T *bl = bot + lx.lo[xx] * C, *br = bot + lx.hi[xx] * C;
            for (int64_t c = 0; c < C; ++c) {
              const T v = gp[c];
              tl[c] += v * (1 - wy) * (1 - wx);
              tr[c] += v * (1 - wy) * wx;
              bl[c] += v * wy * (1 - wx);
              br[c] += v * wy * wx;
            }
          }
        }
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  ResizeAttrs a_;
};
JF_REGISTER_KERNEL("ResizeBilinearGrad", ResizeBilinearGradKernel);

class ResizeNearestKernel : public OpKernel {
 public:
  explicit ResizeNearestKernel(const KernelInit& init) : a_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    require_images("ResizeNearestNeighbor", x);
    const auto [oh, ow] = target_size("ResizeNearestNeighbor", ctx.input(1));
    const int64_t N = x.dim(0), H = x.dim(1), W = x.dim(2), C = x.dim(3);
    const auto iy = nearest_axis(H, oh, a_.align_corners, a_.half_pixel);
    const auto ix = nearest_axis(W, ow, a_.align_corners, a_.half_pixel);
    Tensor out(x.dtype(), {N, oh, ow, C});
    JF_DISPATCH_NUMERIC(x.dtype(), "ResizeNearestNeighbor", {
      const T* xp = x.data<T>();
      T* o = out.data<T>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t y = 0; y < oh; ++y)
          for (int64_t xx = 0; xx < ow; ++xx, o += C) {
            const T* s = xp + ((n * H + iy[y]) * W + ix[xx]) * C;
            std::copy(s, s + C, o);
          }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  ResizeAttrs a_;
};
JF_REGISTER_KERNEL("ResizeNearestNeighbor", ResizeNearestKernel);

// ResizeNearestNeighborGrad(grads, size = the original [height, width]).
class ResizeNearestGradKernel : public OpKernel {
 public:
  explicit ResizeNearestGradKernel(const KernelInit& init) : a_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& g = ctx.input(0);
    require_images("ResizeNearestNeighborGrad", g);
    const auto [H, W] = target_size("ResizeNearestNeighborGrad", ctx.input(1));
    const int64_t N = g.dim(0), oh = g.dim(1), ow = g.dim(2), C = g.dim(3);
    const auto iy = nearest_axis(H, oh, a_.align_corners, a_.half_pixel);
    const auto ix = nearest_axis(W, ow, a_.align_corners, a_.half_pixel);
    Tensor dx(g.dtype(), {N, H, W, C});
    JF_DISPATCH_FLOAT(g.dtype(), "ResizeNearestNeighborGrad", {
      T* d = dx.data<T>();
      std::fill(d, d + dx.size(), T(0));
      const T* gp = g.data<T>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t y = 0; y < oh; ++y)
          for (int64_t xx = 0; xx < ow; ++xx, gp += C) {
            T* s = d + ((n * H + iy[y]) * W + ix[xx]) * C;
            for (int64_t c = 0; c < C; ++c) s[c] += gp[c];
          }
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  ResizeAttrs a_;
};
JF_REGISTER_KERNEL("ResizeNearestNeighborGrad", ResizeNearestGradKernel);

}  // namespace
}  // namespace jf
