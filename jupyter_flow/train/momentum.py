"""MomentumOptimizer: gradient descent with a velocity (slot `<var>/Momentum`), optionally Nesterov's."""
from ..ops import training_ops
from .optimizer import Optimizer


class MomentumOptimizer(Optimizer):
    """accumulation = momentum * accumulation + gradient; variable -= learning_rate * accumulation.

    >>> optimizer = tf.train.MomentumOptimizer(learning_rate=0.01, momentum=0.9, use_nesterov=True)
    >>> training_op = optimizer.minimize(mse)
    """

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("momentum", momentum)
        self._use_nesterov = bool(use_nesterov)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        return training_ops.apply_momentum(
            var, self.get_slot(var, "momentum"), self._hyper_tensor("learning_rate", var.dtype), grad,
            self._hyper_tensor("momentum", var.dtype), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov).op
