"""The cosine learning-rate schedules of TF1's tf.train: cosine_decay (Loshchilov & Hutter's
SGDR without restarts), cosine_decay_restarts (SGDR), linear_cosine_decay and
noisy_linear_cosine_decay (Bello et al., 2017). Graph tensors of the global step, as the
schedules in learning_rate_decay.py."""
import math
import numbers

from ..framework.graph import name_scope
from ..ops.constant_op import constant
from ..ops.control_flow_cond import cond
from ..ops.math_ops import (add, cos, equal, floordiv, log, minimum, multiply, pow, sqrt, subtract,  # noqa: A004
                            truediv)
from ..ops.random_ops import random_normal
from .learning_rate_decay import _as, _learning_rate, _require_step


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha), the step
    held at decay_steps (so the rate ends at alpha * learning_rate).

    >>> lr = tf.train.cosine_decay(0.1, global_step, decay_steps=1000, alpha=0.01)
    """
    _require_step(global_step, "cosine_decay")
    with name_scope(name, "CosineDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "cosine_decay")
        decay_steps = _as(decay_steps, dtype)
        step = minimum(_as(global_step, dtype), decay_steps)
        cosine = _half_cosine(truediv(step, decay_steps), dtype)
        return multiply(learning_rate, _lift(cosine, alpha, dtype), name=scope)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    """Cosine decay that restarts: the i-th period lasts first_decay_steps * t_mul**i steps and
    starts from learning_rate * m_mul**i; within a period the rate falls to alpha times its start.

    >>> lr = tf.train.cosine_decay_restarts(0.1, global_step, first_decay_steps=1000)
    """
    _require_step(global_step, "cosine_decay_restarts")
    with name_scope(name, "SGDRDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "cosine_decay_restarts")
        fraction = truediv(_as(global_step, dtype), _as(first_decay_steps, dtype))
        t_mul_t, m_mul_t = _as(t_mul, dtype), _as(m_mul, dtype)
        one = constant(1, dtype=dtype)

        def equal_periods():
            restart = _floor(fraction, dtype)
            return restart, subtract(fraction, restart)

        def geometric_periods():
            # period i starts at (1 - t_mul**i) / (1 - t_mul) in units of the first period
            restart = _floor(truediv(log(subtract(one, multiply(fraction, subtract(one, t_mul_t)))), log(t_mul_t)),
                             dtype)
            elapsed = truediv(subtract(one, pow(t_mul_t, restart)), subtract(one, t_mul_t))
            return restart, truediv(subtract(fraction, elapsed), pow(t_mul_t, restart))

        if isinstance(t_mul, numbers.Real):  # known now: build only the branch that applies
            restart, within = equal_periods() if t_mul == 1.0 else geometric_periods()
        else:
            restart, within = cond(equal(t_mul_t, one), equal_periods, geometric_periods)
        cosine = multiply(pow(m_mul_t, restart), _half_cosine(within, dtype))
        return multiply(learning_rate, _lift(cosine, alpha, dtype), name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    """learning_rate * ((alpha + (decay_steps - step) / decay_steps) * 0.5 * (1 + cos(2 pi
    num_periods step / decay_steps)) + beta), the step held at decay_steps.

    >>> lr = tf.train.linear_cosine_decay(0.1, global_step, decay_steps=1000)
    """
    _require_step(global_step, "linear_cosine_decay")
    with name_scope(name, "LinearCosineDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "linear_cosine_decay")
        linear, cosine = _linear_and_cosine(global_step, decay_steps, num_periods, dtype)
        decayed = add(multiply(add(_as(alpha, dtype), linear), cosine), _as(beta, dtype))
        return multiply(learning_rate, decayed, name=scope)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0, variance_decay=0.55,
                              num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    """linear_cosine_decay with Gaussian noise on the linear term, of variance
    initial_variance / (1 + step) ** variance_decay (a new draw at every run).

    >>> lr = tf.train.noisy_linear_cosine_decay(0.1, global_step, decay_steps=1000)
    """
    _require_step(global_step, "noisy_linear_cosine_decay")
    with name_scope(name, "NoisyLinearCosineDecay") as scope:
        learning_rate, dtype = _learning_rate(learning_rate, "noisy_linear_cosine_decay")
        linear, cosine = _linear_and_cosine(global_step, decay_steps, num_periods, dtype)
        step = minimum(_as(global_step, dtype), _as(decay_steps, dtype))
        variance = truediv(_as(initial_variance, dtype),
                           pow(add(constant(1, dtype=dtype), step), _as(variance_decay, dtype)))
        noisy = add(linear, random_normal([], stddev=sqrt(variance), dtype=dtype))
        decayed = add(multiply(add(_as(alpha, dtype), noisy), cosine), _as(beta, dtype))
        return multiply(learning_rate, decayed, name=scope)


def _linear_and_cosine(global_step, decay_steps, num_periods, dtype):
    decay_steps = _as(decay_steps, dtype)
    step = minimum(_as(global_step, dtype), decay_steps)
    linear = truediv(subtract(decay_steps, step), decay_steps)
    fraction = multiply(multiply(constant(2, dtype=dtype), _as(num_periods, dtype)), truediv(step, decay_steps))
    return linear, _half_cosine(fraction, dtype)


def _half_cosine(fraction, dtype):
    """0.5 * (1 + cos(pi * fraction)): 1 at 0, 0 at 1."""
    turn = cos(multiply(constant(math.pi, dtype=dtype), fraction))
    return multiply(constant(0.5, dtype=dtype), add(constant(1, dtype=dtype), turn))


def _lift(decayed, alpha, dtype):
    """(1 - alpha) * decayed + alpha: the floor alpha under a schedule falling from 1 to 0."""
    alpha = _as(alpha, dtype)
    return add(multiply(subtract(constant(1, dtype=dtype), alpha), decayed), alpha)


def _floor(x, dtype):
    return floordiv(x, constant(1, dtype=dtype))


__all__ = ["cosine_decay", "cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay"]
