"""Saver.save / Saver.restore: values come back exactly, in a fresh graph and session."""
import os

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.train.checkpoint_format import CHECKPOINT_KIND, write_tensor_file
from jupyter_flow.train.tensor_bundle import read_bundle


def _model():
    """The chapter's linear-regression variables plus one of every checkpointable dtype."""
    theta = tf.Variable(tf.random_uniform([9, 1], -1.0, 1.0, seed=42), name="theta")
    with tf.name_scope("extra"):
        tf.Variable(np.arange(6, dtype=np.float64).reshape(2, 3) / 7, name="f64")
        tf.Variable(np.array([[-3, 2**31 - 1]], dtype=np.int32), name="i32")
        tf.Variable(np.array([2**40, -(2**40)], dtype=np.int64), name="i64")
        tf.Variable(np.array([True, False, True]), name="flags")
        tf.Variable(2.5, name="scalar")
        tf.Variable(np.zeros((0, 4), np.float32), name="empty")
    step = tf.Variable(0, name="global_step", trainable=False)
    return theta, step


def _values(sess):
    return {v.op.name: sess.run(v) for v in tf.global_variables()}


def test_round_trip_restores_every_dtype_in_fresh_graph_and_session(tmp_path):
    _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saved = _values(sess)
        path = saver.save(sess, str(tmp_path / "my_model.ckpt"))
    assert path == str(tmp_path / "my_model.ckpt")

    tf.reset_default_graph()
    _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, path)  # no initializer
        restored = _values(sess)
    assert saved.keys() == restored.keys()
    for name in saved:
        assert restored[name].dtype == saved[name].dtype, name
        assert restored[name].shape == saved[name].shape, name
        np.testing.assert_array_equal(restored[name], saved[name], err_msg=name)


def test_save_with_global_step_appends_step_and_accepts_variable(tmp_path):
    theta, step = _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, str(tmp_path / "m.ckpt"), global_step=7) == str(tmp_path / "m.ckpt-7")
        sess.run(step.assign(1234))
        assert saver.save(sess, str(tmp_path / "m.ckpt"), global_step=step) == str(tmp_path / "m.ckpt-1234")
    assert (tmp_path / "m.ckpt-1234.index").is_file()
    assert (tmp_path / "m.ckpt-1234.data-00000-of-00001").is_file()
    assert (tmp_path / "m.ckpt-1234.meta").is_file()


def test_dict_var_list_saves_under_given_names_and_restores_into_other_variable(tmp_path):
    theta = tf.Variable([[1.0], [2.0]], name="theta")
    saver = tf.train.Saver({"weights": theta})
    with tf.Session() as sess:
        sess.run(theta.initializer)
        path = saver.save(sess, str(tmp_path / "named.ckpt"))
    assert sorted(read_bundle(path)) == ["weights"]

    tf.reset_default_graph()
    w = tf.Variable(tf.zeros([2, 1]), name="totally_different_name")
    with tf.Session() as sess:
        tf.train.Saver({"weights": w}).restore(sess, path)
        np.testing.assert_array_equal(w.eval(), [[1.0], [2.0]])


def test_list_var_list_saves_only_those_variables_and_restore_leaves_others_alone(tmp_path):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    saver = tf.train.Saver([a])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "a_only"))
        sess.run([a.assign(10.0), b.assign(20.0)])
        saver.restore(sess, path)
        assert sess.run([a, b]) == [1.0, 20.0]


def test_an_older_safetensors_checkpoint_restores_by_prefix_or_by_its_file_name(tmp_path):
    a = tf.Variable(3, name="a")
    saver = tf.train.Saver()
    path = str(tmp_path / "m")
    write_tensor_file(path + ".safetensors", {"a": np.int32(3)}, {}, CHECKPOINT_KIND)  # what older versions wrote
    with tf.Session() as sess:
        saver.restore(sess, path)
        assert a.eval() == 3
        sess.run(a.assign(0))
        saver.restore(sess, path + ".safetensors")
        assert a.eval() == 3
        assert tf.train.NewCheckpointReader(path).get_tensor("a") == 3
        assert saver.save(sess, path) == path  # resaving replaces it with TensorFlow's layout
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m.data-00000-of-00001", "m.index", "m.meta"]


def test_optimizer_style_slot_and_global_step_variables_are_saved_by_default(tmp_path):
    # Optimizer slots and the global step are ordinary global variables (trainable=False).
    tf.Variable([1.0, 2.0], name="w")
    tf.Variable([0.5, 0.25], name="w/Momentum", trainable=False)
    step = tf.Variable(41, name="global_step", trainable=False)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"), global_step=step)
    arrays = read_bundle(path)
    assert sorted(arrays) == ["global_step", "w", "w/Momentum"]
    assert arrays["global_step"] == 41
    np.testing.assert_array_equal(arrays["w/Momentum"], [0.5, 0.25])


def test_restore_is_all_or_nothing_when_one_key_is_missing(tmp_path):
    a = tf.Variable(1.0, name="a")
    with tf.Session() as sess:
        sess.run(a.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    tf.reset_default_graph()
    tf.Variable(0.0, name="a")
    tf.Variable(0.0, name="z")  # not in the checkpoint
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError):
            tf.train.Saver().restore(sess, path)
        assert sess._initialized_variable_names() == set()  # 'a' was not half-restored


def test_saving_an_uninitialized_variable_is_a_failed_precondition(tmp_path):
    tf.Variable(1.0, name="never_initialized")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value never_initialized"):
            saver.save(sess, str(tmp_path / "m"))
    assert list(tmp_path.iterdir()) == []


def test_saver_without_variables_is_an_error_unless_allowed(tmp_path):
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    saver = tf.train.Saver(allow_empty=True)
    with tf.Session() as sess:
        path = saver.save(sess, str(tmp_path / "empty"))
        saver.restore(sess, path)


def test_two_variables_with_one_name_are_rejected():
    a = tf.Variable(1.0, name="a")
    g2 = tf.Graph()
    with g2.as_default():
        a2 = tf.Variable(1.0, name="a")
    with pytest.raises(ValueError, match="At least two variables have the same name: a"):
        tf.train.Saver([a, a2])


def test_save_into_missing_directory_names_it(tmp_path):
    tf.Variable(1.0, name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="Parent directory of .*nope/m doesn't exist"):
            saver.save(sess, str(tmp_path / "nope" / "m"))


def test_save_requires_a_session(tmp_path):
    tf.Variable(1.0, name="a")
    with pytest.raises(TypeError, match="'sess' must be a Session"):
        tf.train.Saver().save("not a session", str(tmp_path / "m"))


def test_string_variables_save_as_tensorflow_string_tensors_and_restore(tmp_path):
    words = tf.Variable(["a", "bc"], name="words")
    label = tf.Variable("hello", name="label")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"), global_step=1)
        sess.run([words.assign(["x", "y"]), label.assign("z")])
        saver.restore(sess, path)
        assert list(sess.run(words)) == [b"a", b"bc"] and sess.run(label) == b"hello"
    reader = tf.train.NewCheckpointReader(path)
    assert reader.get_variable_to_dtype_map() == {"label": tf.string, "words": tf.string}
    assert reader.get_tensor("label") == b"hello"  # TF1's reader: b'hello'


def test_restore_after_training_continues_from_saved_values(tmp_path):
    """The chapter's flow: train, checkpoint, 'crash', restore, and the values are the trained ones."""
    x = tf.constant([[1.0], [2.0], [3.0]])
    y = tf.constant([[2.0], [4.0], [6.0]])
    w = tf.Variable([[0.0]], name="w")
    mse = tf.reduce_mean(tf.square(tf.matmul(x, w) - y), name="mse")
    grad, = tf.gradients(mse, [w])
    training_op = tf.assign(w, w - 0.05 * grad)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(20):
            sess.run(training_op)
        trained = w.eval()
        path = saver.save(sess, str(tmp_path / "my_model_final.ckpt"))
    with tf.Session() as sess:
        saver.restore(sess, path)
        np.testing.assert_array_equal(w.eval(), trained)
        assert mse.eval() < 1e-3


def test_graph_that_cannot_be_exported_still_saves_values_with_a_warning(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        v.op._attrs["odd"] = object()  # as an op with an attribute no file can hold
        with pytest.warns(UserWarning, match="Saved the variables to .*/m but not the graph: Cannot export "
                                             "attribute 'odd' of op 'v'"):
            path = saver.save(sess, str(tmp_path / "m"))
        assert tf.train.latest_checkpoint(str(tmp_path)) == path
        assert not (tmp_path / "m.meta").exists()
        sess.run(v.assign(5.0))
        saver.restore(sess, path)
        assert v.eval() == 1.0


def test_restored_values_are_independent_of_later_updates(tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    bump = tf.assign_add(v, [10.0, 10.0])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m"))
        saver.restore(sess, path)
        sess.run(bump)
        saver.restore(sess, path)
        np.testing.assert_array_equal(v.eval(), [1.0, 2.0])
