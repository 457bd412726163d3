"""tf.test.TestCase: fresh graph per test, sessions on it, TF1's assert helpers (run inside pytest)."""
import unittest

import numpy as np

import jupyter_flow as tf


class _Example(tf.test.TestCase):
    def test_fresh_graph_and_eval_in_test_session(self):
        assert tf.get_default_graph().get_operations() == []
        y = tf.square(tf.constant([2.0, 3.0]), name="y")
        with self.test_session() as sess:
            self.assertAllClose(y.eval(), [4.0, 9.0])
            self.assertAllClose(sess.run(y), np.array([4.0, 9.0]))
        self.assertAllEqual(self.evaluate(tf.constant([[1, 2]])), [[1, 2]])

    def test_graph_built_by_an_earlier_test_is_gone(self):
        assert [o.name for o in tf.get_default_graph().get_operations()] == []
        v = tf.Variable(1.0)
        with self.cached_session() as first:
            first.run(v.initializer)
        with self.cached_session() as second:
            assert second is first and second.run(v) == 1.0

    def test_assert_helpers_fail_as_tf1(self):
        with self.assertRaisesRegex(AssertionError, "Shape mismatch"):
            self.assertAllClose([1.0, 2.0], [[1.0, 2.0]])
        with self.assertRaises(AssertionError):
            self.assertAllClose([1.0], [1.0 + 1e-5])
        self.assertAllClose({"a": [1.0], "b": (2.0, [3.0])}, {"a": [1.0], "b": (2.0, [3.0 + 1e-7])})
        with self.assertRaisesRegex(AssertionError, r"1.000000 != 1.500000 \+/- 0.100000$"):
            self.assertNear(1.0, 1.5, 0.1)
        self.assertArrayNear([1.0, 2.0], [1.05, 2.0], 0.1)
        self.assertShapeEqual(np.zeros([2, 3]), tf.zeros([2, 3]))
        self.assertAllInRange([0.0, 0.5, 1.0], 0.0, 1.0)
        with self.assertRaises(AssertionError):
            self.assertAllEqual([1, 2], [1, 3])

    def test_assert_raises_op_error(self):
        x = tf.placeholder(tf.float32)
        with self.test_session() as sess, self.assertRaisesOpError("must feed a value|placeholder"):
            sess.run(x)


def test_test_case_runs_under_unittest():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(_Example)
    result = unittest.TextTestRunner(verbosity=0, stream=open("/dev/null", "w")).run(suite)
    assert result.testsRun == 5 and len(result.skipped) == 1  # test_session is skipped ("Not a test.")
    assert (result.failures, result.errors) == ([], [])


def test_no_gpu():
    assert tf.test.is_gpu_available() is False and tf.test.gpu_device_name() == ""
