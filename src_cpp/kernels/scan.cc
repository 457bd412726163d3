// Cumulative sums and products along an axis (tf.cumsum, tf.cumprod), with TF1's `exclusive`
// (each output leaves out its own element) and `reverse` (accumulate from the end).
// Python side: jupyter_flow/ops/scan_ops.py.
#include "element_copy.h"

namespace jf {
namespace {

template <bool Product>
class ScanKernel : public OpKernel {
 public:
  explicit ScanKernel(const KernelInit& init)
      : exclusive_(init.node.attrs.get_or<bool>("exclusive", false)),
        reverse_(init.node.attrs.get_or<bool>("reverse", false)) {}

  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const int r = x.rank();
    const int64_t axis = int_scalar(ctx.input(1), "axis");
    if (r == 0 || axis < -r || axis >= r)
      invalid_argument(std::string(Product ? "Cumprod" : "Cumsum") + ": axis " + std::to_string(axis) +
                       " is out of range for a tensor of shape " + shape_str(x.shape()) + " (rank " +
                       std::to_string(r) + ")");
    const int ax = static_cast<int>(axis < 0 ? axis + r : axis);
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < ax; ++i) outer *= x.dim(i);
    for (int i = ax + 1; i < r; ++i) inner *= x.dim(i);
    const int64_t len = x.dim(ax);
    Tensor out(x.dtype(), x.shape());
    JF_DISPATCH_NUMBERS(x.dtype(), Product ? "Cumprod" : "Cumsum", {
      const T* in = x.data<T>();
      T* y = out.data<T>();
      // One running value per inner position: the loops walk memory in order (no strided scan).
      std::vector<T> acc(static_cast<size_t>(inner));
      for (int64_t o = 0; o < outer; ++o) {
        std::fill(acc.begin(), acc.end(), T(Product ? 1 : 0));
        for (int64_t s = 0; s < len; ++s) {
          const int64_t k = reverse_ ? len - 1 - s : s;
          const int64_t base = (o * len + k) * inner;
          for (int64_t i = 0; i < inner; ++i) {
            if (exclusive_) y[base + i] = acc[i];
            if constexpr (Product) acc[i] = T(acc[i] * in[base + i]);
            else acc[i] = T(acc[i] + in[base + i]);
            if (!exclusive_) y[base + i] = acc[i];
          }
        }
      }
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  bool exclusive_, reverse_;
};
JF_REGISTER_KERNEL("Cumsum", ScanKernel<false>);
JF_REGISTER_KERNEL("Cumprod", ScanKernel<true>);

}  // namespace
}  // namespace jf
