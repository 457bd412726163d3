// Shape, Size, Rank; Reshape, Squeeze, ExpandDims (no copy: the output shares the input's
// buffer); Tile and ReverseV2. Python side: jupyter_flow/ops/shape_ops.py.
#include "element_copy.h"

namespace jf {
namespace {

Tensor int_tensor(DType dt, const Shape& shape, const std::vector<int64_t>& values) {
  Tensor out(dt, shape);
  for (size_t i = 0; i < values.size(); ++i) {
    if (dt == DType::Int64) out.data<int64_t>()[i] = values[i];
    else out.data<int32_t>()[i] = static_cast<int32_t>(values[i]);
  }
  return out;
}

class ShapeKernel : public OpKernel {
 public:
  explicit ShapeKernel(const KernelInit& init) : out_type_(init.node.out_dtypes.at(0)) {}
  void compute(KernelContext& ctx) override {
    const Shape& s = ctx.input(0).shape();
    ctx.set_output(0, int_tensor(out_type_, {static_cast<int64_t>(s.size())}, s));
  }

 private:
  DType out_type_;
};
JF_REGISTER_KERNEL("Shape", ShapeKernel);

class SizeKernel : public OpKernel {
 public:
  explicit SizeKernel(const KernelInit& init) : out_type_(init.node.out_dtypes.at(0)), rank_(init.node.type == "Rank") {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    ctx.set_output(0, int_tensor(out_type_, {}, {rank_ ? in.rank() : in.size()}));
  }

 private:
  DType out_type_;
  bool rank_;
};
JF_REGISTER_KERNEL("Size", SizeKernel);
JF_REGISTER_KERNEL("Rank", SizeKernel);

// The target shape with its -1 resolved, checked against the number of elements.
Shape reshape_target(const std::vector<int64_t>& target, int64_t n) {
  Shape out(target.begin(), target.end());
  int wildcard = -1;
  int64_t product = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (wildcard >= 0)
        invalid_argument("Only one input size may be -1, not both " + std::to_string(wildcard) + " and " +
                         std::to_string(i));
      wildcard = static_cast<int>(i);
    } else if (target[i] < 0) {
      invalid_argument("Size " + std::to_string(i) + " must be non-negative, not " + std::to_string(target[i]));
    } else if (__builtin_mul_overflow(product, target[i], &product)) {
      invalid_argument("Reshape: the requested shape " + shape_str(target) + " has more elements than fit in 64 bits");
    }
  }
  if (wildcard >= 0) {
    if (product == 0)
      invalid_argument("Reshape cannot infer the missing input size for an empty tensor unless all specified "
                       "input sizes are non-zero");
    if (n % product != 0)
      invalid_argument("Input to reshape is a tensor with " + std::to_string(n) +
                       " values, but the requested shape requires a multiple of " + std::to_string(product));
    out[wildcard] = n / product;
  } else if (product != n) {
    invalid_argument("Input to reshape is a tensor with " + std::to_string(n) +
                     " values, but the requested shape has " + std::to_string(product));
  }
  return out;
}

void reshape_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  ctx.set_output(0, in.reshaped(reshape_target(int_vector(ctx.input(1), "shape"), in.size())));
}
JF_REGISTER_FUNCTION("Reshape", reshape_kernel);

class SqueezeKernel : public OpKernel {
 public:
  explicit SqueezeKernel(const KernelInit& init)
      : axes_(init.node.attrs.get_or<std::vector<int64_t>>("squeeze_dims", {})) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    std::vector<bool> drop(r, axes_.empty());
    for (auto a : axes_) {
      if (a < -r || a >= r)
        invalid_argument("Tried squeezing dim index " + std::to_string(a) + " for tensor with " +
                         std::to_string(r) + " dimensions.");
      int ax = static_cast<int>(a < 0 ? a + r : a);
      if (in.dim(ax) != 1)
        invalid_argument("Can not squeeze dim[" + std::to_string(ax) + "], expected a dimension of 1, got " +
                         std::to_string(in.dim(ax)));
      drop[ax] = true;
    }
    Shape out;
    for (int i = 0; i < r; ++i)
      if (!(drop[i] && in.dim(i) == 1)) out.push_back(in.dim(i));
    ctx.set_output(0, in.reshaped(out));
  }

 private:
  std::vector<int64_t> axes_;
};
JF_REGISTER_KERNEL("Squeeze", SqueezeKernel);

class ExpandDimsKernel : public OpKernel {
 public:
  explicit ExpandDimsKernel(const KernelInit& init) : dim_(init.node.attrs.get<int64_t>("dim")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    if (dim_ < -r - 1 || dim_ > r)
      invalid_argument("Tried to expand dim index " + std::to_string(dim_) + " for tensor with " +
                       std::to_string(r) + " dimensions.");
    Shape out = in.shape();
    out.insert(out.begin() + (dim_ < 0 ? dim_ + r + 1 : dim_), 1);
    ctx.set_output(0, in.reshaped(out));
  }

 private:
  int64_t dim_;
};
JF_REGISTER_KERNEL("ExpandDims", ExpandDimsKernel);

// Fills dimension d of the output (offset dst) from dimension d of the input (offset src): the
// first copy element by element (recursively), the other multiples[d] - 1 as one block each.
template <typename E>
void tile_dim(const E* in, E* out, const Shape& in_shape, const std::vector<int64_t>& mult,
              const std::vector<int64_t>& in_stride, const std::vector<int64_t>& out_stride, int d, int64_t src,
              int64_t dst) {
  const int r = static_cast<int>(in_shape.size());
  const int64_t n = in_shape[d];
  if (d == r - 1) {
    std::copy(in + src, in + src + n, out + dst);
  } else {
    for (int64_t i = 0; i < n; ++i)
      tile_dim(in, out, in_shape, mult, in_stride, out_stride, d + 1, src + i * in_stride[d], dst + i * out_stride[d]);
  }
  const int64_t block = n * out_stride[d];
  for (int64_t k = 1; k < mult[d]; ++k) std::copy(out + dst, out + dst + block, out + dst + k * block);
}

void tile_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  auto mult = int_vector(ctx.input(1), "multiples");
  const int r = in.rank();
  if (static_cast<int>(mult.size()) != r)
    invalid_argument("Expected multiples argument to be a vector of length " + std::to_string(r) +
                     " but got length " + std::to_string(mult.size()));
  Shape out_shape(r);
  for (int i = 0; i < r; ++i) {
    if (mult[i] < 0)
      invalid_argument("Expected multiples[" + std::to_string(i) + "] >= 0, but got " + std::to_string(mult[i]));
    out_shape[i] = in.dim(i) * mult[i];
  }
  Tensor out(in.dtype(), out_shape);
  if (out.size() > 0) {
    std::vector<int64_t> in_stride(r), out_stride(r);
    for (int64_t d = r - 1, si = 1, so = 1; d >= 0; --d) {
      in_stride[d] = si;
      out_stride[d] = so;
      si *= in.dim(static_cast<int>(d));
      so *= out_shape[d];
    }
    JF_DISPATCH_WORD(in.dtype(), {
      if (r == 0) words<E>(out)[0] = words<E>(in)[0];
      else tile_dim(words<E>(in), words<E>(out), in.shape(), mult, in_stride, out_stride, 0, 0, 0);
    })
  }
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Tile", tile_kernel);

class ReverseKernel : public OpKernel {
 public:
  explicit ReverseKernel(const KernelInit& init) : axes_(init.node.attrs.get_or<std::vector<int64_t>>("axis", {})) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    std::vector<int64_t> begin(r, 0), stride(r, 1);
    for (auto a : axes_) {
      int ax = normalize_axis(a, r, "ReverseV2");
      if (stride[ax] == -1) invalid_argument("ReverseV2: axis " + std::to_string(ax) + " specified more than once");
      stride[ax] = -1;
      begin[ax] = in.dim(ax) - 1;
    }
    Tensor out(in.dtype(), in.shape());
    strided_read(in, begin, stride, in.shape(), out);
    ctx.set_output(0, std::move(out));
  }

 private:
  std::vector<int64_t> axes_;
};
JF_REGISTER_KERNEL("ReverseV2", ReverseKernel);

}  // namespace
}  // namespace jf
