"""FtrlOptimizer: "Follow the regularized leader" (McMahan et al., 2013), the default optimizer of
TF1's linear estimators. Slots `<var>/Ftrl` (the accumulator) and `<var>/Ftrl_1` (the linear term),
TF1's names. Built from element-wise ops: it trains small linear models, where the update is cheap."""
import numbers

from ..ops import array_ops, math_ops
from ..framework.graph import control_dependencies
from ..ops.control_flow_ops import group
from ..ops.state_ops import assign
from .optimizer import Optimizer


class FtrlOptimizer(Optimizer):
    """accum' = accum + g^2; linear += g - (accum'^-p - accum^-p)/lr * var;
    var = (sign(linear)*l1 - linear) / (accum'^-p/lr + 2*l2) where |linear| > l1, else 0.

    >>> optimizer = tf.train.FtrlOptimizer(learning_rate=0.2, l1_regularization_strength=0.001)
    """

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0):
        checks = {"initial_accumulator_value": (initial_accumulator_value, lambda v: v >= 0),
                  "learning_rate_power": (learning_rate_power, lambda v: v <= 0),
                  "l1_regularization_strength": (l1_regularization_strength, lambda v: v >= 0),
                  "l2_regularization_strength": (l2_regularization_strength, lambda v: v >= 0),
                  "l2_shrinkage_regularization_strength": (l2_shrinkage_regularization_strength, lambda v: v >= 0)}
        for what, (value, ok) in checks.items():
            if not isinstance(value, numbers.Real) or not ok(value):
                bound = "less than or equal to 0.0" if what == "learning_rate_power" else "positive or zero"
                raise ValueError(f"{what} {value} must be {bound}.")
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._power = float(learning_rate_power)
        self._initial_accumulator_value = float(initial_accumulator_value)
        self._l1, self._l2 = float(l1_regularization_strength), float(l2_regularization_strength)
        self._l2_shrinkage = float(l2_shrinkage_regularization_strength)
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_value(v, self._initial_accumulator_value, "accum",
                                              self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _scaled(self, accum):
        # accum^(-power): sqrt for TF1's default power -0.5
        return math_ops.sqrt(accum) if self._power == -0.5 else math_ops.pow(accum, -self._power)

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        lr = self._hyper_tensor("learning_rate", var.dtype)
        w, a, z = var.value(), accum.value(), linear.value()
        g_linear = grad if self._l2_shrinkage == 0.0 else math_ops.add(grad, 2.0 * self._l2_shrinkage * w)
        new_accum = math_ops.add(a, math_ops.square(grad))
        sigma = math_ops.divide(math_ops.subtract(self._scaled(new_accum), self._scaled(a)), lr)
        new_linear = math_ops.subtract(math_ops.add(z, g_linear), math_ops.multiply(sigma, w))
        quadratic = math_ops.add(math_ops.divide(self._scaled(new_accum), lr), 2.0 * self._l2)
        shrunk = math_ops.divide(math_ops.subtract(math_ops.sign(new_linear) * self._l1, new_linear), quadratic)
        new_var = array_ops.where(math_ops.greater(math_ops.abs(new_linear), self._l1), shrunk,
                                  array_ops.zeros_like(shrunk))
        # every read above happens before any of the three writes
        with control_dependencies([new_var, new_accum, new_linear]):
            return group(assign(var, new_var), assign(accum, new_accum), assign(linear, new_linear))
