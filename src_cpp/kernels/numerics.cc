// CheckNumerics (tf.check_numerics): passes its input through, or fails with TF1's message when
// the input holds NaN or Inf. The counting is run_trace.h's vectorized scan, the same one the
// %flow_debug nan check uses.
#include <cmath>

#include "../kernel.h"
#include "../run_trace.h"

namespace jf {
namespace {

template <typename T>
int64_t count_nan(const T* p, int64_t n) {
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) count += std::isnan(p[i]);
  return count;
}

class CheckNumericsKernel : public OpKernel {
 public:
  explicit CheckNumericsKernel(const KernelInit& init)
      : message_(init.node.attrs.get_or<std::string>("message", "")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    if (!is_floating(x.dtype()))
      invalid_argument("CheckNumerics checks float tensors, got a " + std::string(dtype_name(x.dtype())) + " tensor");
    const int64_t bad = count_non_finite(x);
    if (bad) [[unlikely]] {
      // Which kind, as TF1 says it: "Inf", "NaN" or "Inf and NaN".
      const int64_t nans = x.dtype() == DType::Float32 ? count_nan(x.data<float>(), x.size())
                                                       : count_nan(x.data<double>(), x.size());
      const bool nan = nans > 0, inf = bad > nans;
      invalid_argument(message_ + " : Tensor had " + (inf && nan ? "Inf and NaN" : inf ? "Inf" : "NaN") + " values");
    }
    ctx.set_output(0, x);
  }

 private:
  std::string message_;
};
JF_REGISTER_KERNEL("CheckNumerics", CheckNumericsKernel);

}  // namespace
}  // namespace jf
