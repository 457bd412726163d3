"""Warm starting (TF1's tf.estimator.WarmStartSettings and tf.train.warm_start): before training
from scratch, the chosen variables' initializers load another model's checkpoint, by name or through
var_name_to_prev_var_name. Built on tf.train.init_from_checkpoint.

>>> est = tf.estimator.DNNClassifier(..., warm_start_from="/tmp/pretrained_model_dir")
>>> ws = tf.estimator.WarmStartSettings("/tmp/prev", vars_to_warm_start="dnn/.*")
"""
import collections

from ..framework.graph import GraphKeys, get_default_graph
from .init_from_checkpoint import init_from_checkpoint


class WarmStartSettings(collections.namedtuple("WarmStartSettings", [
        "ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info", "var_name_to_prev_var_name"])):
    """Which checkpoint (a prefix or a model_dir), which variables (a regex over trainable variables,
    a list of regexes over all global variables, or None for none), and renames to apply."""

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
                var_name_to_prev_var_name=None):
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start, var_name_to_vocab_info or {},
                               var_name_to_prev_var_name or {})


def as_warm_start_settings(warm_start_from):
    if warm_start_from is None or isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    if isinstance(warm_start_from, str):
        return WarmStartSettings(ckpt_to_initialize_from=warm_start_from)
    raise ValueError(f"warm_start_from must be a string or a WarmStartSettings, instead got {type(warm_start_from)}")


def _chosen_variables(vars_to_warm_start):
    g = get_default_graph()
    if vars_to_warm_start is None:
        return []
    if isinstance(vars_to_warm_start, str):
        return g.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    if isinstance(vars_to_warm_start, (list, tuple)) and all(isinstance(v, str) for v in vars_to_warm_start):
        seen, chosen = set(), []
        for pattern in vars_to_warm_start:
            for v in g.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=pattern):
                if id(v) not in seen:
                    seen.add(id(v))
                    chosen.append(v)
        return chosen
    if isinstance(vars_to_warm_start, (list, tuple)):
        return list(vars_to_warm_start)  # variables themselves
    raise ValueError(f"vars_to_warm_start must be a string, a list of strings or variables, or None; got "
                     f"{vars_to_warm_start!r}")


def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """Make the chosen variables of the default graph initialize from the checkpoint.

    >>> tf.train.warm_start("/tmp/prev_model", vars_to_warm_start=".*input_layer.*")
    """
    if var_name_to_vocab_info:
        raise NotImplementedError("warm_start: var_name_to_vocab_info (vocabulary remapping) is not supported")
    renames = dict(var_name_to_prev_var_name or {})
    assignment = {}
    for var in _chosen_variables(vars_to_warm_start):
        name = var.op.name
        assignment[renames.pop(name, name)] = var
    if renames:
        raise ValueError(f"You provided the following variables in var_name_to_prev_var_name that were not used: "
                         f"{list(renames)}.  Perhaps you misspelled them?  Here is the list of viable variable "
                         f"names: {[v.op.name for v in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)]}")
    if assignment:
        init_from_checkpoint(ckpt_to_initialize_from, assignment)
