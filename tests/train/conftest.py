import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_default_graph():
    """Each test builds in an empty default graph (names start again at 'theta', 'GradientDescent')."""
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()
