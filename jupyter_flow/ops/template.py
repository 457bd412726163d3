"""tf.make_template: a function whose variables are shared across calls, TF1's way: the first
call creates them (with get_variable) in a variable scope of its own ('net', 'net_1' ... made
unique), every later call re-enters that scope with reuse=True.

>>> net = tf.make_template("net", lambda x: tf.layers.dense(x, 10))
>>> train_logits, test_logits = net(train_x), net(test_x)   # one set of weights
"""
import functools

from ..framework.graph import GraphKeys, get_collection
from ..framework.scopes import variable_scope


class Template:
    """A function wrapped by make_template: call it like the function.

    >>> logits = template(images)
    """

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        self._name = name
        self._func = func
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        self._variable_scope = None
        self._variables_created = False
        if create_scope_now:
            # The scope's name is taken now (no name scope is opened until a call).
            with variable_scope(unique_name, default_name=name, custom_getter=custom_getter,
                                auxiliary_name_scope=False) as vs:
                self._variable_scope = vs

    def _call_func(self, args, kwargs):
        trainable_at_start = len(get_collection(GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        if self._variables_created:
            trainable = get_collection(GraphKeys.TRAINABLE_VARIABLES)
            if len(trainable) != trainable_at_start:
                raise ValueError(f"Trainable variable created when calling a template after the first time, "
                                 f"perhaps you used tf.Variable when you meant tf.get_variable: "
                                 f"{trainable[trainable_at_start:]}")
        else:
            self._variables_created = True
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope is not None:
            with variable_scope(self._variable_scope, reuse=self._variables_created or None):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, default_name=self._name, custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name if not name or name.endswith("/") else name + "/"

    def _scoped(self, key):
        prefix = self.variable_scope_name
        if prefix is None:
            return []
        return [v for v in get_collection(key) if v.name.startswith(prefix)]

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def global_variables(self):
        return self._scoped(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._scoped(GraphKeys.LOCAL_VARIABLES)

    @property
    def trainable_variables(self):
        return self._scoped(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self):
        trainable = set(map(id, self.trainable_variables))
        return [v for v in self.global_variables if id(v) not in trainable]

    @property
    def trainable_weights(self):
        return self.trainable_variables

    @property
    def non_trainable_weights(self):
        return self.non_trainable_variables

    @property
    def weights(self):
        return self.variables


def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None, **kwargs):
    """`func_` (with `kwargs` bound) as a Template: variables it creates with get_variable on the
    first call are reused by every later call.

    >>> scale = tf.make_template("scale", lambda x: x * tf.get_variable("w", [], initializer=tf.ones_initializer()))
    >>> a, b = scale(x1), scale(x2)     # the same w
    """
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    if not callable(func_):
        raise TypeError(f"make_template: func_ must be callable, got {func_!r}")
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)
