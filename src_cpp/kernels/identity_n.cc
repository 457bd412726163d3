// IdentityN (tf.identity_n, and the one node tf.custom_gradient hangs its gradient on) and
// EnsureShape (tf.ensure_shape's run-time check). Both pass their inputs through unchanged.
#include "../kernel.h"

#include <string>
#include <vector>

#include "../errors.h"

namespace jf {
namespace {

void identity_n_kernel(KernelContext& ctx) {
  for (int i = 0; i < ctx.num_inputs(); ++i) ctx.set_output(i, ctx.input(i));
}
JF_REGISTER_FUNCTION("IdentityN", identity_n_kernel);

// attr "shape": the expected dims, -1 where any size is accepted (its rank is always known:
// jupyter_flow.ensure_shape adds no node for an unknown-rank expectation).
class EnsureShapeKernel : public OpKernel {
 public:
  explicit EnsureShapeKernel(const KernelInit& init)
      : expected_(init.node.attrs.get<std::vector<int64_t>>("shape")), name_(init.node.name) {}
  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Shape& s = x.shape();
    bool ok = s.size() == expected_.size();
    for (size_t i = 0; ok && i < s.size(); ++i) ok = expected_[i] < 0 || expected_[i] == s[i];
    if (!ok) {
      invalid_argument("Shape of tensor " + name_ + " " + shape_str(s) + " is not compatible with expected shape " +
                       shape_str(Shape(expected_.begin(), expected_.end())) +
                       " (fix the tensor's producer, or put None where any size is fine)");
    }
    ctx.set_output(0, x);
  }

 private:
  std::vector<int64_t> expected_;
  std::string name_;
};
JF_REGISTER_KERNEL("EnsureShape", EnsureShapeKernel);

}  // namespace
}  // namespace jf
