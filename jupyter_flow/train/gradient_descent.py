"""GradientDescentOptimizer: var -= learning_rate * gradient, one ApplyGradientDescent per variable."""
from ..ops import training_ops
from .optimizer import Optimizer


class GradientDescentOptimizer(Optimizer):
    """Plain (batch or mini-batch) gradient descent.

    >>> optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
    >>> training_op = optimizer.minimize(mse)
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._set_hyper("learning_rate", learning_rate)

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, self._hyper_tensor("learning_rate", var.dtype), grad, use_locking=self._use_locking).op
