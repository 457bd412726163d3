"""tf.train.init_from_checkpoint: assignment_map by variable, by get_variable name, scope to scope
and root ('/'), as TF1: the variables' initializers load the checkpoint's values; the others keep
their own initializers."""
import numpy as np
import pytest

import jupyter_flow as tf


def _write_checkpoint(path):
    """A checkpoint holding old/w [2, 2], old/b [2], other/v [3] (then a fresh default graph)."""
    with tf.variable_scope("old"):
        tf.get_variable("w", initializer=np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
        tf.get_variable("b", initializer=np.array([5.0, 6.0], np.float32))
    with tf.variable_scope("other"):
        tf.get_variable("v", initializer=np.array([7.0, 8.0, 9.0], np.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, str(path / "model.ckpt"))
    tf.reset_default_graph()
    return prefix


def _values(names):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        graph = tf.get_default_graph()
        return {n: sess.run(graph.get_tensor_by_name(n + ":0")).tolist() for n in names}


def test_scope_to_scope_loads_every_variable_of_the_scope(tmp_path):
    _write_checkpoint(tmp_path)
    with tf.variable_scope("new"):
        tf.get_variable("w", [2, 2], initializer=tf.zeros_initializer())
        tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    tf.get_variable("untouched", [2], initializer=tf.ones_initializer())
    tf.train.init_from_checkpoint(str(tmp_path), {"old/": "new/"})
    assert _values(["new/w", "new/b", "untouched"]) == {"new/w": [[1.0, 2.0], [3.0, 4.0]], "new/b": [5.0, 6.0],
                                                         "untouched": [1.0, 1.0]}


def test_name_or_variable_to_tensor(tmp_path):
    prefix = _write_checkpoint(tmp_path)
    v = tf.Variable(tf.zeros([3]), name="renamed")
    tf.get_variable("bias", [2], initializer=tf.zeros_initializer())
    tf.train.init_from_checkpoint(prefix, {"other/v": v, "old/b": "bias"})
    assert _values(["renamed", "bias"]) == {"renamed": [7.0, 8.0, 9.0], "bias": [5.0, 6.0]}


def test_root_maps_every_variable_by_its_own_name(tmp_path):
    _write_checkpoint(tmp_path)
    with tf.variable_scope("old"):
        tf.get_variable("w", [2, 2])
    with tf.variable_scope("other"):
        tf.get_variable("v", [3])
    tf.train.init_from_checkpoint(str(tmp_path), {"/": "/"})
    assert _values(["old/w", "other/v"]) == {"old/w": [[1.0, 2.0], [3.0, 4.0]], "other/v": [7.0, 8.0, 9.0]}


def test_a_scope_can_map_to_the_checkpoint_root(tmp_path):
    _write_checkpoint(tmp_path)
    with tf.variable_scope("tower"):
        with tf.variable_scope("other"):
            tf.get_variable("v", [3])
    tf.train.init_from_checkpoint(str(tmp_path), {"/": "tower/"})
    assert _values(["tower/other/v"]) == {"tower/other/v": [7.0, 8.0, 9.0]}


def test_bad_maps_raise_value_errors_as_tf1(tmp_path):
    _write_checkpoint(tmp_path)
    with tf.variable_scope("new"):
        tf.get_variable("w", [3, 3])
        tf.get_variable("c", [2])
    with pytest.raises(ValueError, match="Tensor old/nothing is not found in"):
        tf.train.init_from_checkpoint(str(tmp_path), {"old/nothing": "new/c"})
    with pytest.raises(ValueError, match="Shape of variable new/w:0 .* doesn't match with shape of tensor old/w"):
        tf.train.init_from_checkpoint(str(tmp_path), {"old/w": "new/w"})
    with pytest.raises(ValueError, match="should map to scope only"):
        tf.train.init_from_checkpoint(str(tmp_path), {"old/w": "new/"})
    with pytest.raises(ValueError, match=r"Tensor old/c \(c in old/\) is not found"):
        tf.train.init_from_checkpoint(str(tmp_path), {"old/": "new/"})
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.init_from_checkpoint(str(tmp_path / "empty"), {"/": "/"})
    with pytest.raises(tf.errors.NotFoundError):
        tf.train.init_from_checkpoint(str(tmp_path / "no_such_prefix"), {"/": "/"})
