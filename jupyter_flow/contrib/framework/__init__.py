"""tf.contrib.framework: arg_scope (default arguments for a group of layer functions) and the
variable helpers (model_variable, get_variables_to_restore, assign_from_checkpoint_fn ...).

>>> with arg_scope([fully_connected], normalizer_fn=batch_norm, normalizer_params=bn_params):
...     hidden1 = fully_connected(X, 300, scope="hidden1")
"""
from .arg_scope import add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope  # noqa: F401
from .variables import (add_model_variable, assert_global_step, assign_from_checkpoint,  # noqa: F401
                        assign_from_checkpoint_fn, create_global_step, get_global_step, get_local_variables,
                        get_model_variables, get_or_create_global_step, get_trainable_variables, get_unique_variable,
                        get_variables, get_variables_by_name, get_variables_by_suffix, get_variables_to_restore,
                        global_variable, local_variable, model_variable, variable)
