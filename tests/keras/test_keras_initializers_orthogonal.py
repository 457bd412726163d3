"""keras.initializers.Orthogonal ('orthogonal', the recurrent kernels' default): orthonormal rows or columns
times gain, for any rank >= 2 (the leading dims flattened, as TF 1.x)."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.mark.parametrize("shape", [[5, 5], [3, 12], [12, 3], [2, 3, 4]])
def test_orthogonal_initializer_gives_orthonormal_rows_or_columns_times_gain(shape):
    init = tf.keras.initializers.get("orthogonal")
    assert isinstance(init, tf.keras.initializers.Orthogonal)
    value = tf.keras.initializers.Orthogonal(gain=2.0, seed=3)(shape)
    with tf.Session() as session:
        q = session.run(value)
    assert q.shape == tuple(shape)
    m = q.reshape(-1, shape[-1]) / 2.0
    gram = m @ m.T if m.shape[0] < m.shape[1] else m.T @ m
    np.testing.assert_allclose(gram, np.eye(len(gram)), atol=1e-5)


def test_orthogonal_config_and_rank_check():
    init = tf.keras.initializers.Orthogonal(gain=0.5)
    assert tf.keras.initializers.serialize(init) == {"class_name": "Orthogonal",
                                                     "config": {"gain": 0.5, "seed": None, "dtype": "float32"}}
    assert tf.keras.initializers.deserialize(tf.keras.initializers.serialize(init)).gain == 0.5
    with pytest.raises(ValueError, match="at least two-dimensional"):
        init([4])
