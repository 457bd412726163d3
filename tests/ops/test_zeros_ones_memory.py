"""tf.zeros / tf.ones of a large shape are a Fill (as TF1): the graph holds no array, running
them never keeps a second copy (Fill is not constant-folded), and a variable initialized from one
keeps the fill's buffer instead of copying it. Measured in forked
children, by peak resident memory, never by time."""
import tracemalloc

import numpy as np

import jupyter_flow as tf
from forked_child import run_forked

N = 4096  # a 4096 x 4096 float32 array is 64 MiB
SIZE = N * N * 4


def _reset_peak_rss():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak resident size starts again from the current one


def _rss_fields():
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) * 1024
    return fields


def test_large_zeros_and_ones_are_fills_and_small_ones_stay_constants():
    big = tf.zeros([10, 100], name="big")
    assert big.op.type == "Fill"
    assert sorted(t.op.name for t in big.op.inputs) == ["big/Const", "big/shape_as_tensor"]
    assert tf.ones([1000], tf.int32).op.type == "Fill"
    assert tf.zeros([10, 99]).op.type == "Const"
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(big), np.zeros((10, 100), np.float32))
        np.testing.assert_array_equal(sess.run(tf.ones([3, 400], tf.float64) * 2), np.full((3, 400), 2.0))


def test_building_a_huge_zeros_allocates_nothing():
    def build():
        tracemalloc.start()
        tf.zeros([20000, 20000])
        tf.ones([20000, 20000], tf.float64)
        _, peak = tracemalloc.get_traced_memory()
        return peak
    outcome = run_forked(build)
    assert outcome.kind == "returned", outcome
    assert outcome.value < 1 << 20  # was 1.6 GB + 3.2 GB of NumPy arrays


def test_initializing_a_variable_from_zeros_never_holds_a_folded_copy():
    def init():
        start = _rss_fields()["VmRSS"]
        _reset_peak_rss()
        v = tf.Variable(tf.zeros([N, N]), name="v")
        doubled = v * 2.0
        sess = tf.Session()
        sess.run(v.initializer)
        first = _rss_fields()["VmHWM"]
        for _ in range(2):  # later runs must not add a cached (folded) copy of the fill
            sess.run(v.initializer)
        later = _rss_fields()["VmHWM"]
        total = float(sess.run(tf.reduce_sum(doubled)))
        return first - start, later - start, total
    outcome = run_forked(init, timeout=120)
    assert outcome.kind == "returned", outcome
    first, later, total = outcome.value
    assert total == 0.0
    # One array: the variable keeps the fill's buffer (it dies with the Assign). The Const path held
    # it in the graph, in the engine's constant and in the variable (3x); a folded fill adds one more.
    assert first < 1.5 * SIZE, (first / SIZE)
    # Re-initializing: the new fill and the variable's current value (2x), never a third copy.
    assert later < 2.5 * SIZE, (later / SIZE)
