"""The global step: one int64 scalar variable 'global_step' per graph, as TF1."""
import pytest

import jupyter_flow as tf


def test_get_or_create_global_step_makes_one_int64_counter_per_graph():
    assert tf.train.get_global_step() is None
    step = tf.train.get_or_create_global_step()
    assert step.name == "global_step:0" and step.dtype == tf.int64 and step.shape == ()
    assert not step.trainable
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert step in tf.global_variables() and step not in tf.trainable_variables()
    assert tf.train.get_or_create_global_step() is step
    assert tf.train.get_global_step() is step
    with tf.Graph().as_default():
        assert tf.train.get_global_step() is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert tf.train.global_step(sess, step) == 0


def test_create_global_step_twice_is_an_error():
    tf.train.create_global_step()
    with pytest.raises(ValueError, match='"global_step" already exists'):
        tf.train.create_global_step()


def test_global_step_is_created_at_the_root_whatever_the_name_scope():
    with tf.name_scope("training"):
        step = tf.train.get_or_create_global_step()
    assert step.op.name == "global_step"


def test_a_variable_named_global_step_is_found_and_checked():
    tf.Variable(0, name="global_step", trainable=False)
    assert tf.train.get_global_step().op.name == "global_step"
    tf.reset_default_graph()
    tf.Variable(0.0, name="global_step")
    with pytest.raises(TypeError, match='"global_step" does not have integer type: float32'):
        tf.train.get_global_step()
