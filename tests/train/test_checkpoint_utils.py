"""tf.train.NewCheckpointReader / load_checkpoint / list_variables / load_variable read what a
Saver wrote, by variable name, without building a graph."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture
def saved(tmp_path):
    theta = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="theta")
    with tf.variable_scope("layer"):
        tf.Variable(np.float64(2.5), name="bias")
    step = tf.train.get_or_create_global_step()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(step, 7))
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    del theta
    tf.reset_default_graph()
    return tmp_path, prefix


def test_reader_gives_values_shapes_and_dtypes_by_name(saved):
    _, prefix = saved
    reader = tf.train.NewCheckpointReader(prefix)
    np.testing.assert_array_equal(reader.get_tensor("theta"), [[0, 1, 2], [3, 4, 5]])
    assert reader.get_tensor("layer/bias") == 2.5 and reader.get_tensor("global_step") == 7
    assert reader.has_tensor("theta") and not reader.has_tensor("theta:0")
    assert reader.get_variable_to_shape_map() == {"theta": [2, 3], "layer/bias": [], "global_step": []}
    assert reader.get_variable_to_dtype_map() == {"theta": tf.float32, "layer/bias": tf.float64,
                                                  "global_step": tf.int64}
    with pytest.raises(tf.errors.NotFoundError, match="Key missing not found in checkpoint"):
        reader.get_tensor("missing")


def test_directory_means_its_latest_checkpoint(saved):
    model_dir, _ = saved
    assert tf.train.list_variables(str(model_dir)) == [("global_step", []), ("layer/bias", []), ("theta", [2, 3])]
    np.testing.assert_array_equal(tf.train.load_variable(str(model_dir), "theta:0")[1], [3, 4, 5])
    assert tf.train.load_checkpoint(str(model_dir)).get_tensor("global_step") == 7


def test_missing_checkpoints_raise_as_tf1(tmp_path):
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.load_checkpoint(str(tmp_path))
    with pytest.raises(tf.errors.NotFoundError):
        tf.train.NewCheckpointReader(str(tmp_path / "nothing.ckpt"))
