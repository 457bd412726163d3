"""tf.keras.backend in TF1 graph mode: the learning phase, uids, session and shape helpers."""
import pytest

import jupyter_flow as tf

K = tf.keras.backend


def test_learning_phase_is_one_bool_placeholder_per_graph():
    phase = K.learning_phase()
    assert phase.name == "keras_learning_phase:0" and phase.dtype == tf.bool and phase.shape.as_list() == []
    assert K.learning_phase() is phase
    with tf.Session() as s:
        assert s.run(phase) is False or s.run(phase) == False  # noqa: E712 - a NumPy bool
        assert s.run(phase, {phase: True})
    tf.reset_default_graph()
    assert K.learning_phase() is not phase
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    with pytest.raises(ValueError):
        K.set_learning_phase(2)


def test_uids_count_per_prefix_and_graph():
    assert [K.get_uid("input"), K.get_uid("input"), K.get_uid("other")] == [1, 2, 1]
    tf.reset_default_graph()
    assert K.get_uid("input") == 1


def test_get_session_prefers_the_default_session():
    with tf.Session() as s:
        assert K.get_session() is s
    own = K.get_session()
    assert K.get_session() is own
    other = tf.Session()
    K.set_session(other)
    assert K.get_session() is other
    other.close()


def test_shape_and_dtype_helpers():
    x = tf.placeholder(tf.float32, [None, 3])
    assert K.int_shape(x) == (None, 3) and K.dtype(x) == "float32"
    assert K.floatx() == "float32" and K.epsilon() == 1e-7
