"""Gradient-check cases for the control-flow ops (ops/control_flow_loop.py, control_flow_cond.py,
tensor_array.py): gradients through loops (nested, with a cond inside, reading outer tensors),
through conditionals, and through TensorArray writes, reads and scatters."""


def _ph(tf, shape, name="x"):
    return tf.placeholder(tf.float64, shape, name=name)


def while_polynomial(tf, rng):
    # y_{n+1} = y_n * w + x, three times: gradients w.r.t. the loop variable and a captured tensor.
    x, w = _ph(tf, (3,), "x"), _ph(tf, (3,), "w")
    _, y = tf.while_loop(lambda n, y: n < 3, lambda n, y: (n + 1, y * w + x), (0, x))
    return y, [x, w], [rng.standard_normal(3), rng.standard_normal(3)]


def while_rnn_step(tf, rng):
    x, w, h0 = _ph(tf, (4, 2, 3), "x"), _ph(tf, (3, 3), "w"), _ph(tf, (2, 3), "h0")
    _, h = tf.while_loop(lambda t, h: t < 4, lambda t, h: (t + 1, tf.tanh(tf.matmul(h, w) + x[t])), (0, h0))
    return h, [x, w, h0], [rng.standard_normal((4, 2, 3)), 0.5 * rng.standard_normal((3, 3)),
                           rng.standard_normal((2, 3))]


def while_nested(tf, rng):
    x, w = _ph(tf, (2,), "x"), _ph(tf, (2,), "w")

    def outer(i, y):
        _, z = tf.while_loop(lambda j, z: j < 2, lambda j, z: (j + 1, tf.sin(z) * w), (0, y))
        return i + 1, z + x
    _, y = tf.while_loop(lambda i, y: i < 3, outer, (0, x))
    return y, [x, w], [rng.standard_normal(2), rng.standard_normal(2)]


def while_with_cond_inside(tf, rng):
    x, w = _ph(tf, (3,), "x"), _ph(tf, (3,), "w")

    def body(i, y):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: y * w, lambda: tf.exp(y) + w)
    _, y = tf.while_loop(lambda i, y: i < 3, body, (0, x))
    return y, [x, w], [0.3 * rng.standard_normal(3), 0.5 * rng.standard_normal(3)]


def stateful_while(tf, rng):
    # A random op makes the loop stateful (op type While); it contributes 0 * noise.
    x = _ph(tf, (3,), "x")
    _, y = tf.while_loop(lambda n, y: n < 2, lambda n, y: (n + 1, tf.sin(y) + 0.0 * tf.random_uniform([3], dtype=tf.float64)), (0, x))
    return y, [x], [rng.standard_normal(3)]


def cond_taken_branches(tf, rng):
    x, w = _ph(tf, (3,), "x"), _ph(tf, (3,), "w")
    up = tf.cond(tf.constant(True), lambda: x * w, lambda: tf.sin(x))
    down = tf.cond(tf.constant(False), lambda: x * w, lambda: tf.sin(x) * w)
    return up + down, [x, w], [rng.standard_normal(3), rng.standard_normal(3)]


def stateful_cond(tf, rng):
    x = _ph(tf, (3,), "x")
    y = tf.cond(tf.constant(True), lambda: tf.exp(x) + 0.0 * tf.random_uniform([3], dtype=tf.float64), lambda: x)
    return y, [x], [rng.standard_normal(3)]


def tensor_array_in_a_loop(tf, rng):
    x, w = _ph(tf, (4, 3), "x"), _ph(tf, (3,), "w")
    inputs = tf.TensorArray(tf.float64, size=4).unstack(x)
    out = tf.TensorArray(tf.float64, size=4)

    def body(t, h, out):
        h = tf.tanh(h * w + inputs.read(t))
        return t + 1, h, out.write(t, h)
    _, _, out = tf.while_loop(lambda t, *_: t < 4, body, (0, tf.zeros([3], tf.float64), out))
    return out.stack(), [x, w], [rng.standard_normal((4, 3)), rng.standard_normal(3)]


def tensor_array_scatter(tf, rng):
    x = _ph(tf, (2, 3), "x")
    ta = tf.TensorArray(tf.float64, size=3).scatter([2, 0], x)
    ta = ta.write(1, tf.ones([3], tf.float64))
    return ta.stack() * tf.constant(rng.standard_normal((3, 3))), [x], [rng.standard_normal((2, 3))]


CASES = [
    ("StatelessWhile", while_polynomial),
    ("StatelessWhile", while_rnn_step),
    ("StatelessWhile", while_nested),
    ("StatelessWhile", while_with_cond_inside),
    ("While", stateful_while),
    ("StatelessIf", cond_taken_branches),
    ("If", stateful_cond),
    ("TensorArrayWriteV3", tensor_array_in_a_loop),
    ("TensorArrayReadV3", tensor_array_in_a_loop),
    ("TensorArrayScatterV3", tensor_array_scatter),
]
