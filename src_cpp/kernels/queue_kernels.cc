// The queue ops of jupyter_flow/ops/queue_ops.py. A queue op (FIFOQueueV2...) makes its queue in
// the session on first run and outputs its handle, a string scalar naming the resource; the
// other ops take that handle as input 0.
#include <random>

#include "element_copy.h"
#include "queue.h"

namespace jf {
namespace {

std::vector<ComponentShape> shapes_attr(const Node& node) {
  // Flat: rank (-1: unknown), then that many dims (-1: unknown), per component (dataset_ops.encode_shapes).
  const auto flat = node.attrs.get_or<std::vector<int64_t>>("shapes", {});
  std::vector<ComponentShape> out;
  for (size_t i = 0; i < flat.size();) {
    ComponentShape s;
    s.rank = static_cast<int>(flat[i++]);
    for (int d = 0; d < s.rank && i < flat.size(); ++d) s.dims.push_back(flat[i++]);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<DType> dtypes_attr(const Node& node) {
  std::vector<DType> out;
  for (int64_t d : node.attrs.get_or<std::vector<int64_t>>("component_types", {})) out.push_back(static_cast<DType>(d));
  return out;
}

template <QueueResource::Kind K>
class QueueOpKernel : public OpKernel {
 public:
  explicit QueueOpKernel(const KernelInit& init) : state_(init.state), node_(init.node), handle_(DType::String, Shape{}) {
    const std::string shared = node_.attrs.get_or<std::string>("shared_name", "");
    handle_.strings()[0] = "queue:" + (shared.empty() ? "#" + std::to_string(node_.id) : shared);
  }
  void compute(KernelContext& ctx) override {
    auto r = state_.resource(handle_.strings()[0], [this]() -> std::shared_ptr<Resource> {
      const Attrs& a = node_.attrs;
      uint64_t seed = static_cast<uint64_t>(a.get_or<int64_t>("seed", 0));
      uint64_t seed2 = static_cast<uint64_t>(a.get_or<int64_t>("seed2", 0));
      uint64_t mixed = seed == 0 && seed2 == 0 ? std::random_device{}() : (seed * 0x9E3779B97F4A7C15ull) ^ seed2;
      return std::make_shared<QueueResource>(K, node_.name, dtypes_attr(node_), shapes_attr(node_),
                                             a.get_or<int64_t>("capacity", -1), a.get_or<int64_t>("min_after_dequeue", 0),
                                             mixed);
    });
    auto q = std::dynamic_pointer_cast<QueueResource>(r);
    if (!q || !q->same_spec(K, dtypes_attr(node_)))
      invalid_argument("'" + node_.name + "' shares the name '" + handle_.strings()[0].substr(6) +
                       "' with a different queue of this session; give it another shared_name");
    ctx.set_output(0, handle_);
  }

 private:
  SessionState& state_;
  const Node& node_;
  Tensor handle_;
};

void check_component(const QueueResource& q, const Node& node, size_t i, const Tensor& t, const Shape& shape) {
  if (t.dtype() != q.dtypes()[i])
    invalid_argument("'" + node.name + "': component " + std::to_string(i) + " of the element is " + dtype_name(t.dtype()) +
                     " but " + q.kind_name() + " '" + q.name() + "' holds " + dtype_name(q.dtypes()[i]));
  if (!q.shapes().empty() && !q.shapes()[i].compatible(shape))
    invalid_argument("Shape mismatch in tuple component " + std::to_string(i) + ". Expected " + q.shapes()[i].str() +
                     ", got " + shape_str(shape) + " (enqueueing into " + q.kind_name() + " '" + q.name() + "' with '" +
                     node.name + "')");
}

template <bool Many>
class EnqueueKernel : public OpKernel {
 public:
  explicit EnqueueKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto q = lookup_.get(state_, ctx.input(0), ctx.node());
    const size_t k = static_cast<size_t>(ctx.num_inputs() - 1);
    if (k != q->dtypes().size())
      invalid_argument("'" + ctx.node().name + "' enqueues " + std::to_string(k) + " components but " + q->kind_name() +
                       " '" + q->name() + "' holds " + std::to_string(q->dtypes().size()));
    std::vector<Element> elements;
    if (!Many) {
      Element e;
      for (size_t i = 0; i < k; ++i) {
        check_component(*q, ctx.node(), i, ctx.input(static_cast<int>(i + 1)), ctx.input(static_cast<int>(i + 1)).shape());
        e.push_back(ctx.input(static_cast<int>(i + 1)));
      }
      elements.push_back(std::move(e));
    } else {
      int64_t n = -1;
      for (size_t i = 0; i < k; ++i) {
        const Tensor& t = ctx.input(static_cast<int>(i + 1));
        if (t.rank() < 1)
          invalid_argument("'" + ctx.node().name + "': enqueue_many needs components of rank 1 or more (their first "
                           "dimension lists the elements); component " + std::to_string(i) + " is a scalar");
        if (n >= 0 && t.dim(0) != n)
          invalid_argument("'" + ctx.node().name + "': enqueue_many needs the same first dimension in every component, "
                           "got " + std::to_string(n) + " and " + std::to_string(t.dim(0)));
        n = t.dim(0);
        check_component(*q, ctx.node(), i, t, Shape(t.shape().begin() + 1, t.shape().end()));
      }
      elements.resize(static_cast<size_t>(std::max<int64_t>(n, 0)));
      for (int64_t j = 0; j < n; ++j)
        for (size_t i = 0; i < k; ++i) elements[j].push_back(row_of(ctx.input(static_cast<int>(i + 1)), j));
    }
    q->enqueue(std::move(elements), ctx.run_control());
  }

 private:
  SessionState& state_;
  QueueLookup lookup_;
};

class DequeueKernel : public OpKernel {
 public:
  explicit DequeueKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto q = lookup_.get(state_, ctx.input(0), ctx.node());
    auto taken = q->dequeue(1, false, ctx.run_control());
    for (size_t i = 0; i < taken[0].size(); ++i) ctx.set_output(static_cast<int>(i), std::move(taken[0][i]));
  }

 private:
  SessionState& state_;
  QueueLookup lookup_;
};

// Component c of the taken elements as one batch; a PaddingFIFOQueue pads each to the largest
// size in the batch with zeros (empty strings).
Tensor batch_of(const QueueResource& q, const std::vector<Element>& els, size_t c) {
  const ComponentShape& spec = q.shapes()[c];
  Shape elem = spec.dims;
  for (auto& d : elem) d = std::max<int64_t>(d, 0);
  for (const Element& e : els)
    for (int d = 0; d < spec.rank; ++d) elem[d] = std::max(elem[d], e[c].dim(d));
  Shape out_shape{static_cast<int64_t>(els.size())};
  out_shape.insert(out_shape.end(), elem.begin(), elem.end());
  Tensor out = zeros(q.dtypes()[c], out_shape);
  const int64_t n = num_elements(elem);
  for (size_t i = 0; i < els.size(); ++i) {
    const Tensor& t = els[i][c];
    if (t.shape() == elem) {
      JF_DISPATCH_WORD(t.dtype(), {
        const E* src = words<E>(t);
        std::copy(src, src + n, words<E>(out) + static_cast<int64_t>(i) * n);
      })
      continue;
    }
    std::vector<int64_t> begin(out_shape.size(), 0), stride(out_shape.size(), 1);
    begin[0] = static_cast<int64_t>(i);
    Shape lengths{1};
    lengths.insert(lengths.end(), t.shape().begin(), t.shape().end());
    strided_write(t, begin, stride, lengths, out);
  }
  return out;
}

template <bool UpTo>
class DequeueManyKernel : public OpKernel {
 public:
  explicit DequeueManyKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto q = lookup_.get(state_, ctx.input(0), ctx.node());
    const int64_t n = int_scalar(ctx.input(1), "'" + ctx.node().name + "': the number of elements");
    if (n < 0) invalid_argument("'" + ctx.node().name + "': the number of elements to dequeue must be >= 0, got " + std::to_string(n));
    bool shaped = !q->shapes().empty();
    for (size_t c = 0; shaped && c < q->shapes().size(); ++c)
      shaped = q->kind() == QueueResource::Kind::Padding ? q->shapes()[c].rank >= 0 : q->shapes()[c].fully_defined();
    if (!shaped)
      invalid_argument(std::string(q->kind_name()) + "'s DequeueMany and DequeueUpTo require the components to have "
                       "specified shapes (queue '" + q->name() + "'; pass shapes= when creating it)");
    auto taken = q->dequeue(n, UpTo, ctx.run_control());
    for (size_t c = 0; c < q->dtypes().size(); ++c) ctx.set_output(static_cast<int>(c), batch_of(*q, taken, c));
  }

 private:
  SessionState& state_;
  QueueLookup lookup_;
};

class QueueCloseKernel : public OpKernel {
 public:
  explicit QueueCloseKernel(const KernelInit& init)
      : state_(init.state), cancel_(init.node.attrs.get_or<bool>("cancel_pending_enqueues", false)) {}
  void compute(KernelContext& ctx) override { lookup_.get(state_, ctx.input(0), ctx.node())->close_queue(cancel_); }

 private:
  SessionState& state_;
  QueueLookup lookup_;
  bool cancel_;
};

class QueueSizeKernel : public OpKernel {
 public:
  explicit QueueSizeKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    Tensor t(DType::Int32, Shape{});
    t.data<int32_t>()[0] = static_cast<int32_t>(lookup_.get(state_, ctx.input(0), ctx.node())->size());
    ctx.set_output(0, std::move(t));
  }

 private:
  SessionState& state_;
  QueueLookup lookup_;
};

class QueueIsClosedKernel : public OpKernel {
 public:
  explicit QueueIsClosedKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    Tensor t(DType::Bool, Shape{});
    t.data<bool>()[0] = lookup_.get(state_, ctx.input(0), ctx.node())->is_closed();
    ctx.set_output(0, std::move(t));
  }

 private:
  SessionState& state_;
  QueueLookup lookup_;
};

}  // namespace

JF_REGISTER_KERNEL("FIFOQueueV2", QueueOpKernel<QueueResource::Kind::Fifo>);
JF_REGISTER_KERNEL("RandomShuffleQueueV2", QueueOpKernel<QueueResource::Kind::RandomShuffle>);
JF_REGISTER_KERNEL("PaddingFIFOQueueV2", QueueOpKernel<QueueResource::Kind::Padding>);
JF_REGISTER_KERNEL("QueueEnqueueV2", EnqueueKernel<false>);
JF_REGISTER_KERNEL("QueueEnqueueManyV2", EnqueueKernel<true>);
JF_REGISTER_KERNEL("QueueDequeueV2", DequeueKernel);
JF_REGISTER_KERNEL("QueueDequeueManyV2", DequeueManyKernel<false>);
JF_REGISTER_KERNEL("QueueDequeueUpToV2", DequeueManyKernel<true>);
JF_REGISTER_KERNEL("QueueCloseV2", QueueCloseKernel);
JF_REGISTER_KERNEL("QueueSizeV2", QueueSizeKernel);
JF_REGISTER_KERNEL("QueueIsClosedV2", QueueIsClosedKernel);

}  // namespace jf
