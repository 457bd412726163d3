// Structured control flow: a While op runs its condition and body sub-plans until the condition
// is false; an If op runs the sub-plan of the branch its predicate picks. Both execute entirely
// here, in one Session.run call (jupyter_flow/ops/control_flow_loop.py builds them).
#include <algorithm>
#include <cstring>

#include "../subplan.h"

namespace jf {
namespace {

bool predicate_value(const Tensor& t, const std::string& what) {
  if (t.dtype() != DType::Bool || t.size() != 1)
    invalid_argument(what + " must be a boolean scalar, got a " + std::string(dtype_name(t.dtype())) +
                     " tensor of shape " + shape_str(t.shape()));
  return t.data<bool>()[0];
}

// Rethrows an error from inside a body with where it happened, keeping the op at fault.
[[noreturn]] void rethrow_in_loop(const EngineError& e, const Node& loop, int64_t iteration) {
  throw EngineError(e.code,
                    std::string(e.what()) + " (in iteration " + std::to_string(iteration) + " of while loop '" +
                        loop.name + "')",
                    e.node_id >= 0 ? e.node_id : loop.id);
}

// Values a gradient asked the loop to keep, one per iteration, stacked into [iterations, ...].
Tensor stack_history(const std::vector<Tensor>& items, DType dtype, const std::string& what) {
  if (items.empty()) return Tensor(dtype, Shape{0});
  const Shape& s = items[0].shape();
  Shape out_shape{static_cast<int64_t>(items.size())};
  out_shape.insert(out_shape.end(), s.begin(), s.end());
  Tensor out(dtype, out_shape);
  const int64_t n = items[0].size();
  const size_t row_bytes = static_cast<size_t>(n) * dtype_size(dtype);
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].shape() != s)
      invalid_argument("the gradient of a while loop keeps '" + what + "' from every iteration, so its shape must not "
                       "change; it was " + shape_str(s) + " in iteration 0 and " + shape_str(items[i].shape()) +
                       " in iteration " + std::to_string(i));
    if (dtype == DType::String) {
      std::copy(items[i].strings().begin(), items[i].strings().end(), out.strings().begin() + i * n);
    } else if (n) {
      std::memcpy(static_cast<char*>(out.raw()) + i * row_bytes, items[i].raw(), row_bytes);
    }
  }
  return out;
}

class WhileKernel : public OpKernel {
 public:
  explicit WhileKernel(const KernelInit& init) : node_(init.node) {
    std::vector<Edge> args;
    for (int64_t id : init.node.attrs.get<std::vector<int64_t>>("args")) args.push_back(Edge{id, 0});
    num_vars_ = static_cast<int>(args.size());
    std::vector<Edge> inputs = args;
    for (auto& e : edges_attr(init.node, "captures")) inputs.push_back(e);
    if (inputs.size() != init.node.inputs.size())
      fail(Code::Internal, "while loop '" + init.node.name + "' has inputs that do not match its body");
    std::vector<Edge> body_out = edges_attr(init.node, "body_outputs");
    keep_ = edges_attr(init.node, "keep");
    for (auto& e : keep_) {
      body_out.push_back(e);
      keep_names_.push_back(init.graph.node(e.node)->name + ":" + std::to_string(e.index));
    }
    cond_ = std::make_unique<SubPlan>(init, inputs, edges_attr(init.node, "cond_output"));
    body_ = std::make_unique<SubPlan>(init, inputs, body_out);
  }

  void compute(KernelContext& ctx) override {
    const int n_in = ctx.num_inputs();
    std::vector<Tensor> feed(n_in);
    for (int i = 0; i < n_in; ++i) feed[i] = ctx.input(i);
    std::vector<std::vector<Tensor>> kept(keep_.size());
    PollTimer timer(ctx.run_control());
    int64_t iteration = 0;
    while (true) {
      timer.tick();
      std::vector<Tensor> out;
      try {
        bool go = predicate_value(cond_->run(feed, ctx.run_control())[0], "the condition of a while loop");
        if (!go) break;
        // The body gets the only reference to the loop variables, so it may update them in place.
        std::vector<Tensor> next(feed.begin() + num_vars_, feed.end());
        out = body_->run(std::move(feed), ctx.run_control());
        feed.assign(num_vars_, Tensor());
        feed.insert(feed.end(), next.begin(), next.end());
      } catch (const EngineError& e) {
        if (e.code == Code::Cancelled) throw;
        rethrow_in_loop(e, node_, iteration);
      }
      for (int v = 0; v < num_vars_; ++v) feed[v] = std::move(out[v]);
      for (size_t k = 0; k < keep_.size(); ++k) kept[k].push_back(std::move(out[num_vars_ + k]));
      ++iteration;
    }
    for (int v = 0; v < num_vars_; ++v) ctx.set_output(v, std::move(feed[v]));
    Tensor count(DType::Int32, Shape{});
    count.data<int32_t>()[0] = static_cast<int32_t>(iteration);
    ctx.set_output(num_vars_, count);
    for (size_t k = 0; k < keep_.size(); ++k) {
      DType dt = node_.out_dtypes[num_vars_ + 1 + k];
      ctx.set_output(num_vars_ + 1 + static_cast<int>(k), stack_history(kept[k], dt, keep_names_[k]));
      kept[k].clear();  // each kept value's memory goes as soon as it is stacked
    }
  }

 private:
  const Node& node_;
  int num_vars_ = 0;
  std::vector<Edge> keep_;
  std::vector<std::string> keep_names_;
  std::unique_ptr<SubPlan> cond_, body_;
};

class IfKernel : public OpKernel {
 public:
  explicit IfKernel(const KernelInit& init) {
    std::vector<Edge> inputs = edges_attr(init.node, "captures");
    if (inputs.size() + 1 != init.node.inputs.size())
      fail(Code::Internal, "conditional '" + init.node.name + "' has inputs that do not match its branches");
    then_ = std::make_unique<SubPlan>(init, inputs, edges_attr(init.node, "then_outputs"));
    else_ = std::make_unique<SubPlan>(init, inputs, edges_attr(init.node, "else_outputs"));
  }

  void compute(KernelContext& ctx) override {
    bool pred = predicate_value(ctx.input(0), "the predicate of tf.cond");
    std::vector<Tensor> feed;
    for (int i = 1; i < ctx.num_inputs(); ++i) feed.push_back(ctx.input(i));
    std::vector<Tensor> out = (pred ? then_ : else_)->run(std::move(feed), ctx.run_control());
    for (size_t i = 0; i < out.size(); ++i) ctx.set_output(static_cast<int>(i), std::move(out[i]));
  }

 private:
  std::unique_ptr<SubPlan> then_, else_;
};

// A loop variable or branch input inside a body: always fed by the enclosing op's sub-plan.
void loop_arg_kernel(KernelContext& ctx) {
  fail(Code::Internal, "'" + ctx.node().name + "' is an input of a loop or conditional body and was computed "
                       "outside it; fetch the loop's outputs instead of tensors made inside its body");
}

}  // namespace

JF_REGISTER_KERNEL("While", WhileKernel);
JF_REGISTER_KERNEL("StatelessWhile", WhileKernel);
JF_REGISTER_KERNEL("If", IfKernel);
JF_REGISTER_KERNEL("StatelessIf", IfKernel);
JF_REGISTER_FUNCTION("LoopArg", loop_arg_kernel);

}  // namespace jf
