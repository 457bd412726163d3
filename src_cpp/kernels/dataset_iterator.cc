// tf.data iterators: the ops that connect an input pipeline (src_cpp/dataset/) to the graph.
// An iterator is a session resource named by its handle (a string scalar that Iterator and
// OneShotIterator output); MakeIterator binds a pipeline's parameter values to it and starts a
// pass, IteratorGetNext pulls one element, raising OutOfRange at the end of the data.
#include <atomic>
#include <mutex>

#include "../dataset/dataset.h"

namespace jf {
namespace {

struct IteratorResource : Resource {
  std::mutex mu;
  data::DatasetPtr dataset;  // keeps the pipeline alive for `it`
  std::unique_ptr<data::DatasetIterator> it;
  bool ended = false;
  bool closed = false;
  // Replace the pass. The old iterator (and a prefetch thread) ends outside the caller's state.
  void start(data::DatasetPtr ds) {
    auto fresh = ds->make_iterator();
    // Declared in this order so the old pass ends before the dataset its iterators point into.
    data::DatasetPtr old_dataset;
    std::unique_ptr<data::DatasetIterator> old;
    std::lock_guard<std::mutex> lock(mu);
    if (closed) fail(Code::Cancelled, "Session has been closed.");
    old = std::move(it);
    old_dataset = std::move(dataset);
    dataset = std::move(ds);
    it = std::move(fresh);
    ended = false;
  }
  // Waits for a get_next in progress (the run was cancelled first), then joins any prefetch
  // thread as the pass is destroyed.
  void close() override {
    data::DatasetPtr ds;  // destroyed after the pass, whose iterators point into it
    std::unique_ptr<data::DatasetIterator> old;
    {
      std::lock_guard<std::mutex> lock(mu);
      closed = true;
      old = std::move(it);
      ds = std::move(dataset);
    }
  }
};

// The iterator a handle names. Kernels keep the last one they looked up: a training loop asks
// for the same iterator every run, and the session's resource table takes a lock and a string
// key per lookup.
class IteratorLookup {
 public:
  std::shared_ptr<IteratorResource> get(SessionState& state, const Tensor& handle, const Node& node) {
    if (handle.dtype() != DType::String || handle.size() != 1)
      invalid_argument("'" + node.name + "' needs an iterator handle (a string scalar), got " + dtype_name(handle.dtype()) +
                       shape_str(handle.shape()));
    const std::string& name = handle.strings()[0];
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (last_ && name == last_name_) return last_;
    }
    auto r = state.resource("iterator:" + name, [] { return std::make_shared<IteratorResource>(); });
    auto it = std::dynamic_pointer_cast<IteratorResource>(r);
    if (!it) fail(Code::Internal, "'" + name + "' is not an iterator");
    std::lock_guard<std::mutex> lock(mu_);
    last_name_ = name;
    last_ = it;
    return it;
  }

 private:
  std::mutex mu_;  // plans may run on several threads at once
  std::string last_name_;
  std::shared_ptr<IteratorResource> last_;
};

Tensor handle_of(const Node& node) {
  Tensor t(DType::String, Shape{});
  t.strings()[0] = node.attrs.get<std::string>("shared_name");
  return t;
}

std::vector<Tensor> params_from(KernelContext& ctx, int first) {
  std::vector<Tensor> params;
  for (int i = first; i < ctx.num_inputs(); ++i) params.push_back(ctx.input(i));
  return params;
}

// tf.data.Iterator.from_structure / make_initializable_iterator: the handle of an iterator that
// MakeIterator (its initializer) starts.
class IteratorKernel : public OpKernel {
 public:
  explicit IteratorKernel(const KernelInit& init) : handle_(handle_of(init.node)) {}
  void compute(KernelContext& ctx) override { ctx.set_output(0, handle_); }

 private:
  Tensor handle_;
};

class MakeIteratorKernel : public OpKernel {
 public:
  explicit MakeIteratorKernel(const KernelInit& init) : state_(init.state), spec_(data::DatasetSpec::parse(init, "")) {}
  void compute(KernelContext& ctx) override {
    auto r = lookup_.get(state_, ctx.input(0), ctx.node());
    r->start(spec_->bind(params_from(ctx, 1)));
  }

 private:
  SessionState& state_;
  IteratorLookup lookup_;
  std::shared_ptr<const data::DatasetSpec> spec_;
};

// make_one_shot_iterator: the first run in a session starts the pass; later runs only hand
// the handle on (the parameters are constants, folded once per plan).
class OneShotIteratorKernel : public OpKernel {
 public:
  explicit OneShotIteratorKernel(const KernelInit& init)
      : state_(init.state), spec_(data::DatasetSpec::parse(init, "")), handle_(handle_of(init.node)) {}
  void compute(KernelContext& ctx) override {
    if (!started_.load(std::memory_order_acquire)) {
      auto r = lookup_.get(state_, handle_, ctx.node());
      bool started;
      {
        std::lock_guard<std::mutex> lock(r->mu);
        started = r->dataset != nullptr || r->closed;
      }
      if (!started) r->start(spec_->bind(params_from(ctx, 0)));
      started_.store(true, std::memory_order_release);  // this plan's session has it: later runs only hand on the handle
    }
    ctx.set_output(0, handle_);
  }

 private:
  SessionState& state_;
  IteratorLookup lookup_;
  std::atomic<bool> started_{false};
  std::shared_ptr<const data::DatasetSpec> spec_;
  Tensor handle_;
};

class IteratorGetNextKernel : public OpKernel {
 public:
  explicit IteratorGetNextKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto r = lookup_.get(state_, ctx.input(0), ctx.node());
    std::lock_guard<std::mutex> lock(r->mu);
    if (r->closed) fail(Code::Cancelled, "Session has been closed.");
    if (!r->it)
      fail(Code::FailedPrecondition, "GetNext() failed because the iterator has not been initialized. Ensure that you "
                                     "have run the initializer operation for this iterator before getting the next element.");
    if (r->ended || !r->it->next(element_, ctx.run_control())) {
      r->ended = true;
      fail(Code::OutOfRange, "End of sequence");
    }
    const auto& dts = ctx.node().out_dtypes;
    bool ok = element_.size() == dts.size();
    for (size_t i = 0; ok && i < dts.size(); ++i) ok = element_[i].dtype() == dts[i];
    if (!ok) {
      std::string want;
      for (size_t i = 0; i < dts.size(); ++i) want += (i ? ", " : "") + std::string(dtype_name(dts[i]));
      invalid_argument("the input pipeline produced an element " + data::element_str(element_) + " but '" +
                       ctx.node().name + "' expects (" + want + ")");
    }
    for (size_t i = 0; i < dts.size(); ++i) ctx.set_output(static_cast<int>(i), std::move(element_[i]));
  }

 private:
  SessionState& state_;
  IteratorLookup lookup_;
  data::Element element_;
};

// The element (or captured value) a dataset function reads: fed by the pipeline's sub-plan.
void dataset_arg_kernel(KernelContext& ctx) {
  fail(Code::Internal, "'" + ctx.node().name + "' is an argument of a tf.data function and was computed outside "
                       "it; fetch the iterator's get_next() instead of tensors made inside a map function");
}

}  // namespace

JF_REGISTER_KERNEL("Iterator", IteratorKernel);
JF_REGISTER_KERNEL("MakeIterator", MakeIteratorKernel);
JF_REGISTER_KERNEL("OneShotIterator", OneShotIteratorKernel);
JF_REGISTER_KERNEL("IteratorGetNext", IteratorGetNextKernel);
JF_REGISTER_FUNCTION("DatasetArg", dataset_arg_kernel);

}  // namespace jf
