"""Gradient-check cases for jupyter_flow/ops/normalization_ops.py (FusedBatchNorm in both modes,
channels last and channels first)."""


def _ph(tf, shape, name):
    return tf.placeholder(tf.float64, shape, name=name)


def _fused(tf, rng, shape, axis, training):
    from jupyter_flow.ops.normalization_ops import fused_batch_norm_op
    c = shape[axis]
    x, scale, offset = _ph(tf, shape, "x"), _ph(tf, (c,), "scale"), _ph(tf, (c,), "offset")
    mean, variance = _ph(tf, (c,), "mean"), _ph(tf, (c,), "variance")
    y = fused_batch_norm_op(x, scale, offset, mean, variance, tf.constant(training), 1e-3, axis)[0]
    values = [rng.standard_normal(shape) * 2 + 1, rng.uniform(0.5, 2, c), rng.standard_normal(c),
              rng.standard_normal(c), rng.uniform(0.5, 2, c)]
    return y, [x, scale, offset, mean, variance], values


def training_channels_last(tf, rng):
    return _fused(tf, rng, (5, 3), 1, True)


def training_channels_first(tf, rng):
    return _fused(tf, rng, (2, 3, 2, 2), 1, True)


def inference_channels_last(tf, rng):
    return _fused(tf, rng, (2, 2, 2, 3), 3, False)


CASES = [
    ("FusedBatchNorm", training_channels_last),
    ("FusedBatchNorm", training_channels_first),
    ("FusedBatchNorm", inference_channels_last),
]
