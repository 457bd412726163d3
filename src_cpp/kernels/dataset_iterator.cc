// tf.data iterators: the ops that connect an input pipeline (src_cpp/dataset/) to the graph.
// An iterator is a session resource named by its handle (a string scalar that Iterator and
// OneShotIterator output); MakeIterator binds a pipeline's parameter values to it and starts a
// pass, IteratorGetNext pulls one element, raising OutOfRange at the end of the data.
#include <mutex>

#include "../dataset/dataset.h"

namespace jf {
namespace {

struct IteratorResource : Resource {
  std::mutex mu;
  data::DatasetPtr dataset;  // keeps the pipeline alive for `it`
  std::unique_ptr<data::DatasetIterator> it;
  bool ended = false;
  // Replace the pass. The old iterator (and a prefetch thread) ends outside the caller's state.
  void start(data::DatasetPtr ds) {
    auto fresh = ds->make_iterator();
    std::unique_ptr<data::DatasetIterator> old;
    std::lock_guard<std::mutex> lock(mu);
    old = std::move(it);
    dataset = std::move(ds);
    it = std::move(fresh);
    ended = false;
  }
};

std::shared_ptr<IteratorResource> iterator_named(SessionState& state, const Tensor& handle, const Node& node) {
  if (handle.dtype() != DType::String || handle.size() != 1)
    invalid_argument("'" + node.name + "' needs an iterator handle (a string scalar), got " + dtype_name(handle.dtype()) +
                     shape_str(handle.shape()));
  auto r = state.resource("iterator:" + handle.strings()[0], [] { return std::make_shared<IteratorResource>(); });
  auto it = std::dynamic_pointer_cast<IteratorResource>(r);
  if (!it) fail(Code::Internal, "'" + handle.strings()[0] + "' is not an iterator");
  return it;
}

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
    auto r = iterator_named(state_, ctx.input(0), ctx.node());
    r->start(spec_->bind(params_from(ctx, 1)));
  }

 private:
  SessionState& state_;
  std::shared_ptr<const data::DatasetSpec> spec_;
};

// make_one_shot_iterator: the first run in a session starts the pass; later runs only hand
// the handle on (the parameters are constants, folded once per plan).
class OneShotIteratorKernel : public OpKernel {
 public:
  explicit OneShotIteratorKernel(const KernelInit& init)
      : state_(init.state), spec_(data::DatasetSpec::parse(init, "")), handle_(handle_of(init.node)) {}
  void compute(KernelContext& ctx) override {
    auto r = iterator_named(state_, handle_, ctx.node());
    bool started;
    {
      std::lock_guard<std::mutex> lock(r->mu);
      started = r->dataset != nullptr;
    }
    if (!started) r->start(spec_->bind(params_from(ctx, 0)));
    ctx.set_output(0, handle_);
  }

 private:
  SessionState& state_;
  std::shared_ptr<const data::DatasetSpec> spec_;
  Tensor handle_;
};

class IteratorGetNextKernel : public OpKernel {
 public:
  explicit IteratorGetNextKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto r = iterator_named(state_, ctx.input(0), ctx.node());
    std::lock_guard<std::mutex> lock(r->mu);
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
