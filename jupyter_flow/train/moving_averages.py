"""tf.train.ExponentialMovingAverage and assign_moving_average: shadow variables that follow a
variable (or any float tensor) as average -= (1 - decay) * (average - value), as TF1's
moving_averages.py. Batch normalization's running mean/variance and "evaluate with the averaged
weights" programs use them."""
from ..framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from ..ops import state_ops
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.control_flow_ops import group
from ..ops.math_ops import cast, minimum, multiply, pow, subtract, truediv  # noqa: A004
from ..ops.variables import Variable
from . import slot_creator

# TF1's tf.GraphKeys.MOVING_AVERAGE_VARIABLES: the variables an ExponentialMovingAverage follows.
MOVING_AVERAGE_VARIABLES = "moving_average_variables"


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (1 - decay) * (variable - value), in place; with zero_debias, `variable` is set
    to the debiased average of a hidden biased one (so it does not start pulled toward zero).

    >>> update_mean = assign_moving_average(moving_mean, batch_mean, 0.99, zero_debias=False)
    """
    with name_scope(name, "AssignMovingAvg") as scope:
        one_minus_decay = convert_to_tensor(subtract(1.0, decay) if isinstance(decay, Tensor) else 1.0 - decay,
                                            name="decay")
        if one_minus_decay.dtype is not variable.dtype:
            one_minus_decay = cast(one_minus_decay, variable.dtype)
        if zero_debias:
            return _zero_debias(variable, value, one_minus_decay, scope)
        return state_ops.assign_sub(variable, multiply(subtract(variable, value), one_minus_decay), name=scope)


def _zero_debias(average, value, one_minus_decay, scope):
    """average = biased / (1 - decay ** t), where biased is the plain moving average started at 0
    and t counts the updates (TF1's variables `<average>/biased` and `<average>/local_step`)."""
    g = average.graph
    value = convert_to_tensor(value)
    base = average.op.name
    with g.as_default(), g.control_dependencies(None), g.name_scope(None):
        biased = Variable(lambda: _zeros(value, average.dtype), name=f"{base}/biased", trainable=False,
                          dtype=average.dtype)
        local_step = Variable(lambda: constant(0, dtype=average.dtype), name=f"{base}/local_step",
                              trainable=False, dtype=average.dtype)
    update_biased = state_ops.assign_sub(biased, multiply(subtract(biased, value), one_minus_decay))
    update_local_step = state_ops.assign_add(local_step, constant(1, dtype=average.dtype))
    bias_factor = subtract(constant(1, dtype=average.dtype), pow(subtract(1.0, one_minus_decay), update_local_step))
    return state_ops.assign(average, truediv(update_biased, bias_factor), name=scope)


def _zeros(like, dtype):
    from ..ops.array_ops import zeros, zeros_like
    if like.shape.is_fully_defined():
        return zeros(like.shape.as_list(), dtype=dtype)
    return zeros_like(like)


class ExponentialMovingAverage:
    """Shadow variables `<var>/ExponentialMovingAverage` updated by the op apply() returns:
    shadow -= (1 - decay) * (shadow - var), decay = min(decay, (1 + n) / (10 + n)) with num_updates.

    >>> ema = tf.train.ExponentialMovingAverage(decay=0.999)
    >>> with tf.control_dependencies([training_op]): training_op = ema.apply(tf.trainable_variables())
    """

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}  # id(var) -> (var, shadow variable)
        self._debiased = set()  # ids of the shadows updated with zero debiasing

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """An op updating the moving averages of `var_list` (default: the trainable variables),
        creating their shadow variables (initialized to the variables' initial values; zeros for
        plain tensors) the first time.

        >>> maintain_averages_op = ema.apply([w, b])
        """
        g = get_default_graph()
        if var_list is None:
            var_list = g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        var_list = list(var_list)
        for var in var_list:
            if var.dtype.base_dtype.name not in ("float16", "float32", "float64"):
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if id(var) in self._averages:
                raise ValueError(f"Moving average already computed for: {var.name}")
            if isinstance(var, Variable):
                shadow = slot_creator.create_slot(var, var.initialized_value, self._name)
                g.add_to_collection(MOVING_AVERAGE_VARIABLES, var)
            else:
                shadow = slot_creator.create_zeros_slot(var, self._name)
                if self._zero_debias:
                    self._debiased.add(id(shadow))
            self._averages[id(var)] = (var, shadow)
        with name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                from ..framework import dtypes
                num_updates = cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = minimum(decay, truediv(1.0 + num_updates, 10.0 + num_updates))
            updates = []
            for var in var_list:
                shadow = self._averages[id(var)][1]
                # read here, so a surrounding tf.control_dependencies([training_op]) orders the
                # read after the training step (not the `<var>/read` snapshot built earlier)
                value = var.read_value() if isinstance(var, Variable) else var
                updates.append(assign_moving_average(shadow, value, decay, zero_debias=id(shadow) in self._debiased))
            return group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None if apply() has not seen it."""
        entry = self._averages.get(id(var))
        return entry[1] if entry else None

    def average_name(self, var):
        """The name of `var`'s shadow variable (what it is saved under), even before apply().

        >>> saver = tf.train.Saver({ema.average_name(w): w})   # restore the averaged weights into w
        """
        entry = self._averages.get(id(var))
        if entry is not None:
            return entry[1].op.name
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable} restoring each variable from its moving average (and every
        other global variable from itself), for a Saver at evaluation time.

        >>> saver = tf.train.Saver(ema.variables_to_restore())
        """
        g = get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = (g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                                    + g.get_collection(MOVING_AVERAGE_VARIABLES))
        name_map = {}
        averaged_names = set()
        for v in moving_avg_variables:
            name_map[self.average_name(v)] = v
            averaged_names.add(v.name)
        for v in g.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
