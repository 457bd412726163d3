"""RMSPropOptimizer: gradients scaled by a running root-mean-square (slots `<var>/RMSProp`,
then `_1`, `_2` for the mean gradient when centered and the momentum), as TF1."""
from ..ops import training_ops
from .optimizer import Optimizer


class RMSPropOptimizer(Optimizer):
    """mean_square = decay * mean_square + (1 - decay) * gradient^2;
    mom = momentum * mom + learning_rate * gradient / sqrt(mean_square + epsilon); variable -= mom.
    With centered=True the mean square is replaced by its variance estimate.

    >>> optimizer = tf.train.RMSPropOptimizer(learning_rate=0.01, momentum=0.9, decay=0.9, epsilon=1e-10)
    >>> training_op = optimizer.minimize(mse)
    """

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("decay", decay)
        self._set_hyper("momentum", momentum)
        self._set_hyper("epsilon", epsilon)
        self._centered = bool(centered)

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_value(v, 1.0, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        dt = var.dtype
        hyper = (self._hyper_tensor("learning_rate", dt), self._hyper_tensor("decay", dt),
                 self._hyper_tensor("momentum", dt), self._hyper_tensor("epsilon", dt))
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            return training_ops.apply_centered_rms_prop(var, self.get_slot(var, "mg"), rms, mom, *hyper, grad,
                                                        use_locking=self._use_locking).op
        return training_ops.apply_rms_prop(var, rms, mom, *hyper, grad, use_locking=self._use_locking).op
