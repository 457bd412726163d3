"""tf.train: optimizers, learning-rate schedules and the global step (TF1 names).

>>> optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
>>> training_op = optimizer.minimize(mse)
"""
from .adagrad import AdagradOptimizer
from .adam import AdamOptimizer
from .gradient_descent import GradientDescentOptimizer
from .learning_rate_decay import exponential_decay
from .momentum import MomentumOptimizer
from .optimizer import Optimizer
from .rmsprop import RMSPropOptimizer
from .training_util import (assert_global_step, create_global_step, get_global_step, get_or_create_global_step,
                            global_step)

__all__ = ["AdagradOptimizer", "AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
           "RMSPropOptimizer", "assert_global_step", "create_global_step", "exponential_decay", "get_global_step",
           "get_or_create_global_step", "global_step"]
