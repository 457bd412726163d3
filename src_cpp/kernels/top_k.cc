// TopKV2 (jupyter_flow/ops/top_k_ops.py): the k largest entries of each last-axis row, largest first,
// and their indices. Equal values keep index order (the lower index first), as TF documents; NaN
// counts as larger than every number so the comparison stays a strict weak order (std::partial_sort
// requires one: an order NaN breaks is undefined behaviour, not just a wrong answer).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

void top_k_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  const int64_t k = int_scalar(ctx.input(1), "k");
  const std::string& name = ctx.node().name;
  if (in.rank() < 1) invalid_argument("'" + name + "': input must be at least 1-dimensional, got shape " +
                                      shape_str(in.shape()));
  if (k < 0) invalid_argument("'" + name + "': Need k >= 0, got " + std::to_string(k));
  const int64_t n = in.shape().back();
  if (n < k) invalid_argument("'" + name + "': input must have at least k columns. Had " + std::to_string(n) +
                              ", needed " + std::to_string(k));
  Shape out_shape = in.shape();
  out_shape.back() = k;
  const int64_t rows = n == 0 ? 0 : in.size() / n;
  Tensor values(in.dtype(), out_shape);
  Tensor indices(DType::Int32, out_shape);
  int32_t* idx_out = indices.data<int32_t>();
  std::vector<int32_t> order(static_cast<size_t>(n));
  JF_DISPATCH_NUMERIC(in.dtype(), "TopKV2", {
    const T* x = in.data<T>();
    T* v_out = values.data<T>();
    for (int64_t r = 0; r < rows; ++r) {
      const T* row = x + r * n;
      std::iota(order.begin(), order.end(), 0);
      auto larger = [row](int32_t a, int32_t b) {
        const bool na = is_nan(row[a]), nb = is_nan(row[b]);
        if (na != nb) return na;
        if (!na && row[a] != row[b]) return row[a] > row[b];
        return a < b;
      };
      std::partial_sort(order.begin(), order.begin() + k, order.end(), larger);
      for (int64_t j = 0; j < k; ++j) {
        idx_out[r * k + j] = order[static_cast<size_t>(j)];
        v_out[r * k + j] = row[order[static_cast<size_t>(j)]];
      }
    }
  })
  ctx.set_output(0, std::move(values));
  ctx.set_output(1, std::move(indices));
}

}  // namespace

JF_REGISTER_FUNCTION("TopKV2", top_k_kernel);

}  // namespace jf
