"""AdadeltaOptimizer (Zeiler, 2012): slots `<var>/Adadelta` ("accum", the mean squared gradient)
and `<var>/Adadelta_1` ("accum_update", the mean squared update), TF1's names. Built from
element-wise ops, as ftrl.py (TF1's fused ApplyAdadelta has no C++ kernel here yet)."""
import numbers

import numpy as np

from ..framework.graph import control_dependencies
from ..ops import math_ops
from ..ops.control_flow_ops import group
from ..ops.state_ops import assign
from .optimizer import Optimizer


class AdadeltaOptimizer(Optimizer):
    """accum = rho accum + (1 - rho) g^2; update = sqrt(accum_update + eps) / sqrt(accum + eps) g;
    var -= lr update; accum_update = rho accum_update + (1 - rho) update^2.

    >>> optimizer = tf.train.AdadeltaOptimizer(learning_rate=1.0, rho=0.95, epsilon=1e-6)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        # TF1 makes float32 tensors of these in _prepare and casts them to the variable's dtype,
        # so a float64 variable sees float32-rounded hyperparameters.
        for name, value in (("learning_rate", learning_rate), ("rho", rho), ("epsilon", epsilon)):
            self._set_hyper(name, float(np.float32(value)) if isinstance(value, numbers.Real) else value)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _apply_dense(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        dt = var.dtype
        lr, rho, eps = (self._hyper_tensor(n, dt) for n in ("learning_rate", "rho", "epsilon"))
        one_minus_rho = math_ops.subtract(1.0, rho)
        new_accum = math_ops.add(math_ops.multiply(accum.value(), rho),
                                 math_ops.multiply(math_ops.square(grad), one_minus_rho))
        update = math_ops.multiply(math_ops.multiply(math_ops.sqrt(math_ops.add(accum_update.value(), eps)),
                                                     math_ops.rsqrt(math_ops.add(new_accum, eps))), grad)
        new_var = math_ops.subtract(var.value(), math_ops.multiply(update, lr))
        new_accum_update = math_ops.add(math_ops.multiply(accum_update.value(), rho),
                                        math_ops.multiply(math_ops.square(update), one_minus_rho))
        # every read above happens before any of the three writes
        with control_dependencies([new_var, new_accum, new_accum_update]):
            return group(assign(var, new_var), assign(accum, new_accum), assign(accum_update, new_accum_update))
