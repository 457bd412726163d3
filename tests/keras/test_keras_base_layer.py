"""tf.keras Layer/Input in TF1 graph mode: names, variables, history and weights as TF 1.x (tf.compat.v1
with v2 behaviour disabled, legacy keras) gives them."""
import numpy as np
import pytest

import jupyter_flow as tf


def _relu_dense():
    return tf.keras.layers.Dense(2, activation="relu",
                                 kernel_initializer=tf.constant_initializer([[1., -1.], [2., 0.5], [-3., 1.]]),
                                 bias_initializer="ones", kernel_regularizer=tf.keras.regularizers.l2(0.1))


def test_layer_and_variable_names_follow_keras_uids_and_name_scopes():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    d = _relu_dense()
    h, h2 = d(x), d(x)
    d2 = tf.keras.layers.Dense(4)
    y = d2(h)
    assert (d.name, d2.name) == ("dense", "dense_1")
    # TF 1.x: d2's scope dense_1 is taken by d's second call, so its variables are dense_1_1/...
    assert [v.name for v in tf.global_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1_1/kernel:0",
                                                       "dense_1_1/bias:0"]
    assert (h.name, h2.name, y.name) == ("dense/Relu:0", "dense_1/Relu:0", "dense_1_1/BiasAdd:0")
    assert [v.name for v in d.weights] == ["dense/kernel:0", "dense/bias:0"]
    assert [v.name for v in tf.trainable_variables()] == [v.name for v in tf.global_variables()]
    with tf.name_scope("blk"):
        z = tf.keras.layers.Dense(1, name="out")(x)
    assert [v.name for v in tf.global_variables()][-2:] == ["blk/out/kernel:0", "blk/out/bias:0"]
    assert z.name == "blk/out/BiasAdd:0"


def test_layer_names_restart_per_graph_and_are_snake_case():
    assert tf.keras.layers.Dense(1).name == "dense"
    assert tf.keras.layers.Dense(1).name == "dense_1"
    tf.reset_default_graph()
    assert tf.keras.layers.Dense(1).name == "dense"

    class MyFancyLayer(tf.keras.layers.Layer):
        pass
    assert MyFancyLayer().name == "my_fancy_layer"


def test_values_losses_and_weights_through_the_keras_session():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    d = _relu_dense()
    h = d(x)
    assert [t.name for t in d.losses] == ["dense/kernel/Regularizer/mul:0"]
    # Measured in TF 1.x keras: a Keras layer's weight penalties stay in layer.losses, not in the collection.
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
    with tf.Session() as s:
        tf.keras.backend.set_session(s)
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(h, {x: [[1., 2., 3.]]}), [[0., 4.]])
        np.testing.assert_allclose(s.run(d.losses), [1.625], rtol=1e-6)
        kernel, bias = d.get_weights()
        np.testing.assert_array_equal(kernel, [[1., -1.], [2., 0.5], [-3., 1.]])
        np.testing.assert_array_equal(bias, [1., 1.])
        d.set_weights([np.ones((3, 2)), np.zeros(2)])
        np.testing.assert_allclose(s.run(h, {x: [[1., 2., 3.]]}), [[6., 6.]])
        with pytest.raises(ValueError, match="expecting 2 weights"):
            d.set_weights([np.ones((3, 2))])
        with pytest.raises(ValueError, match="not compatible"):
            d.set_weights([np.ones((2, 2)), np.zeros(2)])
    assert d.count_params() == 8


def test_calls_are_recorded_as_nodes_with_keras_history():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    d = tf.keras.layers.Dense(2)
    h = d(x)
    h2 = d(x)
    assert len(d._inbound_nodes) == 2
    inputs, outputs, kwargs = d._inbound_nodes[1]
    assert inputs is x and outputs is h2 and kwargs == {}
    assert tuple(h._keras_history) == (d, 0, 0) and tuple(h2._keras_history) == (d, 1, 0)
    drop = tf.keras.layers.Dropout(0.5)
    out = drop(h, training=True)
    assert drop._inbound_nodes[0].call_kwargs == {"training": True} and out._keras_history.layer is drop


def test_input_is_a_named_placeholder_with_history():
    a = tf.keras.Input(shape=(5,))
    b = tf.keras.layers.Input(shape=(5,), name="foo")
    c = tf.keras.Input(shape=(2, 3), batch_size=4, dtype="int32")
    assert (a.name, b.name, c.name) == ("input_1:0", "foo:0", "input_2:0")
    assert a.shape.as_list() == [None, 5] and c.shape.as_list() == [4, 2, 3] and c.dtype == tf.int32
    layer, node_index, tensor_index = a._keras_history
    assert isinstance(layer, tf.keras.layers.InputLayer) and (node_index, tensor_index) == (0, 0)
    assert layer.name == "input_1" and layer._inbound_nodes[0].output_tensors == [a]
    h = tf.keras.layers.Dense(3)(a)
    assert h.shape.as_list() == [None, 3]
    with pytest.raises(ValueError, match="shape"):
        tf.keras.Input()


def test_input_spec_rejects_a_wrong_last_dimension_after_build():
    d = tf.keras.layers.Dense(2)
    d(tf.placeholder(tf.float32, [None, 3]))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        d(tf.placeholder(tf.float32, [None, 4]))
    with pytest.raises(ValueError, match="min_ndim=2"):
        tf.keras.layers.Dense(2)(tf.placeholder(tf.float32, [3]))


def test_trainable_false_moves_weights_to_non_trainable():
    d = tf.keras.layers.Dense(2, trainable=False)
    d(tf.placeholder(tf.float32, [None, 3]))
    assert d.trainable_weights == [] and [v.name for v in d.non_trainable_weights] == ["dense/kernel:0",
                                                                                         "dense/bias:0"]
    assert tf.trainable_variables() == []


def test_get_config_round_trips():
    d = tf.keras.layers.Dense(3, activation="relu", kernel_initializer=tf.constant_initializer(0.5))
    config = d.get_config()
    assert config["name"] == "dense" and config["units"] == 3 and config["activation"] == "relu"
    assert config["kernel_initializer"] == {"class_name": "Constant", "config": {"value": 0.5, "dtype": "float32"}}
    assert config["bias_initializer"]["class_name"] == "Zeros"
    clone = tf.keras.layers.Dense.from_config(dict(config, name="copy"))
    assert clone.units == 3 and clone.name == "copy"
    assert d.compute_output_shape((None, 4)).as_list() == [None, 3]
