// The optimizers' update ops (TF1's ApplyGradientDescent, ApplyMomentum, ApplyAdagrad,
// ApplyRMSProp, ApplyCenteredRMSProp, ApplyAdam). Each is one fused loop that updates the
// session's variable and its slot variables in place: one pass over memory per training
// step instead of one temporary tensor per element-wise op.
#include <algorithm>
#include <mutex>

#include "elementwise.h"

namespace jf {
namespace {

// Where an input of an Apply op sits and what to call it in error messages.
struct Role {
  int input;
  const char* name;
};

// Shared by every Apply kernel: binds the variable and slot variables (ref inputs) once, and
// per run checks that they are initialized and agree in dtype and shape with the variable,
// that hyperparameters are scalars and that the gradient matches the variable.
class ApplyKernel : public OpKernel {
 protected:
  ApplyKernel(const KernelInit& init, std::vector<Role> refs, std::vector<Role> scalars, Role grad)
      : roles_(std::move(refs)), scalars_(std::move(scalars)), grad_(grad), op_(init.node.type) {
    for (const Role& r : roles_) slots_.push_back(init.ref_slot(r.input));
  }

  // Locks the variable and its slots (in address order, so two updates never deadlock) for the
  // whole update: another thread running the same session may read or update them meanwhile.
  using SlotLocks = std::vector<std::unique_lock<std::mutex>>;
  SlotLocks lock_slots() const {
    std::vector<std::mutex*> mus;
    for (auto& s : slots_) mus.push_back(&s->mu);
    std::sort(mus.begin(), mus.end());
    mus.erase(std::unique(mus.begin(), mus.end()), mus.end());
    SlotLocks locks;
    for (auto* m : mus) locks.emplace_back(*m);
    return locks;
  }

  // Validates everything, then makes the variable and slots the sole owners of their buffers
  // (a value already handed to Python or still read by another op keeps its old contents).
  // The returned locks must be held until finish().
  [[nodiscard]] SlotLocks prepare(KernelContext& ctx) {
    SlotLocks locks = lock_slots();
    for (size_t k = 0; k < slots_.size(); ++k)
      if (!slots_[k]->value.valid())
        fail(Code::FailedPrecondition,
             "Attempting to use uninitialized value " + slots_[k]->name + " (the " + roles_[k].name +
                 " of " + op_ + "); run tf.global_variables_initializer() after creating the optimizer");
    const Tensor& var = slots_[0]->value;
    if (!is_floating(var.dtype()))
      invalid_argument(op_ + " updates float32 or float64 variables; '" + slots_[0]->name + "' holds " +
                       dtype_name(var.dtype()));
    for (size_t k = 1; k < slots_.size(); ++k) {
      const Tensor& s = slots_[k]->value;
      if (s.dtype() != var.dtype() || s.shape() != var.shape())
        invalid_argument(op_ + ": " + roles_[k].name + " '" + slots_[k]->name + "' is " + dtype_name(s.dtype()) +
                         shape_str(s.shape()) + " but variable '" + slots_[0]->name + "' is " +
                         dtype_name(var.dtype()) + shape_str(var.shape()) + "; they must match");
    }
    for (const Role& r : scalars_) {
      const Tensor& t = ctx.input(r.input);
      if (t.rank() != 0 || t.dtype() != var.dtype())
        invalid_argument(op_ + ": " + r.name + " must be a " + dtype_name(var.dtype()) + " scalar (the dtype of '" +
                         slots_[0]->name + "'), got " + dtype_name(t.dtype()) + shape_str(t.shape()));
    }
    const Tensor& g = ctx.input(grad_.input);
    if (g.dtype() != var.dtype() || g.shape() != var.shape())
      invalid_argument(op_ + ": the gradient for variable '" + slots_[0]->name + "' is " + dtype_name(g.dtype()) +
                       shape_str(g.shape()) + " but the variable is " + dtype_name(var.dtype()) +
                       shape_str(var.shape()) + "; they must match");
    // Updates write in place (TF1's ref semantics); Assign gave each variable its own buffer.
    return locks;
  }

  DType dtype() const { return slots_[0]->value.dtype(); }
  int64_t size() const { return slots_[0]->value.size(); }
  template <typename T> T* ref(int k) { return slots_[k]->value.template data<T>(); }
  template <typename T> T scalar(KernelContext& ctx, int k) const {
    return ctx.input(scalars_[k].input).template data<T>()[0];
  }
  template <typename T> const T* grad(KernelContext& ctx) const { return ctx.input(grad_.input).template data<T>(); }
  // TF1's Apply ops output the updated variable.
  void finish(KernelContext& ctx) { ctx.set_output(0, slots_[0]->value); }
  const std::string& op() const { return op_; }

 private:
  std::vector<Role> roles_;
  std::vector<Role> scalars_;
  Role grad_;
  std::string op_;
  std::vector<std::shared_ptr<VarSlot>> slots_;
};

// var -= alpha * delta
class ApplyGradientDescentKernel : public ApplyKernel {
 public:
  explicit ApplyGradientDescentKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}}, {{1, "alpha"}}, {2, "delta"}) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyGradientDescent", {
      T* var = ref<T>(0);
      const T* g = grad<T>(ctx);
      const T lr = scalar<T>(ctx, 0);
      const int64_t n = size();
      for (int64_t i = 0; i < n; ++i) var[i] -= lr * g[i];
    })
    finish(ctx);
  }
};
JF_REGISTER_KERNEL("ApplyGradientDescent", ApplyGradientDescentKernel, std::vector<int>{0});

// accum = momentum * accum + grad; var -= lr * accum
// (Nesterov: var -= lr * grad + lr * momentum * accum, with the new accum.)
class ApplyMomentumKernel : public ApplyKernel {
 public:
  explicit ApplyMomentumKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}, {1, "accum"}}, {{2, "lr"}, {4, "momentum"}}, {3, "grad"}),
        nesterov_(init.node.attrs.get_or<bool>("use_nesterov", false)) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyMomentum", {
      T* var = ref<T>(0);
      T* accum = ref<T>(1);
      const T* g = grad<T>(ctx);
      const T lr = scalar<T>(ctx, 0), momentum = scalar<T>(ctx, 1);
      const int64_t n = size();
      if (nesterov_) {
        for (int64_t i = 0; i < n; ++i) {
          accum[i] = accum[i] * momentum + g[i];
          var[i] -= g[i] * lr + accum[i] * momentum * lr;
        }
      } else {
        for (int64_t i = 0; i < n; ++i) {
          accum[i] = accum[i] * momentum + g[i];
          var[i] -= lr * accum[i];
        }
      }
    })
    finish(ctx);
  }

 private:
  bool nesterov_;
};
JF_REGISTER_KERNEL("ApplyMomentum", ApplyMomentumKernel, std::vector<int>{0, 1});

// accum += grad^2; var -= lr * grad / sqrt(accum)
class ApplyAdagradKernel : public ApplyKernel {
 public:
  explicit ApplyAdagradKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}, {1, "accum"}}, {{2, "lr"}}, {3, "grad"}),
        update_slots_(init.node.attrs.get_or<bool>("update_slots", true)) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyAdagrad", {
      T* var = ref<T>(0);
      T* accum = ref<T>(1);
      const T* g = grad<T>(ctx);
      const T lr = scalar<T>(ctx, 0);
      const int64_t n = size();
      for (int64_t i = 0; i < n; ++i) {
        if (update_slots_) accum[i] += g[i] * g[i];
        var[i] -= lr * g[i] / std::sqrt(accum[i]);
      }
    })
    finish(ctx);
  }

 private:
  bool update_slots_;
};
JF_REGISTER_KERNEL("ApplyAdagrad", ApplyAdagradKernel, std::vector<int>{0, 1});

// ms = rho * ms + (1 - rho) * grad^2
// mom = momentum * mom + lr * grad / sqrt(ms + epsilon); var -= mom
class ApplyRMSPropKernel : public ApplyKernel {
 public:
  explicit ApplyRMSPropKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}, {1, "ms"}, {2, "mom"}},
                    {{3, "lr"}, {4, "rho"}, {5, "momentum"}, {6, "epsilon"}}, {7, "grad"}) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyRMSProp", {
      T* var = ref<T>(0);
      T* ms = ref<T>(1);
      T* mom = ref<T>(2);
      const T* g = grad<T>(ctx);
      const T lr = scalar<T>(ctx, 0), rho = scalar<T>(ctx, 1), momentum = scalar<T>(ctx, 2),
              epsilon = scalar<T>(ctx, 3);
      const int64_t n = size();
      for (int64_t i = 0; i < n; ++i) {
        ms[i] += (g[i] * g[i] - ms[i]) * (T(1) - rho);
        mom[i] = mom[i] * momentum + lr * g[i] / std::sqrt(ms[i] + epsilon);
        var[i] -= mom[i];
      }
    })
    finish(ctx);
  }
};
JF_REGISTER_KERNEL("ApplyRMSProp", ApplyRMSPropKernel, std::vector<int>{0, 1, 2});

// As ApplyRMSProp, but the mean square is centered by the mean gradient mg:
// mg = rho * mg + (1 - rho) * grad; mom = momentum * mom + lr * grad / sqrt(ms - mg^2 + epsilon)
class ApplyCenteredRMSPropKernel : public ApplyKernel {
 public:
  explicit ApplyCenteredRMSPropKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}, {1, "mg"}, {2, "ms"}, {3, "mom"}},
                    {{4, "lr"}, {5, "rho"}, {6, "momentum"}, {7, "epsilon"}}, {8, "grad"}) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyCenteredRMSProp", {
      T* var = ref<T>(0);
      T* mg = ref<T>(1);
      T* ms = ref<T>(2);
      T* mom = ref<T>(3);
      const T* g = grad<T>(ctx);
      const T lr = scalar<T>(ctx, 0), rho = scalar<T>(ctx, 1), momentum = scalar<T>(ctx, 2),
              epsilon = scalar<T>(ctx, 3);
      const int64_t n = size();
      for (int64_t i = 0; i < n; ++i) {
        ms[i] += (g[i] * g[i] - ms[i]) * (T(1) - rho);
        mg[i] += (g[i] - mg[i]) * (T(1) - rho);
        mom[i] = mom[i] * momentum + lr * g[i] / std::sqrt(ms[i] - mg[i] * mg[i] + epsilon);
        var[i] -= mom[i];
      }
    })
    finish(ctx);
  }
};
JF_REGISTER_KERNEL("ApplyCenteredRMSProp", ApplyCenteredRMSPropKernel, std::vector<int>{0, 1, 2, 3});

// lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
// m = beta1 * m + (1 - beta1) * grad; v = beta2 * v + (1 - beta2) * grad^2
// var -= lr_t * m / (sqrt(v) + epsilon)   (Nesterov: m replaced by beta1 * m + (1 - beta1) * grad)
class ApplyAdamKernel : public ApplyKernel {
 public:
  explicit ApplyAdamKernel(const KernelInit& init)
      : ApplyKernel(init, {{0, "variable"}, {1, "m"}, {2, "v"}},
                    {{3, "beta1_power"}, {4, "beta2_power"}, {5, "lr"}, {6, "beta1"}, {7, "beta2"}, {8, "epsilon"}},
                    {9, "grad"}),
        nesterov_(init.node.attrs.get_or<bool>("use_nesterov", false)) {}
  void compute(KernelContext& ctx) override {
    SlotLocks locks = prepare(ctx);
    JF_DISPATCH_FLOAT(dtype(), "ApplyAdam", {
      T* var = ref<T>(0);
      T* m = ref<T>(1);
      T* v = ref<T>(2);
      const T* g = grad<T>(ctx);
      const T beta1_power = scalar<T>(ctx, 0), beta2_power = scalar<T>(ctx, 1), lr = scalar<T>(ctx, 2),
              beta1 = scalar<T>(ctx, 3), beta2 = scalar<T>(ctx, 4), epsilon = scalar<T>(ctx, 5);
      const T lr_t = lr * std::sqrt(T(1) - beta2_power) / (T(1) - beta1_power);
      const int64_t n = size();
      for (int64_t i = 0; i < n; ++i) {
        m[i] += (g[i] - m[i]) * (T(1) - beta1);
        v[i] += (g[i] * g[i] - v[i]) * (T(1) - beta2);
        const T step = nesterov_ ? m[i] * beta1 + (T(1) - beta1) * g[i] : m[i];
        var[i] -= lr_t * step / (std::sqrt(v[i]) + epsilon);
      }
    })
    finish(ctx);
  }

 private:
  bool nesterov_;
};
JF_REGISTER_KERNEL("ApplyAdam", ApplyAdamKernel, std::vector<int>{0, 1, 2});

}  // namespace
}  // namespace jf
