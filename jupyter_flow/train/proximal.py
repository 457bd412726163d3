"""The proximal optimizers of TF1 (FOBOS, Duchi & Singer 2009): a gradient step, then the
proximal map of l1 * |w| + l2 / 2 * w^2 (soft-thresholding, then shrinking).
ProximalGradientDescentOptimizer has no slot; ProximalAdagradOptimizer keeps `<var>/ProximalAdagrad`
("accumulator"). Built from element-wise ops, as ftrl.py."""
import numbers

from ..framework.graph import control_dependencies
from ..ops import math_ops
from ..ops.control_flow_ops import group
from ..ops.state_ops import assign
from .optimizer import Optimizer


def proximal_step(var, grad, step_size, l1, l2):
    """The new value: prox = var - step_size grad, then sign(prox) max(|prox| - step_size l1, 0)
    / (1 + step_size l2) (the soft threshold only when l1 > 0, as TF1's kernels)."""
    prox = math_ops.subtract(var, math_ops.multiply(grad, step_size))
    if l1 > 0:
        prox = math_ops.multiply(math_ops.sign(prox), math_ops.maximum(
            math_ops.subtract(math_ops.abs(prox), math_ops.multiply(step_size, l1)), 0.0))
    return math_ops.divide(prox, math_ops.add(1.0, math_ops.multiply(step_size, l2)))


def _strengths(l1, l2):
    for what, value in (("l1_regularization_strength", l1), ("l2_regularization_strength", l2)):
        if not isinstance(value, numbers.Real) or value < 0:
            raise ValueError(f"{what} {value} must be positive or zero.")
    return float(l1), float(l2)


class ProximalGradientDescentOptimizer(Optimizer):
    """Gradient descent followed by the l1/l2 proximal map (sparse weights with l1).

    >>> optimizer = tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.01)
    """

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._l1, self._l2 = _strengths(l1_regularization_strength, l2_regularization_strength)

    def _apply_dense(self, grad, var):
        lr = self._hyper_tensor("learning_rate", var.dtype)
        return assign(var, proximal_step(var.value(), grad, lr, self._l1, self._l2)).op


class ProximalAdagradOptimizer(Optimizer):
    """Adagrad's per-element step size lr / sqrt(accumulator), then the l1/l2 proximal map.

    >>> optimizer = tf.train.ProximalAdagradOptimizer(0.1, l2_regularization_strength=0.001)
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        if not isinstance(initial_accumulator_value, numbers.Real) or initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._initial_accumulator_value = float(initial_accumulator_value)
        self._l1, self._l2 = _strengths(l1_regularization_strength, l2_regularization_strength)

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_value(v, self._initial_accumulator_value, "accumulator", self._name)

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "accumulator")
        lr = self._hyper_tensor("learning_rate", var.dtype)
        new_accum = math_ops.add(accum.value(), math_ops.square(grad))
        step_size = math_ops.multiply(lr, math_ops.rsqrt(new_accum))
        new_var = proximal_step(var.value(), grad, step_size, self._l1, self._l2)
        with control_dependencies([new_var, new_accum]):
            return group(assign(var, new_var), assign(accum, new_accum))
