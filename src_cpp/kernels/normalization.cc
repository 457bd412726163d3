// Batch normalization, fused (jupyter_flow/ops/normalization_ops.py declares the ops).
// x is viewed as [outer, C, inner] around the normalized axis, so channels-last ([N, C],
// [N, H, W, C]) and channels-first ([N, C, H, W]) layouts share one loop. Statistics are
// accumulated in double, so float32 batches keep TF's accuracy without a second pass over
// shifted data.
#include <cmath>
#include <vector>

#include "elementwise.h"

namespace jf {
namespace {

struct ChannelView {
  int64_t outer = 1, channels = 1, inner = 1;
  int64_t count() const { return outer * inner; }  // elements per channel
};

ChannelView channel_view(const Tensor& x, int64_t axis, const char* op) {
  if (axis < 0 || axis >= x.rank())
    invalid_argument(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for an input of shape " +
                     shape_str(x.shape()));
  ChannelView v;
  for (int i = 0; i < axis; ++i) v.outer *= x.dim(i);
  v.channels = x.dim(axis);
  for (int i = axis + 1; i < x.rank(); ++i) v.inner *= x.dim(i);
  return v;
}

void check_channel_vector(const Tensor& t, int64_t channels, const char* op, const char* what) {
  if (t.rank() != 1 || t.dim(0) != channels)
    invalid_argument(std::string(op) + ": " + what + " must be a vector of " + std::to_string(channels) +
                     " values (one per channel), got shape " + shape_str(t.shape()));
}

bool training_flag(const Tensor& t, const char* op) {
  if (t.dtype() != DType::Bool || t.size() != 1)
    invalid_argument(std::string(op) + ": training must be a boolean scalar, got shape " + shape_str(t.shape()));
  return t.data<bool>()[0];
}

// Calls f(channel, pointer to the run of `inner` values) for every run of x.
template <typename T, typename F>
void for_each_run(const ChannelView& v, const T* x, F f) {
  for (int64_t o = 0; o < v.outer; ++o)
    for (int64_t c = 0; c < v.channels; ++c) f(c, x + (o * v.channels + c) * v.inner);
}

// FusedBatchNorm(x, scale, offset, mean, variance, training) ->
//   (y, batch_mean, batch_variance, inv_std)
// training: statistics of this batch (biased variance), else the given mean/variance (passed
// through as batch_mean/batch_variance, so a moving-average update by them changes nothing).
// y = x * inv + (offset - mean * inv), inv = scale / sqrt(variance + epsilon), as
// tf.nn.batch_normalization computes it.
class FusedBatchNormKernel : public OpKernel {
 public:
  explicit FusedBatchNormKernel(const KernelInit& init)
      : epsilon_(init.node.attrs.number("epsilon")), axis_(init.node.attrs.get<int64_t>("axis")) {}

  void compute(KernelContext& ctx) override {
    const char* op = "FusedBatchNorm";
    const Tensor& x = ctx.input(0);
    const ChannelView v = channel_view(x, axis_, op);
    for (int i = 1; i <= 4; ++i) {
      static const char* names[] = {"", "scale", "offset", "mean", "variance"};
      check_channel_vector(ctx.input(i), v.channels, op, names[i]);
      if (ctx.input(i).dtype() != x.dtype())
        invalid_argument(std::string(op) + ": " + names[i] + " must have the dtype of x");
    }
    const bool training = training_flag(ctx.input(5), op);
    if (training && v.count() == 0)
      invalid_argument(std::string(op) + ": a training batch must not be empty (input shape " + shape_str(x.shape()) +
                       ")");
    const int64_t C = v.channels;
    Tensor y(x.dtype(), x.shape()), mean_out(x.dtype(), {C}), var_out(x.dtype(), {C}), inv_out(x.dtype(), {C});
    JF_DISPATCH_FLOAT(x.dtype(), op, {
      const T* xp = x.data<T>();
      T* mp = mean_out.data<T>();
      T* vp = var_out.data<T>();
      if (training) {
        std::vector<double> sum(C, 0.0), sq(C, 0.0);
        for_each_run(v, xp, [&](int64_t c, const T* run) {
          double s = 0;
          for (int64_t i = 0; i < v.inner; ++i) s += run[i];
          sum[c] += s;
        });
        const double n = static_cast<double>(v.count());
        for (int64_t c = 0; c < C; ++c) sum[c] /= n;
        for_each_run(v, xp, [&](int64_t c, const T* run) {
          double s = 0;
          const double m = sum[c];
          for (int64_t i = 0; i < v.inner; ++i) s += (run[i] - m) * (run[i] - m);
          sq[c] += s;
        });
        for (int64_t c = 0; c < C; ++c) {
          mp[c] = static_cast<T>(sum[c]);
          vp[c] = static_cast<T>(sq[c] / n);
        }
      } else {
        std::copy(ctx.input(3).data<T>(), ctx.input(3).data<T>() + C, mp);
        std::copy(ctx.input(4).data<T>(), ctx.input(4).data<T>() + C, vp);
      }
      const T* scale = ctx.input(1).data<T>();
      const T* offset = ctx.input(2).data<T>();
      T* inv_std = inv_out.data<T>();
      std::vector<T> mul(C), add(C);
      for (int64_t c = 0; c < C; ++c) {
        inv_std[c] = T(1) / std::sqrt(vp[c] + static_cast<T>(epsilon_));
        mul[c] = inv_std[c] * scale[c];
        add[c] = offset[c] - mp[c] * mul[c];
      }
      T* yp = y.data<T>();
      for (int64_t o = 0; o < v.outer; ++o)
        for (int64_t c = 0; c < C; ++c) {
          const int64_t base = (o * C + c) * v.inner;
          const T a = mul[c], b = add[c];
          for (int64_t i = 0; i < v.inner; ++i) yp[base + i] = xp[base + i] * a + b;
        }
    })
    ctx.set_output(0, std::move(y));
    ctx.set_output(1, std::move(mean_out));
    ctx.set_output(2, std::move(var_out));
    ctx.set_output(3, std::move(inv_out));
  }

 private:
  double epsilon_;
  int64_t axis_;
};
JF_REGISTER_KERNEL("FusedBatchNorm", FusedBatchNormKernel);

// FusedBatchNormGrad(dy, x, scale, mean, inv_std, training) ->
//   (dx, dscale, doffset, dmean, dvariance)
// mean/inv_std are FusedBatchNorm's batch_mean and inv_std outputs. In training the batch
// statistics depend on x (the full batch-norm backward; dmean = dvariance = 0, the given
// mean/variance are not used); otherwise mean and variance are inputs like any other.
class FusedBatchNormGradKernel : public OpKernel {
 public:
  explicit FusedBatchNormGradKernel(const KernelInit& init) : axis_(init.node.attrs.get<int64_t>("axis")) {}

  void compute(KernelContext& ctx) override {
    const char* op = "FusedBatchNormGrad";
    const Tensor& dy = ctx.input(0);
    const Tensor& x = ctx.input(1);
    if (dy.shape() != x.shape())
      invalid_argument(std::string(op) + ": the gradient " + shape_str(dy.shape()) + " and x " + shape_str(x.shape()) +
                       " must have the same shape");
    const ChannelView v = channel_view(x, axis_, op);
    const int64_t C = v.channels;
    check_channel_vector(ctx.input(2), C, op, "scale");
    check_channel_vector(ctx.input(3), C, op, "mean");
    check_channel_vector(ctx.input(4), C, op, "inv_std");
    const bool training = training_flag(ctx.input(5), op);
    Tensor dx(x.dtype(), x.shape()), dscale(x.dtype(), {C}), doffset(x.dtype(), {C}), dmean(x.dtype(), {C}),
        dvar(x.dtype(), {C});
    JF_DISPATCH_FLOAT(x.dtype(), op, {
      const T* g = dy.data<T>();
      const T* xp = x.data<T>();
      const T* scale = ctx.input(2).data<T>();
      const T* mean = ctx.input(3).data<T>();
      const T* inv = ctx.input(4).data<T>();
      std::vector<double> sum_g(C, 0.0), sum_gxhat(C, 0.0);
      for (int64_t o = 0; o < v.outer; ++o)
        for (int64_t c = 0; c < C; ++c) {
          const int64_t base = (o * C + c) * v.inner;
          double sg = 0, sgx = 0;
          for (int64_t i = 0; i < v.inner; ++i) {
            sg += g[base + i];
            sgx += g[base + i] * ((xp[base + i] - mean[c]) * inv[c]);
          }
          sum_g[c] += sg;
          sum_gxhat[c] += sgx;
        }
      T* dxp = dx.data<T>();
      const double n = static_cast<double>(v.count());
      for (int64_t c = 0; c < C; ++c) {
        dscale.data<T>()[c] = static_cast<T>(sum_gxhat[c]);
        doffset.data<T>()[c] = static_cast<T>(sum_g[c]);
        if (training) {
          dmean.data<T>()[c] = T(0);
          dvar.data<T>()[c] = T(0);
        } else {
          const double si = static_cast<double>(scale[c]) * inv[c];
          dmean.data<T>()[c] = static_cast<T>(-sum_g[c] * si);
          // d/dvariance of inv_std = -inv_std^3 / 2; sum(g * (x - mean)) = sum_gxhat / inv_std.
          dvar.data<T>()[c] = static_cast<T>(-0.5 * scale[c] * sum_gxhat[c] * inv[c] * inv[c]);
        }
      }
      for (int64_t o = 0; o < v.outer; ++o)
        for (int64_t c = 0; c < C; ++c) {
          const int64_t base = (o * C + c) * v.inner;
          const T si = scale[c] * inv[c];
          if (training) {
            const T mg = static_cast<T>(sum_g[c] / n), mgx = static_cast<T>(sum_gxhat[c] / n);
            for (int64_t i = 0; i < v.inner; ++i) {
              const T xhat = (xp[base + i] - mean[c]) * inv[c];
              dxp[base + i] = si * (g[base + i] - mg - xhat * mgx);
            }
          } else {
            for (int64_t i = 0; i < v.inner; ++i) dxp[base + i] = g[base + i] * si;
          }
        }
    })
    ctx.set_output(0, std::move(dx));
    ctx.set_output(1, std::move(dscale));
    ctx.set_output(2, std::move(doffset));
    ctx.set_output(3, std::move(dmean));
    ctx.set_output(4, std::move(dvar));
  }

 private:
  int64_t axis_;
};
JF_REGISTER_KERNEL("FusedBatchNormGrad", FusedBatchNormGradKernel);

}  // namespace
}  // namespace jf
