// PyFunc: runs a Python function inside a step (tf.py_func). The documented slow path: each run
// takes the GIL and copies its inputs to NumPy. Python side: jupyter_flow/ops/script_ops.py.
#include <mutex>

#include "../script_call.h"
#include "elementwise.h"

namespace jf {
namespace {
std::mutex caller_mu;
ScriptCaller& caller_slot() {
  static ScriptCaller caller;
  return caller;
}
}  // namespace

void set_script_caller(ScriptCaller caller) {
  std::lock_guard<std::mutex> lock(caller_mu);
  caller_slot() = std::move(caller);
}

std::vector<Tensor> call_script(int64_t token, const std::vector<Tensor>& inputs, const std::vector<DType>& out_dtypes) {
  ScriptCaller caller;
  {
    std::lock_guard<std::mutex> lock(caller_mu);
    caller = caller_slot();
  }
  if (!caller) fail(Code::FailedPrecondition, "tf.py_func needs the Python module that created the graph");
  return caller(token, inputs, out_dtypes);
}

namespace {

class PyFuncKernel : public OpKernel {
 public:
  explicit PyFuncKernel(const KernelInit& init)
      : token_(init.node.attrs.get<int64_t>("token")), out_dtypes_(init.node.out_dtypes) {}

  void compute(KernelContext& ctx) override {
    std::vector<Tensor> inputs;
    inputs.reserve(ctx.num_inputs());
    for (int i = 0; i < ctx.num_inputs(); ++i) inputs.push_back(ctx.input(i));
    std::vector<Tensor> outputs = call_script(token_, inputs, out_dtypes_);
    for (size_t i = 0; i < outputs.size(); ++i) ctx.set_output(static_cast<int>(i), std::move(outputs[i]));
  }

 private:
  int64_t token_;
  std::vector<DType> out_dtypes_;
};
JF_REGISTER_KERNEL("PyFunc", PyFuncKernel);

}  // namespace
}  // namespace jf
