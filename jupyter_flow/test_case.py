"""tf.test: TF1's TestCase (a fresh default graph per test, sessions on it, NumPy-style asserts)
and tf.test.main.

>>> class SquareTest(tf.test.TestCase):
...     def test_square(self):
...         with self.test_session():
...             self.assertAllEqual(tf.square([2, 3]).eval(), [4, 9])
"""
import contextlib
import math
import tempfile
import unittest

import numpy as np

from .client.session import Session, get_default_session
from .framework import errors
from .framework.graph import Tensor, get_default_graph, reset_default_graph


def _as_array(value):
    if isinstance(value, Tensor):
        raise TypeError(f"expected a value, got the tensor '{value.name}'; pass self.evaluate(tensor)")
    return np.asarray(value)


class TestCase(unittest.TestCase):
    """unittest.TestCase with TF1's helpers; each test starts with an empty default graph.

    >>> with self.cached_session() as sess: self.assertAllClose(sess.run(y), [0.5, 1.5])
    """

    def setUp(self):
        super().setUp()
        reset_default_graph()
        self._cached_session = None

    def tearDown(self):
        if getattr(self, "_cached_session", None) is not None:
            self._cached_session.close()
            self._cached_session = None
        super().tearDown()

    def get_temp_dir(self):
        """A temporary directory for this test case (made once per instance)."""
        if getattr(self, "_temp_dir", None) is None:
            self._temp_dir = tempfile.mkdtemp()
        return self._temp_dir

    # ----- sessions -------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session on graph (the default graph if None), made the default session."""
        sess = Session(graph=graph if graph is not None else get_default_graph(), config=config)
        with sess.as_default(), sess.graph.as_default():
            try:
                yield sess
            finally:
                sess.close()

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """One session per test (closed in tearDown), made the default session each time."""
        graph = graph if graph is not None else get_default_graph()
        cached = self._cached_session
        if cached is None or cached.graph is not graph:
            if cached is not None:
                cached.close()
            cached = self._cached_session = Session(graph=graph, config=config)
        with cached.as_default(), graph.as_default():
            yield cached

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """TF1's name for cached_session."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")  # unittest collects it by its name, as in TF1
        return self.cached_session(graph, config, use_gpu, force_gpu)

    def evaluate(self, tensors):
        """The values of tensors (any nest of them) in the default session, or a cached one."""
        sess = get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.cached_session() as sess:
            return sess.run(tensors)

    # ----- asserts ------------------------------------------------------------------------
    def _assert_nested(self, a, b, check, path):
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertIsInstance(a, dict, f"{path}: a is not a dict but b is")
            self.assertIsInstance(b, dict, f"{path}: b is not a dict but a is")
            self.assertEqual(set(a), set(b), f"{path}: mismatched keys")
            for key in a:
                self._assert_nested(a[key], b[key], check, f"{path}[{key!r}]")
            return
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and (
                any(isinstance(v, (dict, list, tuple)) for v in a) and len(a) == len(b)):
            for i, (x, y) in enumerate(zip(a, b)):
                self._assert_nested(x, y, check, f"{path}[{i}]")
            return
        check(_as_array(a), _as_array(b), path)

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802 - TF's name
        """a and b (arrays, or dicts/lists of them) have the same shapes and close values:
        |a - b| <= atol + rtol * |b|."""
        def check(x, y, path):
            self.assertEqual(x.shape, y.shape, f"Shape mismatch{' at ' + path if path else ''}: expected "
                                               f"{x.shape}, got {y.shape}. {msg or ''}")
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg=msg or "", equal_nan=True)
        self._assert_nested(a, b, check, "")

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,  # noqa: N802
                                      half_rtol=1e-3, half_atol=1e-3, msg=None):
        """assertAllClose with looser tolerances for float32 / float16 values."""
        a, b = _as_array(a), _as_array(b)
        if a.dtype == np.float32 or b.dtype == np.float32:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if a.dtype == np.float16 or b.dtype == np.float16:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        """a and b have the same shape and equal elements."""
        x, y = _as_array(a), _as_array(b)
        self.assertEqual(x.shape, y.shape, f"Shape mismatch: expected {x.shape}, got {y.shape}. {msg or ''}")
        np.testing.assert_array_equal(x, y, err_msg=msg or "")

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        """|f1 - f2| <= err."""
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        f"{f1:f} != {f2:f} +/- {err:f}{' (' + msg + ')' if msg is not None else ''}")

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        """Element-wise assertNear over two equally long lists."""
        self.assertEqual(len(farray1), len(farray2), msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):  # noqa: N802
        """The static shape of tf_tensor is that of np_array."""
        self.assertEqual(list(np.shape(np_array)), tf_tensor.shape.as_list(), msg)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa: N802
                         open_upper_bound=False):
        x = _as_array(target)
        low = x > lower_bound if open_lower_bound else x >= lower_bound
        high = x < upper_bound if open_upper_bound else x <= upper_bound
        self.assertTrue(np.all(low & high), f"{x} is not in range [{lower_bound}, {upper_bound}]")

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertGreater(np.min(_as_array(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertLess(np.max(_as_array(a)), comparison_target)

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        """A context in which a tf.errors.OpError matching the regex must be raised."""
        return self.assertRaisesRegex(errors.OpError, expected_err_re_or_predicate)

    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):  # noqa: N802
        return self.assertRaisesRegex(exception_type, expected_err_re_or_predicate)


def main(argv=None):
    """Run the TestCases of __main__ (tf.test.main()).

    >>> if __name__ == "__main__": tf.test.main()
    """
    return unittest.main(argv=argv)


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """False: jupyter_flow runs on the CPU."""
    return False


def gpu_device_name():
    """'' (no GPU device)."""
    return ""


def is_built_with_cuda():
    return False
