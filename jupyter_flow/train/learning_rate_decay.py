"""Learning-rate schedules that are graph tensors of the global step (TF1's tf.train.*_decay)."""
import numbers

from ..framework.graph import name_scope
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.math_ops import cast, floordiv, multiply, pow, truediv  # noqa: A004


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ** (global_step / decay_steps), the exponent floored if staircase.

    >>> lr = tf.train.exponential_decay(0.1, global_step, decay_steps=10000, decay_rate=0.1)
    >>> training_op = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)
    """
    if global_step is None:
        raise ValueError("global_step is required for exponential_decay.")
    with name_scope(name, "ExponentialDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        if not dtype.is_floating:
            raise TypeError(f"exponential_decay's learning_rate must be a float, got {dtype.name} "
                            f"('{learning_rate.name}')")
        decay_steps = _as(decay_steps, dtype)
        decay_rate = _as(decay_rate, dtype)
        step = _as(global_step, dtype)
        # floor(step / decay_steps) for the staircase, as one FloorDiv.
        p = floordiv(step, decay_steps) if staircase else truediv(step, decay_steps)
        return multiply(learning_rate, pow(decay_rate, p), name=scope)


def _as(value, dtype):
    """`value` as a tensor of `dtype`; Python numbers become constants of that dtype directly
    (no float32 rounding on the way to a float64 schedule)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return constant(value, dtype=dtype)
    return cast(value, dtype)
