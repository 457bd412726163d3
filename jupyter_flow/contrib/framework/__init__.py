"""tf.contrib.framework: arg_scope (default arguments for a group of layer functions).

>>> with arg_scope([fully_connected], normalizer_fn=batch_norm, normalizer_params=bn_params):
...     hidden1 = fully_connected(X, 300, scope="hidden1")
"""
from .arg_scope import add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope  # noqa: F401
