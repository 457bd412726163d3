import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    """Every test starts with an empty default graph and no default session (main's
    tests/conftest.py does the same for the whole suite; this keeps tests/train self-contained)."""
    from jupyter_flow.client import session as _session
    _session._session_stack.stack.clear()
    tf.reset_default_graph()
    yield
    _session._session_stack.stack.clear()
