// Where (jupyter_flow/ops/where_op.py): the coordinates of the true (nonzero) elements of a tensor, one
// int64 row per element in row-major order, as TF1's tf.where(condition) with neither x nor y.
#include <vector>

#include "elementwise.h"

namespace jf {
namespace {

void where_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  const Shape& shape = in.shape();
  const int64_t rank = static_cast<int64_t>(shape.size());
  std::vector<int64_t> hits;
  JF_DISPATCH_REAL_BOOL(in.dtype(), "Where", {
    const T* x = in.data<T>();
    for (int64_t i = 0; i < in.size(); ++i)
      if (x[i] != T(0)) hits.push_back(i);
  });
  Tensor out(DType::Int64, Shape{static_cast<int64_t>(hits.size()), rank});
  int64_t* coords = out.data<int64_t>();
  for (size_t h = 0; h < hits.size(); ++h) {
    int64_t flat = hits[h];
    for (int64_t d = rank - 1; d >= 0; --d) {  // row-major: the last axis varies fastest
      coords[static_cast<int64_t>(h) * rank + d] = flat % shape[d];
      flat /= shape[d];
    }
  }
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Where", where_kernel);

}  // namespace
}  // namespace jf
