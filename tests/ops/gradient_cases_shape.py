"""Gradient-check cases for the shape, joining, indexing ops, checked against central finite
differences by test_gradient_registry.py (case format: see gradient_cases_math.py).

Placeholders with unknown dimensions make the gradient rules take their run-time path (shapes
from tf.shape instead of constants).
"""


def ph(tf, shape):
    return tf.placeholder(tf.float64, shape)


def unary(fn, shape=(2, 3, 4), static=None):
    """y = fn(tf, x) for x fed with values of `shape`; `static` is the placeholder's shape."""
    def build(tf, rng):
        x = ph(tf, shape if static is None else static)
        return fn(tf, x), [x], [rng.uniform(-2, 2, size=shape)]
    return build


def _concat(axis, static=False):
    def build(tf, rng):
        shapes = [(2, 1, 4), (2, 3, 4), (2, 2, 4)]
        xs = [ph(tf, (None, None, 4) if static else s) for s in shapes]
        return tf.concat(xs, axis), xs, [rng.uniform(-2, 2, size=s) for s in shapes]
    return build


def _concat_last_axis(tf, rng):
    xs = [ph(tf, (2, n)) for n in (1, 3)]
    return tf.concat(xs, -1), xs, [rng.uniform(-2, 2, size=(2, n)) for n in (1, 3)]


def _stack(axis):
    def build(tf, rng):
        xs = [ph(tf, (2, 3)) for _ in range(3)]
        return tf.stack(xs, axis=axis), xs, [rng.uniform(-2, 2, size=(2, 3)) for _ in range(3)]
    return build


def _unstack(axis):
    # Only some outputs are used: the others' gradients are zeros.
    return unary(lambda tf, x: tf.unstack(x, axis=axis)[0] + 3.0 * tf.unstack(x, axis=axis)[-1])


def _split_equal(tf, rng):
    x = ph(tf, (2, 6))
    a, b, c = tf.split(x, 3, axis=1)
    return a * c + b, [x], [rng.uniform(-2, 2, size=(2, 6))]


def _split_sizes(static):
    def build(tf, rng):
        x = ph(tf, (None, None) if static else (4, 5))
        a, b = tf.split(x, [1, -1], axis=0)
        return tf.reduce_sum(b, axis=0) * a[0], [x], [rng.uniform(-2, 2, size=(4, 5))]
    return build


def _gather(indices, axis=0, static=None, shape=(4, 3, 2)):
    def build(tf, rng):
        x = ph(tf, shape if static is None else static)
        return tf.gather(x, indices, axis=axis), [x], [rng.uniform(-2, 2, size=shape)]
    return build


def _segment_sum(ids, num, shape):
    def build(tf, rng):
        x = ph(tf, shape)
        return tf.unsorted_segment_sum(x, ids, num), [x], [rng.uniform(-2, 2, size=shape)]
    return build


def _index_from_tensor(tf, rng):
    # An index known only at run time (a scalar tensor) and a slice bound from tf.shape.
    x = ph(tf, (None, 4))
    i = tf.constant(1) + tf.constant(0)
    return x[i, 1:tf.shape(x)[1] - 1], [x], [rng.uniform(-2, 2, size=(3, 4))]


CASES = [
    ("Reshape", unary(lambda tf, x: tf.reshape(x, [-1]))),
    ("Reshape", unary(lambda tf, x: tf.reshape(x, [3, -1, 2]))),
    ("Reshape", unary(lambda tf, x: tf.reshape(x, [-1, 4]), static=(None, 3, None))),
    ("Squeeze", unary(lambda tf, x: tf.squeeze(x), shape=(2, 1, 3, 1))),
    ("Squeeze", unary(lambda tf, x: tf.squeeze(x, axis=[-1]), shape=(2, 1, 3, 1), static=(None, 1, 3, 1))),
    ("ExpandDims", unary(lambda tf, x: tf.expand_dims(x, 0))),
    ("ExpandDims", unary(lambda tf, x: tf.expand_dims(x, -1), static=(None, None, 4))),
    ("ConcatV2", _concat(1)),
    ("ConcatV2", _concat(-2, static=True)),
    ("ConcatV2", _concat_last_axis),
    ("Pack", _stack(0)),
    ("Pack", _stack(-1)),
    ("Unpack", _unstack(0)),
    ("Unpack", _unstack(2)),
    ("Split", _split_equal),
    ("SplitV", _split_sizes(False)),
    ("SplitV", _split_sizes(True)),
    ("StridedSlice", unary(lambda tf, x: x[1, ::-1, 1:3])),
    ("StridedSlice", unary(lambda tf, x: x[..., tf.newaxis, 0])),
    ("StridedSlice", unary(lambda tf, x: x[::2, 1:, ::-2])),
    ("StridedSlice", unary(lambda tf, x: x[1:, -2], static=(None, None, None))),
    ("StridedSlice", _index_from_tensor),
    ("Slice", unary(lambda tf, x: tf.slice(x, [1, 0, 1], [-1, 2, 2]))),
    ("Slice", unary(lambda tf, x: tf.slice(x, [0, 1, 0], [1, -1, 3]), static=(None, 3, None))),
    ("GatherV2", _gather([2, 0, 2, 3])),  # repeated indices: their gradients add up
    ("GatherV2", _gather([[1, 1], [0, 2]], axis=1)),
    ("GatherV2", _gather([1, 0, 1], axis=-1)),
    ("GatherV2", _gather([3, 3, 1], static=(None, 3, None))),
    ("GatherV2", _gather([[0], [2]], axis=1, static=(None, None, 2))),
    ("UnsortedSegmentSum", _segment_sum([0, 2, 0, 1], 3, (4, 2))),
    ("UnsortedSegmentSum", _segment_sum([[0, 3], [3, 1]], 5, (2, 2, 3))),
    ("Tile", unary(lambda tf, x: tf.tile(x, [2, 1, 3]))),
    ("Tile", unary(lambda tf, x: tf.tile(x, [1, 3]), shape=(2, 3), static=(None, None))),
    ("ReverseV2", unary(lambda tf, x: tf.reverse(x, [0, 2]))),
    ("ReverseV2", unary(lambda tf, x: tf.reverse(x, [-1]), static=(None, 3, None))),
]
