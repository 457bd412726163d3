"""AdamOptimizer: adaptive moment estimation (slots `<var>/Adam` for m and `<var>/Adam_1` for v,
and the non-trainable variables beta1_power and beta2_power for the bias correction, as TF1)."""
from ..ops import training_ops
from ..ops.control_flow_ops import group
from .optimizer import Optimizer


class AdamOptimizer(Optimizer):
    """m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
    variable -= learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon).

    >>> optimizer = tf.train.AdamOptimizer(learning_rate=0.001)
    >>> training_op = optimizer.minimize(loss)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("beta1", beta1)
        self._set_hyper("beta2", beta2)
        self._set_hyper("epsilon", epsilon)
        self._beta1, self._beta2 = beta1, beta2

    def _get_beta_accumulators(self):
        g = self._beta_graph
        return (self._get_non_slot_variable("beta1_power", graph=g),
                self._get_non_slot_variable("beta2_power", graph=g))

    def _create_slots(self, var_list):
        # The beta powers live beside the first variable (by name), created once per graph.
        first_var = min(var_list, key=lambda x: x.name)
        self._beta_graph = first_var.graph
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _apply_dense(self, grad, var):
        dt = var.dtype
        beta1_power, beta2_power = self._get_beta_accumulators()
        return training_ops.apply_adam(
            var, self.get_slot(var, "m"), self.get_slot(var, "v"), self._cast_to(beta1_power, dt),
            self._cast_to(beta2_power, dt), self._hyper_tensor("learning_rate", dt), self._hyper_tensor("beta1", dt),
            self._hyper_tensor("beta2", dt), self._hyper_tensor("epsilon", dt), grad,
            use_locking=self._use_locking).op

    def _finish(self, update_ops, name_scope):
        # The bias corrections advance after every variable's update has used them.
        g = self._beta_graph
        with g.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = beta1_power.assign(beta1_power * self._hyper_tensor("beta1", beta1_power.dtype),
                                              use_locking=self._use_locking)
            update_beta2 = beta2_power.assign(beta2_power * self._hyper_tensor("beta2", beta2_power.dtype),
                                              use_locking=self._use_locking)
        return group(*update_ops, update_beta1, update_beta2, name=name_scope)

    @staticmethod
    def _cast_to(variable, dtype):
        from ..ops.math_ops import cast
        value = variable.value()
        return value if value.dtype is dtype else cast(value, dtype)
