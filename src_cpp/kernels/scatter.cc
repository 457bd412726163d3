// Scatter and gather by index (ops declared in jupyter_flow/ops/scatter_ops.py): the in-place
// row updates of a variable (ScatterUpdate ... ScatterNdSub, as TF1's ref ops), the pure tensor
// versions (ScatterNd, TensorScatterUpdate/Add/Sub) and GatherNd.
// Every index is checked before anything is written, so a bad index leaves the variable as it was.
#include <algorithm>

#include "element_copy.h"

namespace jf {
namespace {

enum class Combine { Update, Add, Sub, Mul, Div, Min, Max };

std::vector<int64_t> index_values(const Tensor& t, const std::string& op) {
  std::vector<int64_t> out(static_cast<size_t>(t.size()));
  if (t.dtype() == DType::Int32) {
    const int32_t* p = t.data<int32_t>();
    std::copy(p, p + t.size(), out.begin());
  } else if (t.dtype() == DType::Int64) {
    const int64_t* p = t.data<int64_t>();
    std::copy(p, p + t.size(), out.begin());
  } else {
    invalid_argument(op + ": indices must be int32 or int64, got " + dtype_name(t.dtype()));
  }
  return out;
}

// "[1,2]" for the position of the i-th index entry in an indices tensor of `shape` (TF's
// SliceDebugString), used to name a bad index.
std::string position_str(const Shape& shape, int64_t flat) {
  if (shape.empty()) return "";
  std::vector<int64_t> pos(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    int64_t n = std::max<int64_t>(shape[d], 1);
    pos[d] = flat % n;
    flat /= n;
  }
  std::string s = "[";
  for (size_t d = 0; d < pos.size(); ++d) s += (d ? "," : "") + std::to_string(pos[d]);
  return s + "]";
}

std::string dims_str(const Shape& s) {  // TF's TensorShape::DebugString: "[3,2]"
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

// Where each update slice goes: `offsets[i]` is the first element of the i-th slice of `slice`
// elements in the target.
struct Layout {
  std::vector<int64_t> offsets;
  int64_t slice = 1;
};

void check_updates_shape(const std::string& op, const Shape& updates, const Shape& expected) {
  if (updates != expected)
    invalid_argument(op + ": updates must have shape " + shape_str(expected) + " (indices.shape + the target's "
                     "dims past the indexed ones), got " + shape_str(updates));
}

// scatter_update & co.: each index names a row (dim 0) of the target.
Layout row_layout(const std::string& op, const Shape& target, const Tensor& indices, const Shape& updates) {
  if (target.empty()) invalid_argument(op + ": the variable must have rank >= 1 to update its rows, it is a scalar");
  Shape expected = indices.shape();
  expected.insert(expected.end(), target.begin() + 1, target.end());
  check_updates_shape(op, updates, expected);
  Layout l;
  for (size_t d = 1; d < target.size(); ++d) l.slice *= target[d];
  std::vector<int64_t> idx = index_values(indices, op);
  l.offsets.resize(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] < 0 || idx[i] >= target[0])
      invalid_argument(op + ": indices" + position_str(indices.shape(), static_cast<int64_t>(i)) + " = " +
                       std::to_string(idx[i]) + " is not in [0, " + std::to_string(target[0]) + ")");
    l.offsets[i] = idx[i] * l.slice;
  }
  return l;
}

// *_nd ops: the last dim of indices holds index tuples into the leading dims of the target.
// `updates` null: GatherNd, which checks no updates.
Layout nd_layout(const std::string& op, const Shape& target, const Tensor& indices, const Shape* updates,
                 const char* target_word) {
  if (indices.rank() < 1) invalid_argument(op + ": indices must have rank >= 1, got a scalar");
  const int64_t depth = indices.shape().back();
  if (depth > static_cast<int64_t>(target.size()))
    invalid_argument(op + ": the last dimension of indices (" + std::to_string(depth) + ") must be <= the rank of the " +
                     target_word + " (" + std::to_string(target.size()) + ")");
  Shape expected(indices.shape().begin(), indices.shape().end() - 1);
  expected.insert(expected.end(), target.begin() + depth, target.end());
  if (updates) check_updates_shape(op, *updates, expected);
  Layout l;
  for (size_t d = static_cast<size_t>(depth); d < target.size(); ++d) l.slice *= target[d];
  std::vector<int64_t> idx = index_values(indices, op);
  const int64_t n = num_elements(Shape(indices.shape().begin(), indices.shape().end() - 1));
  l.offsets.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t off = 0;
    for (int64_t k = 0; k < depth; ++k) {
      int64_t v = idx[static_cast<size_t>(i * depth + k)];
      if (v < 0 || v >= target[static_cast<size_t>(k)]) {
        std::string tuple = "[";
        for (int64_t j = 0; j < depth; ++j) tuple += (j ? ", " : "") + std::to_string(idx[static_cast<size_t>(i * depth + j)]);
        Shape outer(indices.shape().begin(), indices.shape().end() - 1);
        invalid_argument(op + ": indices" + position_str(outer, i) + " = " + tuple + "] does not index into " +
                         (updates ? "shape " : "param shape ") + dims_str(target));
      }
      off = off * target[static_cast<size_t>(k)] + v;
    }
    l.offsets[static_cast<size_t>(i)] = off * l.slice;
  }
  return l;
}

// Update works on any dtype (elements are only moved); in index order, so the last repeat wins.
template <typename E>
void copy_into(E* dst, const E* src, const Layout& l) {
  for (size_t i = 0; i < l.offsets.size(); ++i)
    std::copy(src + static_cast<int64_t>(i) * l.slice, src + (static_cast<int64_t>(i) + 1) * l.slice, dst + l.offsets[i]);
}

template <typename T>
void combine_into(Combine c, T* dst, const T* src, const Layout& l) {
  for (size_t i = 0; i < l.offsets.size(); ++i) {
    T* d = dst + l.offsets[i];
    const T* s = src + static_cast<int64_t>(i) * l.slice;
    for (int64_t j = 0; j < l.slice; ++j) {
      switch (c) {
        case Combine::Update: d[j] = s[j]; break;
        case Combine::Add: d[j] += s[j]; break;
        case Combine::Sub: d[j] -= s[j]; break;
        case Combine::Mul: d[j] *= s[j]; break;
        case Combine::Div: d[j] /= s[j]; break;
        case Combine::Min: d[j] = std::min(d[j], s[j]); break;
        case Combine::Max: d[j] = std::max(d[j], s[j]); break;
      }
    }
  }
}

void apply(const std::string& op, Combine c, Tensor& target, const Tensor& updates, const Layout& l) {
  if (c == Combine::Update) {
    JF_DISPATCH_WORD(target.dtype(), {
      E* dst = target.dtype() == DType::String ? reinterpret_cast<E*>(target.strings().data()) : target.data<E>();
      const E* src = updates.dtype() == DType::String ? reinterpret_cast<const E*>(updates.strings().data())
                                                     : updates.data<E>();
      copy_into(dst, src, l);
    })
    return;
  }
  if (c == Combine::Div && (target.dtype() == DType::Int32 || target.dtype() == DType::Int64)) {
    JF_DISPATCH_NUMERIC(updates.dtype(), op.c_str(), {
      const T* s = updates.data<T>();
      for (int64_t i = 0; i < updates.size(); ++i)
        if (s[i] == 0) invalid_argument(op + ": Integer division by zero");
    })
  }
  JF_DISPATCH_NUMERIC(target.dtype(), op.c_str(), { combine_into(c, target.data<T>(), updates.data<T>(), l); })
}

// The ref ops: update the variable's own buffer in place under its lock (as AssignAdd does, so
// tensors of this run that read the variable see the update), and output the variable.
class RefScatterKernel : public OpKernel {
 public:
  RefScatterKernel(const KernelInit& init, Combine c, bool nd)
      : slot_(init.ref_slot(0)), combine_(c), nd_(nd), op_(init.node.type) {}
  void compute(KernelContext& ctx) override {
    const Tensor& indices = ctx.input(1);
    const Tensor& updates = ctx.input(2);
    std::unique_lock<std::mutex> lock(slot_->mu);
    Tensor& v = slot_->value;
    if (!v.valid()) fail(Code::FailedPrecondition, "Attempting to use uninitialized value " + slot_->name);
    if (updates.dtype() != v.dtype())
      invalid_argument(op_ + ": variable '" + slot_->name + "' holds " + dtype_name(v.dtype()) + " but the updates are " +
                       dtype_name(updates.dtype()) + "; cast them with tf.cast");
    Layout l = nd_ ? nd_layout(op_, v.shape(), indices, &updates.shape(), "variable")
                   : row_layout(op_, v.shape(), indices, updates.shape());
    apply(op_, combine_, v, updates, l);
    Tensor result = v;
    lock.unlock();
    ctx.set_output(0, std::move(result));
  }

 private:
  std::shared_ptr<VarSlot> slot_;
  Combine combine_;
  bool nd_;
  std::string op_;
};

template <Combine C, bool ND>
class RefScatter : public RefScatterKernel {
 public:
  explicit RefScatter(const KernelInit& init) : RefScatterKernel(init, C, ND) {}
};

using ScatterUpdateKernel = RefScatter<Combine::Update, false>;
using ScatterAddKernel = RefScatter<Combine::Add, false>;
using ScatterSubKernel = RefScatter<Combine::Sub, false>;
using ScatterMulKernel = RefScatter<Combine::Mul, false>;
using ScatterDivKernel = RefScatter<Combine::Div, false>;
using ScatterMinKernel = RefScatter<Combine::Min, false>;
using ScatterMaxKernel = RefScatter<Combine::Max, false>;
using ScatterNdUpdateKernel = RefScatter<Combine::Update, true>;
using ScatterNdAddKernel = RefScatter<Combine::Add, true>;
using ScatterNdSubKernel = RefScatter<Combine::Sub, true>;
JF_REGISTER_KERNEL("ScatterUpdate", ScatterUpdateKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterAdd", ScatterAddKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterSub", ScatterSubKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterMul", ScatterMulKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterDiv", ScatterDivKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterMin", ScatterMinKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterMax", ScatterMaxKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterNdUpdate", ScatterNdUpdateKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterNdAdd", ScatterNdAddKernel, std::vector<int>{0});
JF_REGISTER_KERNEL("ScatterNdSub", ScatterNdSubKernel, std::vector<int>{0});

// tensor_scatter_nd_*: a copy of input 0 (its buffer reused when this step is its last reader).
template <Combine C>
class TensorScatterKernel : public OpKernel {
 public:
  explicit TensorScatterKernel(const KernelInit& init) : op_(init.node.type) {}
  void compute(KernelContext& ctx) override {
    const Tensor& updates = ctx.input(2);
    if (updates.dtype() != ctx.input(0).dtype())
      invalid_argument(op_ + ": updates are " + dtype_name(updates.dtype()) + " but the tensor is " +
                       dtype_name(ctx.input(0).dtype()));
    Layout l = nd_layout(op_, ctx.input(0).shape(), ctx.input(1), &updates.shape(), "tensor");
    Tensor out = ctx.forward_input(0);
    out.make_unique();
    apply(op_, C, out, updates, l);
    ctx.set_output(0, std::move(out));
  }

 private:
  std::string op_;
};
using TensorScatterUpdateKernel = TensorScatterKernel<Combine::Update>;
using TensorScatterAddKernel = TensorScatterKernel<Combine::Add>;
using TensorScatterSubKernel = TensorScatterKernel<Combine::Sub>;
JF_REGISTER_KERNEL("TensorScatterUpdate", TensorScatterUpdateKernel);
JF_REGISTER_KERNEL("TensorScatterAdd", TensorScatterAddKernel);
JF_REGISTER_KERNEL("TensorScatterSub", TensorScatterSubKernel);

// scatter_nd: zeros of the shape input 2 gives, with the updates added at the indices.
void scatter_nd_kernel(KernelContext& ctx) {
  const Tensor& indices = ctx.input(0);
  const Tensor& updates = ctx.input(1);
  if (ctx.input(2).rank() != 1) invalid_argument("ScatterNd: shape must be a vector, got shape " + shape_str(ctx.input(2).shape()));
  Shape shape = index_values(ctx.input(2), "ScatterNd");
  for (int64_t d : shape)
    if (d < 0) invalid_argument("ScatterNd: the output shape " + shape_str(shape) + " has a negative dimension");
  Layout l = nd_layout("ScatterNd", shape, indices, &updates.shape(), "output");
  Tensor out(updates.dtype(), shape);
  JF_DISPATCH_NUMERIC(updates.dtype(), "ScatterNd", {
    std::fill(out.data<T>(), out.data<T>() + out.size(), T(0));
    combine_into(Combine::Add, out.data<T>(), updates.data<T>(), l);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("ScatterNd", scatter_nd_kernel);

void gather_nd_kernel(KernelContext& ctx) {
  const Tensor& params = ctx.input(0);
  const Tensor& indices = ctx.input(1);
  Layout l = nd_layout("GatherNd", params.shape(), indices, nullptr, "params");
  Shape shape(indices.shape().begin(), indices.shape().end() - 1);
  shape.insert(shape.end(), params.shape().begin() + indices.shape().back(), params.shape().end());
  Tensor out(params.dtype(), shape);
  JF_DISPATCH_WORD(params.dtype(), {
    const bool str = params.dtype() == DType::String;
    const E* src = str ? reinterpret_cast<const E*>(params.strings().data()) : params.data<E>();
    E* dst = str ? reinterpret_cast<E*>(out.strings().data()) : out.data<E>();
    for (size_t i = 0; i < l.offsets.size(); ++i)
      std::copy(src + l.offsets[i], src + l.offsets[i] + l.slice, dst + static_cast<int64_t>(i) * l.slice);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("GatherNd", gather_nd_kernel);

}  // namespace
}  // namespace jf
