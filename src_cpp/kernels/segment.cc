// Segment reductions: SegmentSum/Mean/Max/Min/Prod (sorted segment ids, one output row per id up
// to the last) and UnsortedSegmentMax/Min/Prod (any order, num_segments rows, negative ids
// dropped). Values as TF1's: an empty sorted segment is 0 (1 for prod); an empty unsorted
// segment is the reduction's identity (the dtype's lowest value for max, highest for min, 1 for
// prod). UnsortedSegmentSum lives with gather in indexing.cc. Python side:
// jupyter_flow/ops/segment_ops.py.
#include <limits>

#include "element_copy.h"

namespace jf {
namespace {

enum class Reduce { Sum, Mean, Max, Min, Prod };

template <typename T>
T identity_of(Reduce r) {
  switch (r) {
    case Reduce::Max: return std::numeric_limits<T>::lowest();
    case Reduce::Min: return std::numeric_limits<T>::max();
    case Reduce::Prod: return T(1);
    default: return T(0);
  }
}

template <typename T>
void combine(Reduce r, T* acc, const T* x, int64_t n) {
  switch (r) {
    case Reduce::Max: for (int64_t j = 0; j < n; ++j) acc[j] = x[j] > acc[j] ? x[j] : acc[j]; break;
    case Reduce::Min: for (int64_t j = 0; j < n; ++j) acc[j] = x[j] < acc[j] ? x[j] : acc[j]; break;
    case Reduce::Prod: for (int64_t j = 0; j < n; ++j) acc[j] *= x[j]; break;
    default: for (int64_t j = 0; j < n; ++j) acc[j] += x[j]; break;
  }
}

// Elements per row of `data` below the leading `id_rank` dimensions.
int64_t row_size(const Shape& ds, size_t id_rank) {
  int64_t inner = 1;
  for (size_t d = id_rank; d < ds.size(); ++d) inner *= ds[d];
  return inner;
}

template <Reduce R>
void sorted_segment_kernel(KernelContext& ctx) {
  const Tensor& data = ctx.input(0);
  const Tensor& ids = ctx.input(1);
  if (ids.rank() != 1) invalid_argument("segment_ids should be a vector, got shape " + shape_str(ids.shape()));
  if (data.rank() < 1 || data.dim(0) != ids.dim(0))
    invalid_argument("segment_ids should be the same size as dimension 0 of input: data.shape = " +
                     shape_str(data.shape()) + ", segment_ids.shape = " + shape_str(ids.shape()));
  auto idx = int_values(ids, "segment_ids");
  for (size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] < 0)
      invalid_argument("segment_ids[" + std::to_string(i) + "] = " + std::to_string(idx[i]) + " is negative");
    if (i && idx[i] < idx[i - 1])
      invalid_argument("segment ids are not increasing: segment_ids[" + std::to_string(i - 1) + "] = " +
                       std::to_string(idx[i - 1]) + ", segment_ids[" + std::to_string(i) + "] = " +
                       std::to_string(idx[i]) + " (use tf.unsorted_segment_* for ids in any order)");
  }
  const int64_t rows = idx.empty() ? 0 : idx.back() + 1;
  Shape out_shape{rows};
  out_shape.insert(out_shape.end(), data.shape().begin() + 1, data.shape().end());
  const int64_t inner = row_size(data.shape(), 1);
  Tensor out = zeros(data.dtype(), out_shape);
  JF_DISPATCH_NUMERIC(data.dtype(), "Segment reduction", {
    const T* x = data.data<T>();
    T* y = out.data<T>();
    if constexpr (R == Reduce::Prod)
      std::fill(y, y + rows * inner, T(1));
    size_t i = 0;
    while (i < idx.size()) {  // one run of equal ids at a time: the first row starts the reduction
      size_t end = i + 1;
      while (end < idx.size() && idx[end] == idx[i]) ++end;
      T* acc = y + idx[i] * inner;
      const T* first = x + static_cast<int64_t>(i) * inner;
      std::copy(first, first + inner, acc);
      for (size_t k = i + 1; k < end; ++k) combine(R, acc, x + static_cast<int64_t>(k) * inner, inner);
      if constexpr (R == Reduce::Mean) {
        const T count = static_cast<T>(end - i);
        for (int64_t j = 0; j < inner; ++j) acc[j] /= count;
      }
      i = end;
    }
  })
  ctx.set_output(0, std::move(out));
}

template <Reduce R>
void unsorted_segment_kernel(KernelContext& ctx) {
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
    if (idx[i] >= num)
      invalid_argument("segment_ids[" + std::to_string(i) + "] = " + std::to_string(idx[i]) +
                       " is out of range [0, " + std::to_string(num) + ")");
  Shape out_shape{num};
  out_shape.insert(out_shape.end(), ds.begin() + ids.rank(), ds.end());
  const int64_t inner = row_size(ds, ids.shape().size());
  Tensor out(data.dtype(), out_shape);
  JF_DISPATCH_NUMERIC(data.dtype(), "Unsorted segment reduction", {
    const T* x = data.data<T>();
    T* y = out.data<T>();
    std::fill(y, y + num * inner, identity_of<T>(R));
    for (size_t i = 0; i < idx.size(); ++i)
      if (idx[i] >= 0) combine(R, y + idx[i] * inner, x + static_cast<int64_t>(i) * inner, inner);  // TF1 drops negative ids
  })
  ctx.set_output(0, std::move(out));
}

JF_REGISTER_FUNCTION("SegmentSum", sorted_segment_kernel<Reduce::Sum>);
JF_REGISTER_FUNCTION("SegmentMean", sorted_segment_kernel<Reduce::Mean>);
JF_REGISTER_FUNCTION("SegmentMax", sorted_segment_kernel<Reduce::Max>);
JF_REGISTER_FUNCTION("SegmentMin", sorted_segment_kernel<Reduce::Min>);
JF_REGISTER_FUNCTION("SegmentProd", sorted_segment_kernel<Reduce::Prod>);
JF_REGISTER_FUNCTION("UnsortedSegmentMax", unsorted_segment_kernel<Reduce::Max>);
JF_REGISTER_FUNCTION("UnsortedSegmentMin", unsorted_segment_kernel<Reduce::Min>);
JF_REGISTER_FUNCTION("UnsortedSegmentProd", unsorted_segment_kernel<Reduce::Prod>);

}  // namespace
}  // namespace jf
