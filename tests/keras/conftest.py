"""Every Keras test starts and ends with a fresh graph and no Keras session (layer names restart at dense)."""
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_keras_state():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()
