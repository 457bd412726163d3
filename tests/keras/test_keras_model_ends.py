"""A built Model names its graph ends as tf.keras does: input/output tensors and their shapes."""
import pytest

import jupyter_flow as tf


def test_sequential_exposes_its_input_and_output_tensors_and_shapes():
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="hidden"),
                                 tf.keras.layers.Dense(2)])
    assert model.input.op.name == "hidden_input"
    assert model.input_shape == (None, 4) and model.output_shape == (None, 2)
    assert model.output.shape.as_list() == [None, 2]


def test_unbuilt_sequential_says_how_to_get_an_output():
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
    with pytest.raises(AttributeError, match="input_shape"):
        model.output
