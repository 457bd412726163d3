// StridedSlice (t[...]) and its gradient, Slice, GatherV2 and UnsortedSegmentSum (gather's
// gradient: a scatter-add). Python side: jupyter_flow/ops/indexing_ops.py.
#include "element_copy.h"

namespace jf {
namespace {

// A strided slice resolved against an input shape: which box of the input it reads
// (begin/stride/length per input dimension) and the shape of the result (new axes added,
// shrunk axes removed). The rules are TF's (and Python's for each slice).
struct ResolvedSlice {
  std::vector<int64_t> begin, stride;
  Shape lengths, out_shape;
};

struct SliceMasks {
  int64_t begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
  explicit SliceMasks(const Attrs& a)
      : begin(a.get_or<int64_t>("begin_mask", 0)), end(a.get_or<int64_t>("end_mask", 0)),
        ellipsis(a.get_or<int64_t>("ellipsis_mask", 0)), new_axis(a.get_or<int64_t>("new_axis_mask", 0)),
        shrink(a.get_or<int64_t>("shrink_axis_mask", 0)) {}
};

ResolvedSlice resolve_slice(const Shape& in, const std::vector<int64_t>& b, const std::vector<int64_t>& e,
                            const std::vector<int64_t>& s, const SliceMasks& m) {
  const int n = static_cast<int>(b.size());
  if (static_cast<int>(e.size()) != n || static_cast<int>(s.size()) != n)
    invalid_argument("Expected begin, end, and strides to be 1D equal size tensors, but got lengths " +
                     std::to_string(b.size()) + ", " + std::to_string(e.size()) + " and " + std::to_string(s.size()));
  const int rank = static_cast<int>(in.size());
  int named = 0, ellipses = 0;
  for (int i = 0; i < n; ++i) {
    if (m.ellipsis >> i & 1) ++ellipses;
    else if (!(m.new_axis >> i & 1)) ++named;
  }
  if (ellipses > 1) invalid_argument("Multiple ellipses in slice spec not allowed");
  if (named > rank)
    invalid_argument("Index out of range using input dim " + std::to_string(rank) + "; input has only " +
                     std::to_string(rank) + " dims");
  ResolvedSlice r;
  auto keep_whole = [&](int d) {
    r.begin.push_back(0);
    r.stride.push_back(1);
    r.lengths.push_back(in[d]);
    r.out_shape.push_back(in[d]);
  };
  int d = 0;
  for (int i = 0; i < n; ++i) {
    if (m.ellipsis >> i & 1) {
      for (int c = rank - named; c > 0; --c) keep_whole(d++);
      continue;
    }
    if (m.new_axis >> i & 1) {
      r.out_shape.push_back(1);
      continue;
    }
    const int64_t dim = in[d], si = s[i];
    if (si == 0) invalid_argument("strides[" + std::to_string(i) + "] must be non-zero");
    if (m.shrink >> i & 1) {
      const int64_t x = b[i] < 0 ? b[i] + dim : b[i];
      if (x < 0 || x >= dim)
        invalid_argument("slice index " + std::to_string(b[i]) + " of dimension " + std::to_string(d) +
                         " out of bounds.");
      r.begin.push_back(x);
      r.stride.push_back(1);
      r.lengths.push_back(1);
    } else {
      // Python's slice.indices(): negative positions count from the end, then clamp.
      const int64_t lo = si > 0 ? 0 : -1, hi = si > 0 ? dim : dim - 1;
      auto canonical = [&](int64_t x) { return std::clamp(x < 0 ? x + dim : x, lo, hi); };
      const int64_t bi = (m.begin >> i & 1) ? (si > 0 ? 0 : dim - 1) : canonical(b[i]);
      const int64_t ei = (m.end >> i & 1) ? (si > 0 ? dim : -1) : canonical(e[i]);
      const int64_t span = si > 0 ? ei - bi : bi - ei, step = si > 0 ? si : -si;
      const int64_t len = span <= 0 ? 0 : (span + step - 1) / step;
      r.begin.push_back(bi);
      r.stride.push_back(si);
      r.lengths.push_back(len);
      r.out_shape.push_back(len);
    }
    ++d;
  }
  if (ellipses == 0)
    while (d < rank) keep_whole(d++);
  return r;
}

class StridedSliceKernel : public OpKernel {
 public:
  explicit StridedSliceKernel(const KernelInit& init) : masks_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    ResolvedSlice r = resolve_slice(in.shape(), int_vector(ctx.input(1), "begin"), int_vector(ctx.input(2), "end"),
                                    int_vector(ctx.input(3), "strides"), masks_);
    Tensor out(in.dtype(), r.out_shape);
    strided_read(in, r.begin, r.stride, r.lengths, out);
    ctx.set_output(0, std::move(out));
  }

 private:
  SliceMasks masks_;
};
JF_REGISTER_KERNEL("StridedSlice", StridedSliceKernel);

// StridedSliceGrad(shape, begin, end, strides, dy): zeros of `shape` with dy written where the
// slice read (a slice never reads an element twice, so writing is enough).
class StridedSliceGradKernel : public OpKernel {
 public:
  explicit StridedSliceGradKernel(const KernelInit& init) : masks_(init.node.attrs) {}
  void compute(KernelContext& ctx) override {
    Shape shape = int_vector(ctx.input(0), "shape");
    for (auto d : shape)
      if (d < 0) invalid_argument("StridedSliceGrad: shape " + shape_str(shape) + " has a negative dimension");
    const Tensor& dy = ctx.input(4);
    ResolvedSlice r = resolve_slice(shape, int_vector(ctx.input(1), "begin"), int_vector(ctx.input(2), "end"),
                                    int_vector(ctx.input(3), "strides"), masks_);
    if (dy.shape() != r.out_shape)
      invalid_argument("shape of dy was " + shape_str(dy.shape()) + " instead of " + shape_str(r.out_shape));
    Tensor out = zeros(dy.dtype(), shape);
    strided_write(dy, r.begin, r.stride, r.lengths, out);
    ctx.set_output(0, std::move(out));
  }

 private:
  SliceMasks masks_;
};
JF_REGISTER_KERNEL("StridedSliceGrad", StridedSliceGradKernel);

void slice_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  auto begin = int_vector(ctx.input(1), "begin");
  auto size = int_vector(ctx.input(2), "size");
  const int r = in.rank();
  if (static_cast<int>(begin.size()) != r || static_cast<int>(size.size()) != r)
    invalid_argument("Expected begin and size arguments to be 1-D tensors of size " + std::to_string(r) +
                     ", but got shapes [" + std::to_string(begin.size()) + "] and [" + std::to_string(size.size()) +
                     "] instead.");
  Shape lengths(r);
  for (int i = 0; i < r; ++i) {
    if (begin[i] < 0 || begin[i] > in.dim(i))
      invalid_argument("Expected begin[" + std::to_string(i) + "] in [0, " + std::to_string(in.dim(i)) +
                       "], but got " + std::to_string(begin[i]));
    lengths[i] = size[i] == -1 ? in.dim(i) - begin[i] : size[i];
    if (lengths[i] < 0 || begin[i] + lengths[i] > in.dim(i))
      invalid_argument("Expected size[" + std::to_string(i) + "] in [0, " + std::to_string(in.dim(i) - begin[i]) +
                       "], but got " + std::to_string(size[i]));
  }
  Tensor out(in.dtype(), lengths);
  strided_read(in, begin, std::vector<int64_t>(r, 1), lengths, out);
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Slice", slice_kernel);

// "[1,0]" for flat position 2 of shape [2,2]: where an index error is, as TF reports it.
std::string position_str(int64_t flat, const Shape& shape) {
  std::vector<int64_t> idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  std::string out = "[";
  for (size_t d = 0; d < idx.size(); ++d) out += (d ? "," : "") + std::to_string(idx[d]);
  return out + "]";
}

// Index values checked against [0, limit); `what` names them in the error ("indices", "segment_ids").
std::vector<int64_t> checked_indices(const Tensor& t, int64_t limit, const char* what, const char* range_word) {
  auto idx = int_values(t, what);
  for (size_t i = 0; i < idx.size(); ++i)
    if (idx[i] < 0 || idx[i] >= limit)
      invalid_argument(std::string(what) + position_str(static_cast<int64_t>(i), t.shape()) + " = " +
                       std::to_string(idx[i]) + " is " + range_word + " [0, " + std::to_string(limit) + ")");
  return idx;
}

class GatherKernel : public OpKernel {
 public:
  explicit GatherKernel(const KernelInit& init) : axis_(init.node.attrs.get<int64_t>("axis")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& params = ctx.input(0);
    const Tensor& indices = ctx.input(1);
    const int r = params.rank();
    if (r == 0) invalid_argument("params must be at least 1 dimensional");
    const int ax = normalize_axis(axis_, r, "GatherV2");
    const int64_t n = params.dim(ax);
    auto idx = checked_indices(indices, n, "indices", "not in");
    int64_t outer = 1, inner = 1;
    Shape out_shape;
    for (int d = 0; d < ax; ++d) outer *= params.dim(d), out_shape.push_back(params.dim(d));
    out_shape.insert(out_shape.end(), indices.shape().begin(), indices.shape().end());
    for (int d = ax + 1; d < r; ++d) inner *= params.dim(d), out_shape.push_back(params.dim(d));
    Tensor out(params.dtype(), out_shape);
    const int64_t m = static_cast<int64_t>(idx.size());
    JF_DISPATCH_WORD(params.dtype(), {
      const E* src = words<E>(params);
      E* dst = words<E>(out);
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < m; ++i) {
          const E* row = src + (o * n + idx[i]) * inner;
          dst = std::copy(row, row + inner, dst);
        }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("GatherV2", GatherKernel);

// out[segment_ids[i], ...] += data[i, ...]; rows whose id never appears stay zero, negative ids
// are dropped (TF1).
void unsorted_segment_sum_kernel(KernelContext& ctx) {
  const Tensor& data = ctx.input(0);
  const Tensor& ids = ctx.input(1);
  const int64_t num = int_scalar(ctx.input(2), "num_segments");
  if (num < 0) invalid_argument("num_segments must be non-negative, got " + std::to_string(num));
  const Shape& ds = data.shape();
  if (ids.rank() > data.rank() || !std::equal(ids.shape().begin(), ids.shape().end(), ds.begin()))
    invalid_argument("data.shape = " + shape_str(ds) + " does not start with segment_ids.shape = " +
                     shape_str(ids.shape()));
  auto idx = int_values(ids, "segment_ids");
  for (size_t i = 0; i < idx.size(); ++i)
    if (idx[i] >= num)  // negative ids are dropped, as TF1's
      invalid_argument("segment_ids" + position_str(static_cast<int64_t>(i), ids.shape()) + " = " +
                       std::to_string(idx[i]) + " is out of range [0, " + std::to_string(num) + ")");
  Shape out_shape{num};
  out_shape.insert(out_shape.end(), ds.begin() + ids.rank(), ds.end());
  int64_t inner = 1;
  for (size_t d = ids.shape().size(); d < ds.size(); ++d) inner *= ds[d];
  Tensor out = zeros(data.dtype(), out_shape);
  JF_DISPATCH_NUMERIC(data.dtype(), "UnsortedSegmentSum", {
    const T* x = data.data<T>();
    T* y = out.data<T>();
    for (size_t i = 0; i < idx.size(); ++i) {
      if (idx[i] < 0) continue;
      T* row = y + idx[i] * inner;
      for (int64_t j = 0; j < inner; ++j) row[j] += x[i * inner + j];
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("UnsortedSegmentSum", unsorted_segment_sum_kernel);

}  // namespace
}  // namespace jf
