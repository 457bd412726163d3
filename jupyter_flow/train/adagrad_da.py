"""AdagradDAOptimizer: Adagrad's dual averaging (Duchi et al., 2011), for sparse linear models.
Slots `<var>/AdagradDA` ("gradient_accumulator") and `<var>/AdagradDA_1`
("gradient_squared_accumulator"), TF1's names; it needs the global step, which minimize() must
advance. Built from element-wise ops, as ftrl.py."""
import numbers

from ..framework.graph import control_dependencies
from ..ops import math_ops
from ..ops.array_ops import identity
from ..ops.control_flow_ops import group
from ..ops.state_ops import assign
from .optimizer import Optimizer


class AdagradDAOptimizer(Optimizer):
    """g_acc += g; gg_acc += g^2; with t = global_step + 1,
    var = -lr sign(g_acc) max(|g_acc| - t l1, 0) / (t l2 lr + sqrt(gg_acc)).

    >>> optimizer = tf.train.AdagradDAOptimizer(0.1, global_step)
    >>> training_op = optimizer.minimize(loss, global_step=global_step)
    """

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="AdagradDA"):
        value = initial_gradient_squared_accumulator_value
        if not isinstance(value, numbers.Real) or value <= 0.0:
            raise ValueError(f"initial_gradient_squared_accumulator_value must be positive: {value}")
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._global_step = global_step
        self._initial_value = float(value)
        self._l1, self._l2 = float(l1_regularization_strength), float(l2_regularization_strength)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "gradient_accumulator", self._name)
            self._get_or_make_slot_with_value(v, self._initial_value, "gradient_squared_accumulator", self._name)

    def _prepare(self):
        # the step this update makes (TF1 passes global_step + 1 to ApplyAdagradDA)
        self._step_now = math_ops.add(identity(self._global_step), 1)

    def _apply_dense(self, grad, var):
        g_acc = self.get_slot(var, "gradient_accumulator")
        gg_acc = self.get_slot(var, "gradient_squared_accumulator")
        lr = self._hyper_tensor("learning_rate", var.dtype)
        t = math_ops.cast(self._step_now, var.dtype)
        new_g = math_ops.add(g_acc.value(), grad)
        new_gg = math_ops.add(gg_acc.value(), math_ops.square(grad))
        numerator = new_g
        if self._l1 > 0:
            numerator = math_ops.multiply(math_ops.sign(new_g), math_ops.maximum(
                math_ops.subtract(math_ops.abs(new_g), math_ops.multiply(t, self._l1)), 0.0))
        denominator = math_ops.add(math_ops.multiply(math_ops.multiply(t, self._l2), lr), math_ops.sqrt(new_gg))
        new_var = math_ops.negative(math_ops.divide(math_ops.multiply(lr, numerator), denominator))
        with control_dependencies([new_var, new_g, new_gg]):
            return group(assign(var, new_var), assign(g_acc, new_g), assign(gg_acc, new_gg))
