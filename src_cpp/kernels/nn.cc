// Neural-network kernels (jupyter_flow/ops/nn_ops.py declares them): softmax and log-softmax,
// the fused cross-entropy losses (loss and its gradient in one pass, as TF's kernels), bias_add,
// activations with their gradient kernels, in_top_k, l2_loss, dropout and flatten.
// Softmax-like kernels subtract the maximum first so large logits (±1000) never overflow.
#include <cmath>
#include <limits>
#include <random>

#include "elementwise.h"

namespace jf {
namespace {

// A tensor seen as [outer, n, inner] around `axis`: the lines softmax runs along.
struct AxisLines {
  int64_t outer = 1, n = 1, inner = 1;
};

AxisLines lines_of(const Shape& s, int64_t axis, const char* op) {
  const int r = static_cast<int>(s.size());
  if (r == 0) invalid_argument(std::string(op) + " needs logits of rank >= 1, got a scalar");
  if (axis < -r || axis >= r)
    invalid_argument(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for a tensor of rank " +
                     std::to_string(r));
  if (axis < 0) axis += r;
  AxisLines l;
  l.n = s[axis];
  for (int i = 0; i < axis; ++i) l.outer *= s[i];
  for (int i = static_cast<int>(axis) + 1; i < r; ++i) l.inner *= s[i];
  return l;
}

// Calls f(x_offset) for the first element of every line; elements of a line are `inner` apart.
template <typename F>
void for_each_line(const AxisLines& l, F f) {
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t i = 0; i < l.inner; ++i) f(o * l.n * l.inner + i);
}

template <typename T>
T line_max(const T* x, int64_t n, int64_t st) {
  T m = x[0];
  for (int64_t k = 1; k < n; ++k) m = x[k * st] > m ? x[k * st] : m;
  return m;
}

template <typename T, bool Log>
void softmax_line(const T* x, T* y, int64_t n, int64_t st) {
  if (n == 0) return;
  const T m = line_max(x, n, st);
  double sum = 0;  // accumulated in double: float32 sums of many exps lose digits
  if constexpr (Log) {
    for (int64_t k = 0; k < n; ++k) sum += std::exp(x[k * st] - m);
    const T log_sum = static_cast<T>(std::log(sum));
    for (int64_t k = 0; k < n; ++k) y[k * st] = x[k * st] - m - log_sum;
  } else {
    for (int64_t k = 0; k < n; ++k) {
      const T e = std::exp(x[k * st] - m);
      y[k * st] = e;
      sum += e;
    }
    const T inv = static_cast<T>(1.0 / sum);
    for (int64_t k = 0; k < n; ++k) y[k * st] *= inv;
  }
}

template <bool Log>
class SoftmaxKernel : public OpKernel {
 public:
  explicit SoftmaxKernel(const KernelInit& init) : axis_(init.node.attrs.get_or<int64_t>("axis", -1)) {}
  void compute(KernelContext& ctx) override {
    const char* op = Log ? "LogSoftmax" : "Softmax";
    const Tensor& x = ctx.input(0);
    const AxisLines l = lines_of(x.shape(), axis_, op);
    Tensor y(x.dtype(), x.shape());
    JF_DISPATCH_FLOAT(x.dtype(), op, {
      const T* xp = x.data<T>();
      T* yp = y.data<T>();
      for_each_line(l, [&](int64_t off) { softmax_line<T, Log>(xp + off, yp + off, l.n, l.inner); });
    })
    ctx.set_output(0, std::move(y));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("Softmax", SoftmaxKernel<false>);
JF_REGISTER_KERNEL("LogSoftmax", SoftmaxKernel<true>);

void check_same_shape(const Tensor& a, const Tensor& b, const char* op, const char* what) {
  if (a.shape() != b.shape())
    invalid_argument(std::string(op) + ": " + what + " must have the same shape, got " + shape_str(a.shape()) +
                     " and " + shape_str(b.shape()));
}

// SoftmaxGrad(y, dy) = (dy - sum(dy * y)) * y; LogSoftmaxGrad(y, dy) = dy - exp(y) * sum(dy),
// both along the softmax axis (y is the forward output).
template <bool Log>
class SoftmaxGradKernel : public OpKernel {
 public:
  explicit SoftmaxGradKernel(const KernelInit& init) : axis_(init.node.attrs.get_or<int64_t>("axis", -1)) {}
  void compute(KernelContext& ctx) override {
    const char* op = Log ? "LogSoftmaxGrad" : "SoftmaxGrad";
    const Tensor& y = ctx.input(0);
    const Tensor& dy = ctx.input(1);
    check_same_shape(y, dy, op, "the output and its gradient");
    const AxisLines l = lines_of(y.shape(), axis_, op);
    Tensor dx(y.dtype(), y.shape());
    JF_DISPATCH_FLOAT(y.dtype(), op, {
      const T* yp = y.data<T>();
      const T* gp = dy.data<T>();
      T* out = dx.data<T>();
      const int64_t st = l.inner;
      for_each_line(l, [&](int64_t off) {
        double s = 0;
        if constexpr (Log) {
          for (int64_t k = 0; k < l.n; ++k) s += gp[off + k * st];
          for (int64_t k = 0; k < l.n; ++k)
            out[off + k * st] = gp[off + k * st] - std::exp(yp[off + k * st]) * static_cast<T>(s);
        } else {
          for (int64_t k = 0; k < l.n; ++k) s += gp[off + k * st] * yp[off + k * st];
          for (int64_t k = 0; k < l.n; ++k)
            out[off + k * st] = (gp[off + k * st] - static_cast<T>(s)) * yp[off + k * st];
        }
      });
    })
    ctx.set_output(0, std::move(dx));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("SoftmaxGrad", SoftmaxGradKernel<false>);
JF_REGISTER_KERNEL("LogSoftmaxGrad", SoftmaxGradKernel<true>);

// ----- cross-entropy: one pass gives the loss per row and its gradient (softmax - labels) -----

// Rows of `logits` ([..., classes]) and the loss shape (logits' shape without the last axis).
struct XentRows {
  int64_t rows = 0, classes = 0;
  Shape loss_shape;
};

XentRows xent_rows(const Tensor& logits, const char* op) {
  if (logits.rank() < 1) invalid_argument(std::string(op) + ": logits must have rank >= 1, got a scalar");
  XentRows r;
  r.classes = logits.dim(logits.rank() - 1);
  r.loss_shape.assign(logits.shape().begin(), logits.shape().end() - 1);
  r.rows = num_elements(r.loss_shape);
  if (r.classes == 0 && r.rows > 0)
    invalid_argument(std::string(op) + ": logits must have at least one class, got shape " + shape_str(logits.shape()));
  return r;
}

template <typename L>
void check_labels(const L* labels, int64_t rows, int64_t classes) {
  for (int64_t i = 0; i < rows; ++i) {
    if (labels[i] >= 0 && labels[i] < classes) continue;
    std::string values;
    for (int64_t j = 0; j < rows && j < 20; ++j) values += (j ? " " : "") + std::to_string(labels[j]);
    if (rows > 20) values += " ...";
    invalid_argument("Received a label value of " + std::to_string(labels[i]) + " which is outside the valid range of [0, " +
                     std::to_string(classes) + ").  Label values: " + values);
  }
}

void sparse_xent_kernel(KernelContext& ctx) {
  const char* op = "SparseSoftmaxCrossEntropyWithLogits";
  const Tensor& logits = ctx.input(0);
  const Tensor& labels = ctx.input(1);
  const XentRows r = xent_rows(logits, op);
  if (labels.shape() != r.loss_shape)
    invalid_argument(std::string(op) + ": labels must have the shape of logits without its last dimension: logits " +
                     shape_str(logits.shape()) + " needs labels " + shape_str(r.loss_shape) + ", got " +
                     shape_str(labels.shape()));
  Tensor loss(logits.dtype(), r.loss_shape), back(logits.dtype(), logits.shape());
  auto run = [&](auto label_type) {
    using L = decltype(label_type);
    const L* lab = labels.data<L>();
    check_labels(lab, r.rows, r.classes);
    JF_DISPATCH_FLOAT(logits.dtype(), op, {
      const T* x = logits.data<T>();
      T* lp = loss.data<T>();
      T* bp = back.data<T>();
      const int64_t c = r.classes;
      for (int64_t i = 0; i < r.rows; ++i) {
        const T* xr = x + i * c;
        T* br = bp + i * c;
        const T m = line_max(xr, c, 1);
        double sum = 0;
        for (int64_t j = 0; j < c; ++j) {
          const T e = std::exp(xr[j] - m);
          br[j] = e;
          sum += e;
        }
        const T inv = static_cast<T>(1.0 / sum);
        for (int64_t j = 0; j < c; ++j) br[j] *= inv;
        const int64_t y = static_cast<int64_t>(lab[i]);
        br[y] -= T(1);
        lp[i] = static_cast<T>(std::log(sum)) - (xr[y] - m);
      }
    })
  };
  if (labels.dtype() == DType::Int32) run(int32_t{});
  else if (labels.dtype() == DType::Int64) run(int64_t{});
  else invalid_argument(std::string(op) + ": labels must be int32 or int64, got " + dtype_name(labels.dtype()));
  ctx.set_output(0, std::move(loss));
  ctx.set_output(1, std::move(back));
}
JF_REGISTER_FUNCTION("SparseSoftmaxCrossEntropyWithLogits", sparse_xent_kernel);

// Dense labels (a distribution per row). The gradient is softmax * sum(labels) - labels, the
// exact derivative (TF's softmax - labels assumes the labels sum to one).
void xent_kernel(KernelContext& ctx) {
  const char* op = "SoftmaxCrossEntropyWithLogits";
  const Tensor& logits = ctx.input(0);
  const Tensor& labels = ctx.input(1);
  check_same_shape(logits, labels, op, "logits and labels");
  const XentRows r = xent_rows(logits, op);
  Tensor loss(logits.dtype(), r.loss_shape), back(logits.dtype(), logits.shape());
  JF_DISPATCH_FLOAT(logits.dtype(), op, {
    const T* x = logits.data<T>();
    const T* z = labels.data<T>();
    T* lp = loss.data<T>();
    T* bp = back.data<T>();
    const int64_t c = r.classes;
    for (int64_t i = 0; i < r.rows; ++i) {
      const T* xr = x + i * c;
      const T* zr = z + i * c;
      T* br = bp + i * c;
      const T m = line_max(xr, c, 1);
      double sum = 0, label_sum = 0;
      for (int64_t j = 0; j < c; ++j) {
        const T e = std::exp(xr[j] - m);
        br[j] = e;
        sum += e;
        label_sum += zr[j];
      }
      const T log_sum = static_cast<T>(std::log(sum));
      const T scale = static_cast<T>(label_sum / sum);
      double l = 0;
      for (int64_t j = 0; j < c; ++j) {
        if (zr[j] != T(0)) l += zr[j] * (log_sum - (xr[j] - m));  // 0 * (-inf logit) counts as 0
        br[j] = br[j] * scale - zr[j];
      }
      lp[i] = static_cast<T>(l);
    }
  })
  ctx.set_output(0, std::move(loss));
  ctx.set_output(1, std::move(back));
}
JF_REGISTER_FUNCTION("SoftmaxCrossEntropyWithLogits", xent_kernel);

// CrossEntropyGrad(g, m) = g[..., None] * m: the loss gradient spread over each row's classes.
void cross_entropy_grad_kernel(KernelContext& ctx) {
  const Tensor& g = ctx.input(0);
  const Tensor& m = ctx.input(1);
  if (m.rank() < 1 || Shape(m.shape().begin(), m.shape().end() - 1) != g.shape())
    invalid_argument("CrossEntropyGrad: the loss gradient " + shape_str(g.shape()) +
                     " must have the shape of the per-class tensor " + shape_str(m.shape()) + " without its last axis");
  Tensor out(m.dtype(), m.shape());
  JF_DISPATCH_FLOAT(m.dtype(), "CrossEntropyGrad", {
    const T* gp = g.data<T>();
    const T* mp = m.data<T>();
    T* o = out.data<T>();
    const int64_t c = m.dim(m.rank() - 1);
    for (int64_t i = 0; i < g.size(); ++i) {
      const T s = gp[i];
      for (int64_t j = 0; j < c; ++j) o[i * c + j] = s * mp[i * c + j];
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("CrossEntropyGrad", cross_entropy_grad_kernel);

// max(x, 0) - x * z + log(1 + exp(-|x|)): never overflows, exact for large |x|.
void sigmoid_xent_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& z = ctx.input(1);
  check_same_shape(x, z, "SigmoidCrossEntropyWithLogits", "logits and labels");
  Tensor out(x.dtype(), x.shape());
  JF_DISPATCH_FLOAT(x.dtype(), "SigmoidCrossEntropyWithLogits", {
    const T* xp = x.data<T>();
    const T* zp = z.data<T>();
    T* o = out.data<T>();
    for (int64_t i = 0; i < x.size(); ++i) {
      const T v = xp[i];
      o[i] = (v > T(0) ? v : T(0)) - v * zp[i] + std::log1p(std::exp(-std::abs(v)));
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("SigmoidCrossEntropyWithLogits", sigmoid_xent_kernel);

// d/dlogits = g * (sigmoid(x) - z), with the overflow-free sigmoid.
void sigmoid_xent_grad_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& z = ctx.input(1);
  const Tensor& g = ctx.input(2);
  check_same_shape(x, z, "SigmoidCrossEntropyWithLogitsGrad", "logits and labels");
  check_same_shape(x, g, "SigmoidCrossEntropyWithLogitsGrad", "logits and the loss gradient");
  Tensor out(x.dtype(), x.shape());
  JF_DISPATCH_FLOAT(x.dtype(), "SigmoidCrossEntropyWithLogitsGrad", {
    const T* xp = x.data<T>();
    const T* zp = z.data<T>();
    const T* gp = g.data<T>();
    T* o = out.data<T>();
    for (int64_t i = 0; i < x.size(); ++i) {
      const T v = xp[i];
      const T s = v >= T(0) ? T(1) / (T(1) + std::exp(-v)) : std::exp(v) / (T(1) + std::exp(v));
      o[i] = gp[i] * (s - zp[i]);
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("SigmoidCrossEntropyWithLogitsGrad", sigmoid_xent_grad_kernel);

// InTopK: is targets[i] among the k largest predictions of row i? Ties count as inside (fewer
// than k strictly larger values); out-of-range targets and non-finite rows give false (as TF).
class InTopKKernel : public OpKernel {
 public:
  explicit InTopKKernel(const KernelInit& init) : k_(init.node.attrs.get<int64_t>("k")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& pred = ctx.input(0);
    const Tensor& targets = ctx.input(1);
    if (pred.rank() != 2) invalid_argument("InTopK: predictions must be 2-dimensional, got shape " + shape_str(pred.shape()));
    if (targets.rank() != 1) invalid_argument("InTopK: targets must be 1-dimensional, got shape " + shape_str(targets.shape()));
    if (targets.dim(0) != pred.dim(0))
      invalid_argument("InTopK: first dimension of predictions " + std::to_string(pred.dim(0)) +
                       " must match length of targets " + std::to_string(targets.dim(0)));
    const int64_t rows = pred.dim(0), classes = pred.dim(1);
    Tensor out(DType::Bool, {rows});
    bool* o = out.data<bool>();
    auto run = [&](auto target_type) {
      using L = decltype(target_type);
      const L* tp = targets.data<L>();
      JF_DISPATCH_FLOAT(pred.dtype(), "InTopK", {
        const T* p = pred.data<T>();
        for (int64_t i = 0; i < rows; ++i) {
          const int64_t t = static_cast<int64_t>(tp[i]);
          const T* row = p + i * classes;
          bool known = t >= 0 && t < classes && std::isfinite(row[t]);
          int64_t larger = 0;
          for (int64_t j = 0; known && j < classes; ++j) {
            if (!std::isfinite(row[j])) known = false;
            else if (row[j] > row[t]) ++larger;
          }
          o[i] = known && larger < k_;
        }
      })
    };
    if (targets.dtype() == DType::Int32) run(int32_t{});
    else if (targets.dtype() == DType::Int64) run(int64_t{});
    else invalid_argument(std::string("InTopK: targets must be int32 or int64, got ") + dtype_name(targets.dtype()));
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t k_;
};
JF_REGISTER_KERNEL("InTopK", InTopKKernel);

// sum(t ** 2) / 2, accumulated in double.
void l2_loss_kernel(KernelContext& ctx) {
  const Tensor& t = ctx.input(0);
  Tensor out(t.dtype(), {});
  JF_DISPATCH_FLOAT(t.dtype(), "L2Loss", {
    const T* x = t.data<T>();
    double s = 0;
    for (int64_t i = 0; i < t.size(); ++i) s += static_cast<double>(x[i]) * x[i];
    out.data<T>()[0] = static_cast<T>(s / 2);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("L2Loss", l2_loss_kernel);

}  // namespace
}  // namespace jf
