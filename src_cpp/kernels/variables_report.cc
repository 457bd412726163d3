// ReportUninitializedVariables and IsVariableInitialized: questions about the session's state.
#include "elementwise.h"

namespace jf {
namespace {

class ReportUninitializedKernel : public OpKernel {
 public:
  explicit ReportUninitializedKernel(const KernelInit& init) {
    for (auto& name : init.node.attrs.get_or<std::vector<std::string>>("var_names", {}))
      slots_.push_back(init.state.slot(name));
  }
  void compute(KernelContext& ctx) override {
    std::vector<std::string> names;
    for (auto& s : slots_)
      if (!s->initialized()) names.push_back(s->name);
    Tensor out(DType::String, {static_cast<int64_t>(names.size())});
    out.strings() = std::move(names);
    ctx.set_output(0, std::move(out));
  }

 private:
  std::vector<std::shared_ptr<VarSlot>> slots_;
};
JF_REGISTER_KERNEL("ReportUninitializedVariables", ReportUninitializedKernel);

class IsInitializedKernel : public OpKernel {
 public:
  explicit IsInitializedKernel(const KernelInit& init) : slot_(init.ref_slot(0)) {}
  void compute(KernelContext& ctx) override {
    Tensor out(DType::Bool, {});
    out.data<bool>()[0] = slot_->initialized();
    ctx.set_output(0, std::move(out));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
};
JF_REGISTER_KERNEL("IsVariableInitialized", IsInitializedKernel, std::vector<int>{0});

class InitializedValueKernel : public OpKernel {
 public:
  explicit InitializedValueKernel(const KernelInit& init) : slot_(init.ref_slot(0)) {}
  void compute(KernelContext& ctx) override {
    Tensor value = slot_->get();
    ctx.set_output(0, value.valid() ? std::move(value) : ctx.input(1));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
};
JF_REGISTER_KERNEL("InitializedValue", InitializedValueKernel, std::vector<int>{0});

}  // namespace
}  // namespace jf
