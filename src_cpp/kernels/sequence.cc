// Range and OneHot. Python side: jupyter_flow/ops/sequence_ops.py.
#include <sstream>

#include "element_copy.h"

namespace jf {
namespace {

template <typename T>
T scalar_of(const Tensor& t, const char* what) {
  if (t.rank() != 0) invalid_argument(std::string(what) + " must be a scalar, not shape " + shape_str(t.shape()));
  return t.data<T>()[0];
}

template <typename T>
std::string str(T v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void range_kernel(KernelContext& ctx) {
  const DType dt = ctx.input(0).dtype();
  JF_DISPATCH_NUMERIC(dt, "Range", {
    const T start = scalar_of<T>(ctx.input(0), "start");
    const T limit = scalar_of<T>(ctx.input(1), "limit");
    const T delta = scalar_of<T>(ctx.input(2), "delta");
    if (delta == T(0)) invalid_argument("Requires delta != 0");
    if (delta > 0 && start > limit)
      invalid_argument("Requires start <= limit when delta > 0: " + str(start) + "/" + str(limit));
    if (delta < 0 && start < limit)
      invalid_argument("Requires start >= limit when delta < 0: " + str(start) + "/" + str(limit));
    int64_t n;
    if constexpr (std::is_integral_v<T>) {
      // Unsigned: limit - start overflows int64 for ranges spanning most of it.
      const uint64_t a = static_cast<uint64_t>(static_cast<int64_t>(start));
      const uint64_t b = static_cast<uint64_t>(static_cast<int64_t>(limit));
      const uint64_t span = delta > 0 ? b - a : a - b;
      const uint64_t step = delta > 0 ? static_cast<uint64_t>(static_cast<int64_t>(delta))
                                      : uint64_t{0} - static_cast<uint64_t>(static_cast<int64_t>(delta));
      n = static_cast<int64_t>(span / step + (span % step != 0));
    } else {
      if (!std::isfinite(static_cast<double>(start)) || !std::isfinite(static_cast<double>(limit)) ||
          std::isnan(static_cast<double>(delta)))  // (an infinite delta gives no element, as in TF1)
        invalid_argument("range(" + str(start) + ", " + str(limit) + ", " + str(delta) +
                         ") has no finite number of elements; start and limit must be finite and delta a number");
      const double count = std::ceil(std::abs((static_cast<double>(limit) - start) / delta));
      if (!(count < 0x1p62))  // also NaN and inf: converting those to int64 is undefined
        fail(Code::ResourceExhausted, "range(" + str(start) + ", " + str(limit) + ", " + str(delta) +
                                          ") would have " + str(count) + " elements; use a larger delta");
      n = static_cast<int64_t>(count);
    }
    Tensor out(dt, {n});
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(start + static_cast<T>(i) * delta);
    ctx.set_output(0, std::move(out));
  })
}
JF_REGISTER_FUNCTION("Range", range_kernel);

// OneHot(indices, depth, on_value, off_value): indices outside [0, depth) give all off_value.
class OneHotKernel : public OpKernel {
 public:
  explicit OneHotKernel(const KernelInit& init) : axis_(init.node.attrs.get<int64_t>("axis")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& indices = ctx.input(0);
    const int64_t depth = int_scalar(ctx.input(1), "depth");
    const Tensor& on = ctx.input(2);
    const Tensor& off = ctx.input(3);
    if (depth < 0) invalid_argument("depth must be non-negative, got: " + std::to_string(depth));
    if (on.rank() != 0 || off.rank() != 0)
      invalid_argument("on_value and off_value must be scalars, got shapes " + shape_str(on.shape()) + " and " +
                       shape_str(off.shape()));
    const int r = indices.rank();
    if (axis_ < -1 || axis_ > r)
      invalid_argument("Expected axis to be -1 or between [0, " + std::to_string(r + 1) + ").  But received: " +
                       std::to_string(axis_));
    const int ax = axis_ == -1 ? r : static_cast<int>(axis_);
    Shape out_shape = indices.shape();
    out_shape.insert(out_shape.begin() + ax, depth);
    int64_t prefix = 1, suffix = 1;
    for (int d = 0; d < r; ++d) (d < ax ? prefix : suffix) *= indices.dim(d);
    auto idx = int_values(indices, "indices");
    Tensor out(on.dtype(), out_shape);
    if (on.dtype() == DType::String) invalid_argument("OneHot does not support string values");
    JF_DISPATCH_ALL(on.dtype(), "OneHot", {
      const T on_v = on.data<T>()[0], off_v = off.data<T>()[0];
      T* y = out.data<T>();
      for (int64_t p = 0; p < prefix; ++p)
        for (int64_t d = 0; d < depth; ++d)
          for (int64_t s = 0; s < suffix; ++s) *y++ = idx[p * suffix + s] == d ? on_v : off_v;
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("OneHot", OneHotKernel);

}  // namespace
}  // namespace jf
