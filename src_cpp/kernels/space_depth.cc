// SpaceToDepth and DepthToSpace (jupyter_flow/ops/space_depth_ops.py declares them), NHWC:
//   SpaceToDepth: out[n, i, j, (dy * bs + dx) * C + c] = in[n, i * bs + dy, j * bs + dx, c]
//   DepthToSpace: the inverse. In NHWC, one input row's bs pixels of block (i, j) are bs * C
// contiguous values and land in bs * C contiguous output channels, so both ops are the same
// runs of copies with source and destination swapped. Only element width matters (any dtype).
#include <string>

#include "element_copy.h"

namespace jf {
namespace {

// Geometry of the space (large spatial) side: [n, h, w, c] with h, w multiples of bs.
struct BlockShape {
  int64_t n, h, w, c, bs;
};

template <typename E, bool ToDepth>
void move_blocks(const BlockShape& s, const E* in, E* out) {
  const int64_t run = s.bs * s.c, oh = s.h / s.bs, ow = s.w / s.bs;
  // `space` walks the spatial tensor, `depth` the channel-packed one, in step.
  int64_t depth = 0;
  for (int64_t n = 0; n < s.n; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t dy = 0; dy < s.bs; ++dy, depth += run) {
          const int64_t space = ((n * s.h + i * s.bs + dy) * s.w + j * s.bs) * s.c;
          if constexpr (ToDepth)
            std::copy(in + space, in + space + run, out + depth);
          else
            std::copy(in + depth, in + depth + run, out + space);
        }
}

template <bool ToDepth>
class SpaceDepthKernel : public OpKernel {
 public:
  static const char* name() { return ToDepth ? "SpaceToDepth" : "DepthToSpace"; }
  explicit SpaceDepthKernel(const KernelInit& init) : bs_(init.node.attrs.get_or<int64_t>("block_size", 0)) {
    if (bs_ < 2)
      invalid_argument(std::string(name()) + ": block_size must be at least 2, got " + std::to_string(bs_));
    const std::string fmt = init.node.attrs.get_or<std::string>("data_format", "NHWC");
    if (fmt != "NHWC")
      invalid_argument(std::string(name()) + ": only data_format='NHWC' is supported (as TF 1.x on CPU), got '" +
                       fmt + "'");
  }
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    if (in.rank() != 4)
      invalid_argument(std::string(name()) + ": the input must be 4-D (NHWC), got shape " + shape_str(in.shape()));
    const int64_t n = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3), bb = bs_ * bs_;
    BlockShape s{n, h, w, c, bs_};
    Shape out_shape;
    if constexpr (ToDepth) {
      if (h % bs_ != 0 || w % bs_ != 0)
        invalid_argument("SpaceToDepth: the image height " + std::to_string(h) + " and width " + std::to_string(w) +
                         " must be divisible by block_size " + std::to_string(bs_) + " (input shape " +
                         shape_str(in.shape()) + ")");
      out_shape = {n, h / bs_, w / bs_, c * bb};
    } else {
      if (c % bb != 0)
        invalid_argument("DepthToSpace: the input depth " + std::to_string(c) + " must be divisible by block_size "
                         "squared, " + std::to_string(bb) + " (input shape " + shape_str(in.shape()) + ")");
      s = {n, h * bs_, w * bs_, c / bb, bs_};
      out_shape = {n, h * bs_, w * bs_, c / bb};
    }
    Tensor out(in.dtype(), out_shape);
    if (out.size() > 0) JF_DISPATCH_WORD(in.dtype(), move_blocks<E, ToDepth>(s, words<E>(in), words<E>(out)))
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t bs_;
};
JF_REGISTER_KERNEL("SpaceToDepth", SpaceDepthKernel<true>);
JF_REGISTER_KERNEL("DepthToSpace", SpaceDepthKernel<false>);

}  // namespace
}  // namespace jf
