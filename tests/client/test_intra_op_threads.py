"""The engine owns BLAS threading: OpenBLAS single-threaded, large GEMMs split by the engine."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow import _engine


@pytest.fixture
def restore_intra_op_threads():
    before = _engine.intra_op_threads()
    yield
    _engine.set_intra_op_threads(before)


def test_openblas_runs_single_threaded_once_the_engine_is_loaded():
    assert _engine.blas_library_threads() == 1


def test_config_proto_intra_op_threads_sets_the_engine_setting(restore_intra_op_threads):
    tf.Session(graph=tf.Graph(), config=tf.ConfigProto(intra_op_parallelism_threads=3)).close()
    assert _engine.intra_op_threads() == 3
    tf.Session(graph=tf.Graph(), config=tf.ConfigProto(intra_op_parallelism_threads=1)).close()
    assert _engine.intra_op_threads() == 1
    assert _engine.blas_library_threads() == 1


def test_config_proto_rejects_unknown_fields_and_bad_thread_counts():
    with pytest.raises(ValueError, match='no "intra_op_threads" field'):
        tf.ConfigProto(intra_op_threads=2)
    with pytest.raises(ValueError, match="intra_op_parallelism_threads must be an int >= 0"):
        tf.Session(graph=tf.Graph(), config=tf.ConfigProto(intra_op_parallelism_threads=-1))


def test_config_proto_accepts_the_fields_tf1_programs_pass():
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False,
                            gpu_options=tf.GPUOptions(allow_growth=True))
    config.gpu_options.per_process_gpu_memory_fraction = 0.5
    with tf.Session(graph=tf.Graph(), config=config) as sess:
        assert sess.run(tf.constant(2.0)) == 2.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("transpose_a,transpose_b", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("m,k,n", [(600, 520, 560), (50, 784, 300)], ids=["row_split", "column_split"])
def test_split_large_matmul_equals_the_single_threaded_one(restore_intra_op_threads, dtype, transpose_a,
                                                            transpose_b, m, k, n):
    # Both are past the split threshold with uneven chunks: 600 rows split by rows; 50 rows (an MLP's
    # batch) by columns of the product.
    rng = np.random.default_rng(7)
    a = rng.standard_normal((k, m) if transpose_a else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if transpose_b else (k, n)).astype(dtype)
    with tf.Graph().as_default():
        product = tf.matmul(tf.Variable(a), tf.Variable(b), transpose_a=transpose_a, transpose_b=transpose_b)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            results = {}
            for threads in (1, 2, 3):
                _engine.set_intra_op_threads(threads)
                results[threads] = sess.run(product)
    np.testing.assert_array_equal(results[2], results[1])
    np.testing.assert_array_equal(results[3], results[1])
    expected = (a.T if transpose_a else a) @ (b.T if transpose_b else b)
    np.testing.assert_allclose(results[1], expected, rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-3)


def _thread_cpu_ticks():
    import os
    ticks = {}
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks[tid] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def test_split_matmuls_reuse_the_engine_pool_whose_idle_workers_sleep(restore_intra_op_threads):
    import threading
    import time
    _engine.set_intra_op_threads(2)
    with tf.Graph().as_default():
        big = tf.Variable(np.ones((640, 640), np.float32))
        product = tf.matmul(big, big)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(product)  # starts the pool's workers if nothing did yet
            before_ticks = _thread_cpu_ticks()
            before = set(before_ticks)
            values = [sess.run(product) for _ in range(5)]
            after = _thread_cpu_ticks()
            time.sleep(0.3)
            idle = _thread_cpu_ticks()
    assert all(v[0, 0] == 640.0 for v in values)
    assert set(after) == before  # no thread started or left behind per split
    # Between runs no engine thread spins: a spinning worker would take ~30 ticks (10 ms each) of the
    # 0.3 s idle window. Only threads that worked during the splits count; a few ticks are allowed for
    # other threads of the test process (seen in the full suite: one took 5 ticks while this one slept).
    caller = str(threading.get_native_id())
    workers = [t for t in after if t in idle and after[t] > before_ticks.get(t, 0) and t != caller]
    assert max((idle[t] - after[t] for t in workers), default=0) <= 10
