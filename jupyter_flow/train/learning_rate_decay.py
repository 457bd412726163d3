"""Learning-rate schedules that are graph tensors of the global step (TF1's tf.train.*_decay):
exponential, piecewise constant, polynomial, natural-exponential and inverse-time decay. The
cosine family lives in cosine_decay.py. Each returns a scalar tensor; sess.run reads it at the
current global step, so a schedule drives an optimizer through minimize(global_step=...)."""
import numbers

from ..framework.graph import Tensor, name_scope
from ..ops.array_ops import where
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.control_flow_cond import case
from ..ops.math_ops import (add, cast, equal, exp, floordiv, logical_and, minimum, multiply, negative,  # noqa: A004
                            pow, subtract, truediv)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ** (global_step / decay_steps), the exponent floored if staircase.

    >>> lr = tf.train.exponential_decay(0.1, global_step, decay_steps=10000, decay_rate=0.1)
    >>> training_op = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)
    """
    _require_step(global_step, "exponential_decay")
    with name_scope(name, "ExponentialDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "exponential_decay")
        decay_rate = _as(decay_rate, dtype)
        p = _progress(global_step, decay_steps, dtype, staircase)
        return multiply(learning_rate, pow(decay_rate, p), name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i],
    values[-1] once x > boundaries[-1].

    >>> lr = tf.train.piecewise_constant(global_step, [100000, 110000], [1.0, 0.5, 0.1])
    """
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with name_scope(name, "PiecewiseConstant"):
        x = convert_to_tensor(x)
        values = [convert_to_tensor(v) for v in values]
        for v in values[1:]:
            if v.dtype is not values[0].dtype:
                raise ValueError(f"Values must have elements all with the same dtype ({values[0].dtype.name} vs "
                                 f"{v.dtype.name}).")
        # Boundaries take the step's dtype (an int64 global step against Python int boundaries).
        bounds = []
        for b in boundaries:
            b = constant(b, dtype=x.dtype) if _is_number(b) else convert_to_tensor(b)
            bounds.append(b if b.dtype is x.dtype else cast(b, x.dtype))
        pairs = [(x <= bounds[0], lambda: values[0]), (x > bounds[-1], lambda: values[-1])]
        for low, high, v in zip(bounds[:-1], bounds[1:], values[1:-1]):
            pairs.append((logical_and(x > low, x <= high), lambda v=v: v))
        # The predicates are exclusive and exhaustive; tf.case still wants a default.
        return case(pairs, default=lambda: values[0], exclusive=True)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(learning_rate - end_learning_rate) * (1 - step / decay_steps) ** power + end_learning_rate,
    the step held at decay_steps; with cycle, decay_steps grows to the next multiple of itself
    past the step instead (a restart each time).

    >>> lr = tf.train.polynomial_decay(0.1, global_step, 10000, end_learning_rate=0.01, power=0.5)
    """
    _require_step(global_step, "polynomial_decay")
    with name_scope(name, "PolynomialDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "polynomial_decay")
        end_learning_rate = _as(end_learning_rate, dtype)
        power = _as(power, dtype)
        step = _as(global_step, dtype)
        decay_steps = _as(decay_steps, dtype)
        if cycle:
            # ceil(step / decay_steps) restarts; 1 at step 0 so the first period is not empty.
            periods = negative(floordiv(negative(truediv(step, decay_steps)), constant(1, dtype=dtype)))
            multiplier = where(equal(step, constant(0, dtype=dtype)), constant(1, dtype=dtype), periods)
            decay_steps = multiply(decay_steps, multiplier)
        else:
            step = minimum(step, decay_steps)
        p = truediv(step, decay_steps)
        span = subtract(learning_rate, end_learning_rate)
        return add(multiply(span, pow(subtract(constant(1, dtype=dtype), p), power)), end_learning_rate, name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps), the exponent's step count
    floored to whole decay_steps if staircase (TF1 computes it as exp(-decay_rate) ** p).

    >>> lr = tf.train.natural_exp_decay(0.1, global_step, decay_steps=5, decay_rate=0.5)
    """
    _require_step(global_step, "natural_exp_decay")
    with name_scope(name, "ExponentialDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "natural_exp_decay")
        rate = exp(negative(_as(decay_rate, dtype)))
        p = _progress(global_step, decay_steps, dtype, staircase)
        return multiply(learning_rate, pow(rate, p), name=scope)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps), floored to whole decay_steps
    if staircase.

    >>> lr = tf.train.inverse_time_decay(0.1, global_step, decay_steps=1, decay_rate=0.5)
    """
    _require_step(global_step, "inverse_time_decay")
    with name_scope(name, "InverseTimeDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "inverse_time_decay")
        decay_rate = _as(decay_rate, dtype)
        p = _progress(global_step, decay_steps, dtype, staircase)
        denominator = add(constant(1, dtype=dtype), multiply(decay_rate, p))
        return truediv(learning_rate, denominator, name=scope)


def _require_step(global_step, what):
    if global_step is None:
        raise ValueError(f"global_step is required for {what}.")


def _learning_rate(learning_rate, what):
    learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
    dtype = learning_rate.dtype
    if not dtype.is_floating:
        raise TypeError(f"{what}'s learning_rate must be a float, got {dtype.name} ('{learning_rate.name}')")
    return learning_rate, dtype


def _progress(global_step, decay_steps, dtype, staircase):
    """global_step / decay_steps in `dtype`, floored (one FloorDiv) for a staircase."""
    step, decay_steps = _as(global_step, dtype), _as(decay_steps, dtype)
    return floordiv(step, decay_steps) if staircase else truediv(step, decay_steps)


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _as(value, dtype):
    """`value` as a tensor of `dtype`; Python numbers become constants of that dtype directly
    (no float32 rounding on the way to a float64 schedule)."""
    if _is_number(value):
        return constant(value, dtype=dtype)
    if isinstance(value, Tensor) and value.dtype is dtype:
        return value
    return cast(value, dtype)
