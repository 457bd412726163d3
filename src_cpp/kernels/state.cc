// Sources and state: constants, placeholders, variables and their assignment, identity.
#include "elementwise.h"
#include "../value_check.h"

namespace jf {
namespace {

class ConstKernel : public OpKernel {
 public:
  explicit ConstKernel(const KernelInit& init) : value_(init.node.attrs.get<Tensor>("value")) {
    // Refused when the plan is built, naming the constant, before anything reads it.
    if (init.node.out_dtypes.size() != 1)
      invalid_argument("constant '" + init.node.name + "' declares " + std::to_string(init.node.out_dtypes.size()) +
                       " outputs; a Const has one");
    if (value_.dtype() != init.node.out_dtypes[0])
      invalid_argument("constant '" + init.node.name + "' holds a " + dtype_name(value_.dtype()) +
                       " array but is declared " + dtype_name(init.node.out_dtypes[0]) +
                       "; the graph is malformed (a damaged or edited meta graph?)");
  }
  void compute(KernelContext& ctx) override { ctx.set_output(0, value_); }

 private:
  Tensor value_;
};
JF_REGISTER_KERNEL("Const", ConstKernel);

std::string placeholder_message(const Node& node) {
  std::string shape = node.attrs.has("shape") ? shape_str(node.attrs.get<std::vector<int64_t>>("shape"))
                                              : "<unknown>";
  return "You must feed a value for placeholder tensor '" + node.name + "' with dtype " +
         dtype_name(node.out_dtypes.at(0)) + " and shape " + shape +
         " (pass it in feed_dict, e.g. sess.run(..., feed_dict={" + node.name + ": value}))";
}

void placeholder_kernel(KernelContext& ctx) { invalid_argument(placeholder_message(ctx.node())); }
JF_REGISTER_FUNCTION("Placeholder", placeholder_kernel);

class VariableKernel : public OpKernel {
 public:
  explicit VariableKernel(const KernelInit& init) : slot_(init.state.slot(init.node.name)) {}
  void compute(KernelContext& ctx) override {
    Tensor value = slot_->get();
    if (!value.valid())
      fail(Code::FailedPrecondition,
           "Attempting to use uninitialized value " + slot_->name +
               " (run its initializer first, e.g. sess.run(tf.global_variables_initializer()))");
    // A source whose value changes between runs: checked on every read (value_check.h).
    if (value.dtype() != ctx.node().out_dtypes[0]) [[unlikely]]
      wrong_value_dtype(ctx.node(), 0, value.dtype());
    ctx.set_output(0, std::move(value));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
};
JF_REGISTER_KERNEL("VariableV2", VariableKernel);

// The shape a variable was declared with (-1 for unknown dims), from its VariableV2 node.
Shape declared_shape(const KernelInit& init) {
  NodePtr var = init.graph.node(init.node.inputs.at(0).node);
  return var->attrs.get_or<std::vector<int64_t>>("shape", {});
}

bool shape_matches(const Shape& declared, const Shape& actual) {
  if (declared.size() != actual.size()) return false;
  for (size_t i = 0; i < declared.size(); ++i)
    if (declared[i] >= 0 && declared[i] != actual[i]) return false;
  return true;
}

class AssignKernel : public OpKernel {
 public:
  explicit AssignKernel(const KernelInit& init)
      : slot_(init.ref_slot(0)),
        validate_(init.node.attrs.get_or<bool>("validate_shape", true)),
        declared_(declared_shape(init)),
        has_declared_(init.graph.node(init.node.inputs.at(0).node)->attrs.has("shape")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& v = ctx.input(1);
    if (validate_ && has_declared_ && !shape_matches(declared_, v.shape()))
      invalid_argument("Assign requires shapes of both tensors to match. lhs shape= " +
                       shape_str(declared_) + " rhs shape= " + shape_str(v.shape()) + " (variable '" +
                       slot_->name + "')");
    // As TF1's ref variables: the value is copied into the variable's own buffer (in place when
    // the shape is unchanged, so tensors already reading the variable in this run see it), and
    // the variable never shares a buffer with a constant or another tensor.
    std::unique_lock<std::mutex> lock(slot_->mu);
    Tensor& cur = slot_->value;
    // When the value dies with this step, the variable keeps its buffer instead of copying it (as
    // TF1 forwards it): a 10 GB tf.zeros initializer then never exists twice. In place, only when
    // no tensor of this run shares the variable's buffer (else they must see the update).
    const bool take = ctx.input_is_last_use(1);
    if (cur.valid() && cur.dtype() == v.dtype() && cur.shape() == v.shape() && v.dtype() != DType::String) {
      if (take && cur.buffer().use_count() == 1)
        cur = v;
      else if (v.nbytes() && !cur.shares_buffer_with(v))
        std::memcpy(cur.raw(), v.raw(), v.nbytes());
    } else if (take) {
      cur = v;
    } else {
      cur = v.clone();
    }
    Tensor result = cur;
    lock.unlock();
    ctx.set_output(0, std::move(result));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
  bool validate_;
  Shape declared_;
  bool has_declared_;
};
JF_REGISTER_KERNEL("Assign", AssignKernel, std::vector<int>{0});

template <int Sign>
class AssignUpdateKernel : public OpKernel {
 public:
  explicit AssignUpdateKernel(const KernelInit& init) : slot_(init.ref_slot(0)) {}
  void compute(KernelContext& ctx) override {
    std::unique_lock<std::mutex> lock(slot_->mu);  // held until the in-place update is done
    if (!slot_->value.valid())
      fail(Code::FailedPrecondition, "Attempting to use uninitialized value " + slot_->name);
    const Tensor& d = ctx.input(1);
    Tensor& v = slot_->value;
    if (d.dtype() != v.dtype())
      invalid_argument(std::string(Sign > 0 ? "AssignAdd" : "AssignSub") + ": variable '" + slot_->name +
                       "' holds " + dtype_name(v.dtype()) + " but the value to add is " + dtype_name(d.dtype()) +
                       "; cast it with tf.cast");
    if (d.shape() != v.shape())
      invalid_argument(std::string(Sign > 0 ? "AssignAdd" : "AssignSub") +
                       " requires shapes of both tensors to match. lhs shape= " + shape_str(v.shape()) +
                       " rhs shape= " + shape_str(d.shape()) + " (variable '" + slot_->name + "')");
    // In place, as TF1's ref variables: readers of the variable in this run see the update.
    // (Assign gives every variable a buffer of its own, and values handed to Python are copies.)
    JF_DISPATCH_NUMERIC(v.dtype(), "AssignAdd", {
      T* x = v.data<T>();
      const T* y = d.data<T>();
      for (int64_t i = 0; i < v.size(); ++i) x[i] = Sign > 0 ? x[i] + y[i] : x[i] - y[i];
    })
    Tensor result = v;
    lock.unlock();
    ctx.set_output(0, std::move(result));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
};
JF_REGISTER_KERNEL("AssignAdd", AssignUpdateKernel<1>, std::vector<int>{0});
JF_REGISTER_KERNEL("AssignSub", AssignUpdateKernel<-1>, std::vector<int>{0});

void identity_kernel(KernelContext& ctx) { ctx.set_output(0, ctx.input(0)); }
JF_REGISTER_FUNCTION("Identity", identity_kernel);
JF_REGISTER_FUNCTION("StopGradient", identity_kernel);
JF_REGISTER_FUNCTION("PlaceholderWithDefault", identity_kernel);  // its default, unless fed

void no_op_kernel(KernelContext&) {}
JF_REGISTER_FUNCTION("NoOp", no_op_kernel);

}  // namespace
}  // namespace jf
