// ConcatV2, Split, SplitV (along an existing dimension), Pack, Unpack (along a new one).
// Python side: jupyter_flow/ops/concat_ops.py.
//
// All five move blocks: seen as [outer, dim(axis) * inner] matrices, joining copies each input's
// row after the other's, splitting copies each output's columns out.
#include "element_copy.h"

namespace jf {
namespace {

int64_t product(const Shape& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to; ++i) p *= s[i];
  return p;
}

// out[o, pieces...] = concatenation of the rows of each piece (each viewed as [outer, width_i]).
void join_rows(const std::vector<const Tensor*>& pieces, const std::vector<int64_t>& widths, int64_t outer,
               Tensor& out) {
  JF_DISPATCH_WORD(out.dtype(), {
    E* dst = words<E>(out);
    for (int64_t o = 0; o < outer; ++o)
      for (size_t i = 0; i < pieces.size(); ++i) {
        const E* src = words<E>(*pieces[i]) + o * widths[i];
        dst = std::copy(src, src + widths[i], dst);
      }
  })
}

// The inverse of join_rows: each output receives its columns of every row of `in`.
void split_rows(const Tensor& in, const std::vector<int64_t>& widths, int64_t outer, std::vector<Tensor>& outs) {
  JF_DISPATCH_WORD(in.dtype(), {
    const E* src = words<E>(in);
    for (int64_t o = 0; o < outer; ++o)
      for (size_t i = 0; i < outs.size(); ++i) {
        std::copy(src, src + widths[i], words<E>(outs[i]) + o * widths[i]);
        src += widths[i];
      }
  })
}

class ConcatKernel : public OpKernel {
 public:
  explicit ConcatKernel(const KernelInit& init) : axis_(init.node.attrs.get<int64_t>("axis")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& first = ctx.input(0);
    const int r = first.rank();
    if (r == 0) invalid_argument("ConcatOp : Can't concatenate scalars (use tf.stack instead)");
    const int ax = normalize_axis(axis_, r, "ConcatOp");
    Shape out_shape = first.shape();
    out_shape[ax] = 0;
    std::vector<const Tensor*> pieces;
    std::vector<int64_t> widths;
    const int64_t outer = product(first.shape(), 0, ax);
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      const Tensor& t = ctx.input(i);
      if (t.rank() != r)
        invalid_argument("ConcatOp : Ranks of all input tensors should match: shape[0] = " + shape_str(first.shape()) +
                         " vs. shape[" + std::to_string(i) + "] = " + shape_str(t.shape()));
      for (int d = 0; d < r; ++d)
        if (d != ax && t.dim(d) != first.dim(d))
          invalid_argument("ConcatOp : Dimensions of inputs should match: shape[0] = " + shape_str(first.shape()) +
                           " vs. shape[" + std::to_string(i) + "] = " + shape_str(t.shape()));
      out_shape[ax] += t.dim(ax);
      pieces.push_back(&t);
      widths.push_back(product(t.shape(), ax, r));
    }
    Tensor out(first.dtype(), out_shape);
    join_rows(pieces, widths, outer, out);
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("ConcatV2", ConcatKernel);

// Split (equal parts) and SplitV (sizes from input 1, one of them may be -1).
class SplitKernel : public OpKernel {
 public:
  explicit SplitKernel(const KernelInit& init)
      : axis_(init.node.attrs.get<int64_t>("axis")), num_(init.node.attrs.get<int64_t>("num_split")),
        sized_(init.node.type == "SplitV") {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    const int ax = normalize_axis(axis_, r, sized_ ? "SplitV" : "Split");
    const int64_t dim = in.dim(ax);
    std::vector<int64_t> sizes;
    if (sized_) {
      sizes = int_vector(ctx.input(1), "size_splits");
      if (static_cast<int64_t>(sizes.size()) != num_)
        invalid_argument("SplitV: size_splits has " + std::to_string(sizes.size()) + " entries, expected " +
                         std::to_string(num_));
      int64_t fixed = 0;
      int wildcard = -1;
      for (size_t i = 0; i < sizes.size(); ++i) {
        if (sizes[i] == -1 && wildcard < 0) wildcard = static_cast<int>(i);
        else if (sizes[i] < 0) invalid_argument("SplitV: size_splits may hold one -1 and sizes >= 0 only");
        else fixed += sizes[i];
      }
      if ((wildcard < 0 && fixed != dim) || fixed > dim)
        invalid_argument("Determined shape must either match input shape along split_dim exactly if fully "
                         "specified, or be less than the size of the input along split_dim if not fully "
                         "specified.  Got: " + std::to_string(fixed));
      if (wildcard >= 0) sizes[wildcard] = dim - fixed;
    } else {
      if (dim % num_ != 0)
        invalid_argument("Number of ways to split should evenly divide the split dimension, but got split_dim " +
                         std::to_string(ax) + " (size = " + std::to_string(dim) + ") and num_split " +
                         std::to_string(num_));
      sizes.assign(num_, dim / num_);
    }
    const int64_t outer = product(in.shape(), 0, ax), inner = product(in.shape(), ax + 1, r);
    std::vector<Tensor> outs;
    std::vector<int64_t> widths;
    for (auto s : sizes) {
      Shape piece = in.shape();
      piece[ax] = s;
      outs.emplace_back(in.dtype(), piece);
      widths.push_back(s * inner);
    }
    split_rows(in, widths, outer, outs);
    for (size_t i = 0; i < outs.size(); ++i) ctx.set_output(static_cast<int>(i), std::move(outs[i]));
  }

 private:
  int64_t axis_, num_;
  bool sized_;
};
JF_REGISTER_KERNEL("Split", SplitKernel);
JF_REGISTER_KERNEL("SplitV", SplitKernel);

class PackKernel : public OpKernel {
 public:
  explicit PackKernel(const KernelInit& init) : axis_(init.node.attrs.get<int64_t>("axis")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& first = ctx.input(0);
    const int r = first.rank();
    const int ax = normalize_axis(axis_, r + 1, "Pack");
    std::vector<const Tensor*> pieces;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      const Tensor& t = ctx.input(i);
      if (t.shape() != first.shape())
        invalid_argument("Shapes of all inputs must match: values[0].shape = " + shape_str(first.shape()) +
                         " != values[" + std::to_string(i) + "].shape = " + shape_str(t.shape()));
      pieces.push_back(&t);
    }
    Shape out_shape = first.shape();
    out_shape.insert(out_shape.begin() + ax, ctx.num_inputs());
    Tensor out(first.dtype(), out_shape);
    join_rows(pieces, std::vector<int64_t>(pieces.size(), product(first.shape(), ax, r)),
              product(first.shape(), 0, ax), out);
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("Pack", PackKernel);

class UnpackKernel : public OpKernel {
 public:
  explicit UnpackKernel(const KernelInit& init)
      : axis_(init.node.attrs.get<int64_t>("axis")), num_(init.node.attrs.get<int64_t>("num")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    const int ax = normalize_axis(axis_, r, "Unpack");
    if (in.dim(ax) != num_)
      invalid_argument("Input shape axis " + std::to_string(ax) + " must equal " + std::to_string(num_) +
                       ", got shape " + shape_str(in.shape()));
    Shape piece = in.shape();
    piece.erase(piece.begin() + ax);
    std::vector<Tensor> outs;
    for (int64_t i = 0; i < num_; ++i) outs.emplace_back(in.dtype(), piece);
    split_rows(in, std::vector<int64_t>(num_, product(in.shape(), ax + 1, r)), product(in.shape(), 0, ax), outs);
    for (size_t i = 0; i < outs.size(); ++i) ctx.set_output(static_cast<int>(i), std::move(outs[i]));
  }

 private:
  int64_t axis_, num_;
};
JF_REGISTER_KERNEL("Unpack", UnpackKernel);

}  // namespace
}  // namespace jf
