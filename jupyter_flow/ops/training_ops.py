"""The optimizers' update ops, TF1's fused Apply* ops: each updates a variable and its slot
variables in place in one C++ kernel (src_cpp/kernels/training.cc) and outputs the new value.

The variable and slot inputs are ref inputs (they name variables rather than read them);
hyperparameters are scalars of the variable's dtype; none of these ops is differentiable.
"""
from ..framework.graph import Tensor
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import FLOATING
from ..framework.tensor_shape import SCALAR
from .constant_op import convert_to_tensor

# Per op type: its inputs in TF1's order, each (name, kind) with kind "ref" (the variable or a
# slot variable), "scalar" (a hyperparameter) or "grad".
APPLY_OP_INPUTS = {
    "ApplyGradientDescent": (("var", "ref"), ("alpha", "scalar"), ("delta", "grad")),
    "ApplyMomentum": (("var", "ref"), ("accum", "ref"), ("lr", "scalar"), ("grad", "grad"),
                      ("momentum", "scalar")),
    "ApplyAdagrad": (("var", "ref"), ("accum", "ref"), ("lr", "scalar"), ("grad", "grad")),
    "ApplyRMSProp": (("var", "ref"), ("ms", "ref"), ("mom", "ref"), ("lr", "scalar"), ("rho", "scalar"),
                     ("momentum", "scalar"), ("epsilon", "scalar"), ("grad", "grad")),
    "ApplyCenteredRMSProp": (("var", "ref"), ("mg", "ref"), ("ms", "ref"), ("mom", "ref"), ("lr", "scalar"),
                             ("rho", "scalar"), ("momentum", "scalar"), ("epsilon", "scalar"), ("grad", "grad")),
    "ApplyAdam": (("var", "ref"), ("m", "ref"), ("v", "ref"), ("beta1_power", "scalar"),
                  ("beta2_power", "scalar"), ("lr", "scalar"), ("beta1", "scalar"), ("beta2", "scalar"),
                  ("epsilon", "scalar"), ("grad", "grad")),
}


def _apply_infer_for(op_type):
    spec = APPLY_OP_INPUTS[op_type]

    def infer(inputs, attrs):
        if len(inputs) != len(spec):
            raise ValueError(f"{op_type} takes {len(spec)} inputs ({', '.join(n for n, _ in spec)}), "
                             f"got {len(inputs)}")
        var = inputs[0]
        for (role, kind), t in zip(spec, inputs):
            if kind == "ref" and t.op.type != "VariableV2":
                raise TypeError(f"{op_type}'s input '{role}' must be a variable, not '{t.name}' ({t.op.type}); "
                                f"pass the tf.Variable itself.")
        if var.dtype not in FLOATING:
            raise TypeError(f"{op_type} updates float32 or float64 variables; '{var.op.name}' is "
                            f"{var.dtype.name}.")
        shape = var.shape
        for (role, kind), t in zip(spec[1:], inputs[1:]):
            what = f"variable '{t.op.name}'" if kind == "ref" else f"'{t.name}'"
            if t.dtype is not var.dtype:
                raise TypeError(f"{op_type}: {role} {what} has dtype {t.dtype.name} but variable '{var.op.name}' "
                                f"has dtype {var.dtype.name}; use tf.cast (or a variable of the same dtype).")
            if kind == "scalar":
                if not t.shape.is_compatible_with(SCALAR):
                    raise ValueError(f"{op_type}: {role} must be a scalar, but {what} has shape {t.shape}")
            elif not shape.is_compatible_with(t.shape):
                raise ValueError(f"{op_type}: {role} {what} has shape {t.shape} but variable '{var.op.name}' "
                                 f"has shape {var.shape}; they must match")
            else:
                shape = shape.merge_with(t.shape)
        return [(var.dtype, var.shape)]

    return infer


for _type in APPLY_OP_INPUTS:
    define_op(_type, infer=_apply_infer_for(_type), ref_inputs=tuple(
        i for i, (_, kind) in enumerate(APPLY_OP_INPUTS[_type]) if kind == "ref"), stateful=True)
    not_differentiable(_type)


def _ref(v):
    """The VariableV2 output behind a tf.Variable (or the ref tensor itself)."""
    return getattr(v, "_variable", v)


def _apply(op_type, inputs, attrs, name):
    var = _ref(inputs[0])
    if not isinstance(var, Tensor):
        raise TypeError(f"{op_type} needs a tf.Variable to update, got {var!r}")
    g = var.graph
    with g.as_default():
        # Python numbers become constants of the variable's dtype; tensors are checked as they are.
        inputs = tuple(_ref(t) if kind == "ref" else t if isinstance(t, Tensor) else convert_to_tensor(t, var.dtype)
                       for t, (_, kind) in zip(inputs, APPLY_OP_INPUTS[op_type]))
        return g.create_op(op_type, inputs, attrs, name or op_type)._outputs[0]


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    """var -= alpha * delta, in place; outputs the new value.

    >>> update = apply_gradient_descent(theta, tf.constant(0.01), gradients)
    """
    return _apply("ApplyGradientDescent", (var, alpha, delta), {"use_locking": bool(use_locking)}, name)


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False, name=None):
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov's variant with use_nesterov).

    >>> apply_momentum(theta, theta_momentum, lr, gradients, tf.constant(0.9))
    """
    return _apply("ApplyMomentum", (var, accum, lr, grad, momentum),
                  {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}, name)


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None):
    """accum += grad^2; var -= lr * grad / sqrt(accum).

    >>> apply_adagrad(theta, theta_accum, lr, gradients)
    """
    return _apply("ApplyAdagrad", (var, accum, lr, grad),
                  {"use_locking": bool(use_locking), "update_slots": bool(update_slots)}, name)


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    """ms = rho ms + (1 - rho) grad^2; mom = momentum mom + lr grad / sqrt(ms + epsilon); var -= mom.

    >>> apply_rms_prop(theta, ms, mom, lr, rho, momentum, epsilon, gradients)
    """
    return _apply("ApplyRMSProp", (var, ms, mom, lr, rho, momentum, epsilon, grad),
                  {"use_locking": bool(use_locking)}, name)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    """RMSProp normalizing by the variance estimate ms - mg^2 (mg: the mean gradient).

    >>> apply_centered_rms_prop(theta, mg, ms, mom, lr, rho, momentum, epsilon, gradients)
    """
    return _apply("ApplyCenteredRMSProp", (var, mg, ms, mom, lr, rho, momentum, epsilon, grad),
                  {"use_locking": bool(use_locking)}, name)


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking=False,
               use_nesterov=False, name=None):
    """Adam's update of var with its moment estimates m and v (bias-corrected by beta*_power).

    >>> apply_adam(theta, m, v, b1p, b2p, lr, beta1, beta2, epsilon, gradients)
    """
    return _apply("ApplyAdam", (var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad),
                  {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}, name)
