"""AdagradOptimizer: per-parameter learning rates scaled by the accumulated squared gradients
(slot `<var>/Adagrad`)."""
import numbers

from ..ops import training_ops
from .optimizer import Optimizer


class AdagradOptimizer(Optimizer):
    """accumulator += gradient^2; variable -= learning_rate * gradient / sqrt(accumulator).

    >>> optimizer = tf.train.AdagradOptimizer(learning_rate=0.5)
    >>> training_op = optimizer.minimize(mse)
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if not isinstance(initial_accumulator_value, numbers.Real) or initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._initial_accumulator_value = float(initial_accumulator_value)

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_value(v, self._initial_accumulator_value, "accumulator", self._name)

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad(
            var, self.get_slot(var, "accumulator"), self._hyper_tensor("learning_rate", var.dtype), grad,
            use_locking=self._use_locking).op
