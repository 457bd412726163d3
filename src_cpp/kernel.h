// The kernel interface. A kernel is created once per node per plan (so it can digest its
// attributes and bind variable slots up front) and then computes on every run.
// Add an op: write a class deriving from OpKernel (JF_REGISTER_KERNEL) or a plain function
// (JF_REGISTER_FUNCTION) in kernels/<family>.cc, registered under the type name its define_op
// uses in jupyter_flow/ops/<family>.py, with the same ref inputs (tests/framework/test_op_contract.py
// fails otherwise).
#pragma once
#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "errors.h"
#include "graph.h"
#include "session_state.h"
#include "tensor.h"

namespace jf {

class RunObserver;  // run_trace.h

struct KernelInit {
  const Node& node;
  SessionState& state;
  // The variable slot behind a ref input (an input registered as a ref: Assign's first...).
  std::shared_ptr<VarSlot> ref_slot(int input) const;
  const Graph& graph;
};

// How the running plan is stopped: Ctrl-C polling and the session's cancel flag. Kernels that
// run sub-plans (loops, conditionals) pass it on so a long loop stays interruptible, and so the
// run's observer (a trace, the NaN check; nullptr normally) sees the steps inside them too.
struct RunControl {
  const std::function<void()>& poll;
  const std::atomic<bool>& cancelled;
  RunObserver* observer = nullptr;
};

class KernelContext {
 public:
  // `released`: the slots the run frees right after this step (their last reader is this step).
  KernelContext(Tensor* values, const int* in_slots, int num_inputs, Tensor* outputs,
                const Node& node, const RunControl* run = nullptr, const std::vector<int>* freed_after = nullptr)
      : values_(values), in_slots_(in_slots), num_inputs_(num_inputs), outputs_(outputs),
        node_(node), run_(run), freed_after_(freed_after) {}
  int num_inputs() const { return num_inputs_; }
  // Checked, because a graph from a damaged meta graph file may give an op fewer inputs or
  // outputs than its kernel reads or writes: that must be an error, never a stray read.
  // (One unsigned compare each: these run several times per step on the hot path. That every
  // value read was set, with its declared dtype, is checked once per step: value_check.h.)
  const Tensor& input(int i) const {
    if (static_cast<unsigned>(i) >= static_cast<unsigned>(num_inputs_)) [[unlikely]] missing_input(i);
    return values_[in_slots_[i]];
  }
  Tensor& output(int i) {
    if (static_cast<size_t>(static_cast<unsigned>(i)) >= node_.out_dtypes.size()) [[unlikely]] missing_output(i);
    return outputs_[i];
  }
  void set_output(int i, Tensor t) { output(i) = std::move(t); }
  // True when nothing else can ever read input i's buffer after this step: no later step reads
  // its value (the run frees it) and no other tensor shares the buffer. A kernel may then keep the
  // buffer instead of copying it (Assign initializing a variable from a 10 GB tf.zeros).
  bool input_is_last_use(int i) const {
    if (!freed_after_ || i < 0 || i >= num_inputs_ || in_slots_[i] < 0) return false;
    const Tensor& t = values_[in_slots_[i]];
    if (!t.valid() || t.buffer().use_count() != 1) return false;
    for (int slot : *freed_after_)
      if (slot == in_slots_[i]) return true;
    return false;
  }
  const Node& node() const { return node_; }
  const Attrs& attrs() const { return node_.attrs; }
  const RunControl* run_control() const { return run_; }
  // Input i's value for reuse as an output: moved out of its slot when this step is its last
  // reader (the plan frees it right after), so make_unique() then copies only if some other
  // holder (a fetch, a variable, Python) still shares the buffer. An array written row by row
  // in a loop (TensorArray) is updated in place this way.
  Tensor forward_input(int i) {
    int slot = in_slots_[i];
    bool last = freed_after_ && std::find(freed_after_->begin(), freed_after_->end(), slot) != freed_after_->end();
    for (int j = 0; last && j < num_inputs_; ++j) last = j == i || in_slots_[j] != slot;
    return last ? std::move(values_[slot]) : values_[slot];
  }

 private:
  [[noreturn]] void missing_input(int i) const;
  [[noreturn]] void missing_output(int i) const;
  Tensor* values_;
  const int* in_slots_;
  int num_inputs_;
  Tensor* outputs_;
  const Node& node_;
  const RunControl* run_;
  const std::vector<int>* freed_after_;
};

class OpKernel {
 public:
  virtual ~OpKernel() = default;
  virtual void compute(KernelContext& ctx) = 0;
};

using KernelFactory = std::function<std::unique_ptr<OpKernel>(const KernelInit&)>;

struct KernelDef {
  KernelFactory factory;
  std::vector<int> ref_inputs;  // inputs that name a variable instead of reading its value
};

const KernelDef* find_kernel(const std::string& type);
std::vector<std::string> registered_kernels();

struct KernelRegistration {
  KernelRegistration(const char* type, KernelFactory factory, std::vector<int> ref_inputs = {});
};

// A kernel that is a plain function of its context (no per-node set-up).
class FunctionKernel : public OpKernel {
 public:
  explicit FunctionKernel(void (*fn)(KernelContext&)) : fn_(fn) {}
  void compute(KernelContext& ctx) override { fn_(ctx); }

 private:
  void (*fn_)(KernelContext&);
};

#define JF_CONCAT_INNER(a, b) a##b
#define JF_CONCAT(a, b) JF_CONCAT_INNER(a, b)

// JF_REGISTER_KERNEL("MatMul", MatMulKernel) — MatMulKernel(const KernelInit&) constructor;
// JF_REGISTER_KERNEL("Assign", AssignKernel, std::vector<int>{0}) — input 0 is a ref input.
#define JF_REGISTER_KERNEL(TYPE, CLASS, ...)                                                    \
  static ::jf::KernelRegistration JF_CONCAT(jf_kernel_reg_, __COUNTER__)(                      \
      TYPE, [](const ::jf::KernelInit& init) -> std::unique_ptr<::jf::OpKernel> {             \
        return std::make_unique<CLASS>(init);                                                  \
      } __VA_OPT__(, ) __VA_ARGS__)

// JF_REGISTER_FUNCTION("Identity", identity_kernel) — void identity_kernel(KernelContext&).
#define JF_REGISTER_FUNCTION(TYPE, FN)                                                          \
  static ::jf::KernelRegistration JF_CONCAT(jf_kernel_reg_, __COUNTER__)(                      \
      TYPE, [](const ::jf::KernelInit&) -> std::unique_ptr<::jf::OpKernel> {                  \
        return std::make_unique<::jf::FunctionKernel>(FN);                                     \
      })

}  // namespace jf
