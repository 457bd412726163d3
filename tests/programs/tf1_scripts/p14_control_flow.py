# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# Control flow and py_func as in the TF 1.x guides and cs20si lecture 2: tf.cond, tf.case,
# tf.while_loop (counter, Collatz, gradient through a loop), tf.py_func with numpy and
# with a Python exception, tf.map_fn, tf.scan.
import numpy as np

import jupyter_flow as tf

x = tf.placeholder(tf.float32, shape=[])
y = tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
z = tf.case({tf.less(x, -5.0): lambda: tf.constant(-1.0), tf.greater(x, 5.0): lambda: tf.constant(1.0)},
            default=lambda: tf.constant(0.0), exclusive=True)

# while_loop: sum of 0..9
i = tf.constant(0)
s = tf.constant(0)
c = lambda i, s: tf.less(i, 10)
b = lambda i, s: (tf.add(i, 1), tf.add(s, i))
r_i, r_s = tf.while_loop(c, b, [i, s])

# Collatz steps
n0 = tf.placeholder(tf.int32, [])
steps = tf.while_loop(
    lambda n, k: tf.not_equal(n, 1),
    lambda n, k: (tf.cond(tf.equal(n % 2, 0), lambda: n // 2, lambda: 3 * n + 1), k + 1),
    [n0, tf.constant(0)])[1]

# gradient through while_loop: x^8 by repeated squaring-ish multiplication
v = tf.Variable(1.5)
_, p = tf.while_loop(lambda k, acc: k < 8, lambda k, acc: (k + 1, acc * v), [tf.constant(0), tf.constant(1.0)])
dp = tf.gradients(p, v)[0]

# TensorArray in a while loop
ta = tf.TensorArray(tf.float32, size=5)
_, ta_final = tf.while_loop(lambda k, ta: k < 5,
                            lambda k, ta: (k + 1, ta.write(k, tf.cast(k, tf.float32) ** 2)),
                            [tf.constant(0), ta])
squares = ta_final.stack()


def my_func(a):
    return np.sinh(a).astype(np.float32)


inp = tf.placeholder(tf.float32, [None])
out = tf.py_func(my_func, [inp], tf.float32)
out.set_shape(inp.get_shape())
out2 = out * 2


def bad(a):
    raise ValueError("bad input")


bad_out = tf.py_func(bad, [inp], tf.float32)

elems = tf.constant([1.0, 2.0, 3.0])
sq = tf.map_fn(lambda e: e * e, elems)
cums = tf.scan(lambda a, e: a + e, elems)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    assert sess.run(y, {x: 3.0}) == 6.0 and sess.run(y, {x: -3.0}) == 3.0
    assert sess.run(z, {x: -7.0}) == -1.0 and sess.run(z, {x: 7.0}) == 1.0 and sess.run(z, {x: 0.0}) == 0.0
    assert sess.run([r_i, r_s]) == [10, 45]
    assert sess.run(steps, {n0: 27}) == 111
    pv, dpv = sess.run([p, dp])
    assert np.isclose(pv, 1.5 ** 8) and np.isclose(dpv, 8 * 1.5 ** 7), (pv, dpv)
    assert np.allclose(sess.run(squares), [0, 1, 4, 9, 16])
    o = sess.run(out2, {inp: [0.0, 1.0]})
    assert np.allclose(o, 2 * np.sinh([0.0, 1.0]))
    assert out.get_shape().as_list() == [None]
    try:
        sess.run(bad_out, {inp: [1.0]})
        raise AssertionError("py_func exception did not propagate")
    except tf.errors.InvalidArgumentError as e:
        print("py_func error:", type(e).__name__)
    assert np.allclose(sess.run(sq), [1, 4, 9]) and np.allclose(sess.run(cums), [1, 3, 6])
print("ok")
