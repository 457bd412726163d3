// CountUpTo (tf.count_up_to, Variable.count_up_to): increments an int variable and outputs its
// value before the increment, until the limit, where it raises OutOfRange. tf.train.limit_epochs
// builds on it, so an input producer's queue runner ends (and closes its queue) after N epochs.
#include "../kernel.h"

namespace jf {
namespace {

class CountUpToKernel : public OpKernel {
 public:
  explicit CountUpToKernel(const KernelInit& init)
      : slot_(init.ref_slot(0)), limit_(init.node.attrs.get<int64_t>("limit")) {}
  void compute(KernelContext& ctx) override {
    std::unique_lock<std::mutex> lock(slot_->mu);  // the read and the increment are one step
    Tensor& v = slot_->value;
    if (!v.valid()) fail(Code::FailedPrecondition, "Attempting to use uninitialized value " + slot_->name);
    if (v.size() != 1 || (v.dtype() != DType::Int32 && v.dtype() != DType::Int64))
      invalid_argument("CountUpTo needs an int32 or int64 scalar variable, '" + slot_->name + "' is " +
                       dtype_name(v.dtype()) + shape_str(v.shape()));
    const int64_t before = v.dtype() == DType::Int32 ? v.data<int32_t>()[0] : v.data<int64_t>()[0];
    if (before >= limit_) fail(Code::OutOfRange, "Reached limit of " + std::to_string(limit_));
    v.make_unique();  // a value read earlier keeps what it read
    Tensor out(v.dtype(), Shape{});
    if (v.dtype() == DType::Int32) {
      out.data<int32_t>()[0] = static_cast<int32_t>(before);
      v.data<int32_t>()[0] = static_cast<int32_t>(before + 1);
    } else {
      out.data<int64_t>()[0] = before;
      v.data<int64_t>()[0] = before + 1;
    }
    lock.unlock();
    ctx.set_output(0, std::move(out));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
  int64_t limit_;
};

}  // namespace

JF_REGISTER_KERNEL("CountUpTo", CountUpToKernel, std::vector<int>{0});

}  // namespace jf
