"""conv2d, conv2d_transpose, pooling, depthwise/separable conv, LRN and resizing give TF 1.x's
values and gradients (literals in conv_parity_values.py, computed by real TensorFlow) for odd
sizes, strides, both paddings, dilations and ties."""
import numpy as np
import pytest

import jupyter_flow as tf

from conv_parity_cases import CASES
from conv_parity_values import VALUES


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_tensorflow(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        tensors = CASES[name](tf)
        static = {k: t.shape for k, t in tensors.items()}
        got = sess.run(tensors)
    expected = VALUES[name]
    assert sorted(got) == sorted(expected)
    for key, want in expected.items():
        want = np.asarray(want)
        assert got[key].shape == want.shape, f"{name}/{key}: shape {got[key].shape}, TF gives {want.shape}"
        assert static[key].is_compatible_with(want.shape), f"{name}/{key}: static shape {static[key]} vs {want.shape}"
        np.testing.assert_allclose(got[key], want, rtol=1e-5, atol=1e-5, err_msg=f"{name}/{key}")
