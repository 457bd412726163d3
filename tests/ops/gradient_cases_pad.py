"""Numeric gradient checks of Pad, PadV2 and MirrorPad (the registry-wide test picks up CASES)."""


def _pad(tf, rng):
    x = tf.placeholder(tf.float64, (2, 3))
    return tf.pad(x, [[1, 0], [2, 1]]), [x], [rng.standard_normal((2, 3))]


def _pad_v2(tf, rng):
    x = tf.placeholder(tf.float64, (3, 2))
    return tf.pad(x, [[0, 2], [1, 1]], constant_values=1.5), [x], [rng.standard_normal((3, 2))]


def _mirror_pad(tf, rng):
    x = tf.placeholder(tf.float64, (3, 4))
    return tf.pad(x, [[2, 1], [1, 3]], "REFLECT"), [x], [rng.standard_normal((3, 4))]


def _mirror_pad_grad(tf, rng):
    g = tf.placeholder(tf.float64, (5, 6))
    op = g.graph.create_op("MirrorPadGrad", [g, tf.constant([[1, 1], [2, 1]])], {"mode": "SYMMETRIC"}, "MirrorPadGrad")
    return op.outputs[0], [g], [rng.standard_normal((5, 6))]


CASES = [("Pad", _pad), ("PadV2", _pad_v2), ("MirrorPad", _mirror_pad), ("MirrorPadGrad", _mirror_pad_grad)]
