"""tf.train.init_from_checkpoint: make variables' initializers load values from a checkpoint (warm
starting a model, or part of one, from another's training), by TF1's assignment_map rules.

The checkpoint is read when init_from_checkpoint is called (TF1 reads it when the initializer runs;
the values are the same unless the checkpoint is rewritten in between).

>>> tf.train.init_from_checkpoint("/tmp/pretrained", {"encoder/": "encoder/"})
>>> sess.run(tf.global_variables_initializer())        # encoder/* now hold the checkpoint's values
"""
from ..framework.graph import get_default_graph, name_scope
from ..ops.constant_op import constant
from ..ops.state_ops import assign
from ..ops.variables import Variable
from .checkpoint_utils import _checkpoint_filename, load_checkpoint


def _set_initializer(var, reader, tensor_name, shapes):
    value = reader.get_tensor(tensor_name)
    if not var.shape.is_compatible_with(shapes[tensor_name]):
        raise ValueError(f"Shape of variable {var.name} ({var.shape}) doesn't match with shape of tensor "
                         f"{tensor_name} ({shapes[tensor_name]}) from checkpoint reader.")
    with name_scope(var.op.name + "/"):
        restored = constant(value.astype(var.dtype.as_numpy_dtype), name="checkpoint_initializer")
        var._initializer_op = assign(var._variable, restored, name="Assign")
    var._initial_value = restored


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """For each `ckpt_name: current` of assignment_map, initialize from the checkpoint: a variable
    (or a variable's get_variable name) from tensor ckpt_name, or, for 'scope/': 'other_scope/'
    (or '/' for the root), every variable under the current scope from the same-named tensor under
    the checkpoint's scope.

    >>> tf.train.init_from_checkpoint(ckpt_dir, {"old_scope/w": "new_scope/w", "dense/": "dense/"})
    """
    if not isinstance(assignment_map, dict):
        raise TypeError(f"assignment_map must be a dict of checkpoint names to variables or scopes, "
                        f"got {type(assignment_map).__name__}")
    if _checkpoint_filename(ckpt_dir_or_file) is None:
        raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
    reader = load_checkpoint(ckpt_dir_or_file)
    shapes = reader.get_variable_to_shape_map()
    store = get_default_graph()._variable_store
    for tensor_name_in_ckpt, current in sorted(assignment_map.items(), key=lambda kv: kv[0]):
        var = None
        if isinstance(current, Variable):
            var = current
        elif isinstance(current, (list, tuple)):
            raise NotImplementedError("init_from_checkpoint: partitioned variables are not supported")
        elif isinstance(current, str) and current in store:
            var = store[current]
        if var is not None:
            if tensor_name_in_ckpt not in shapes:
                raise ValueError(f"Tensor {tensor_name_in_ckpt} is not found in {ckpt_dir_or_file} checkpoint "
                                 f"{shapes}")
            _set_initializer(var, reader, tensor_name_in_ckpt, shapes)
            continue
        if not isinstance(current, str):
            raise TypeError(f"assignment_map values must be variables, variable names or scopes, got {current!r}")
        scopes = current[:current.rindex("/")] if "/" in current else ""
        if not tensor_name_in_ckpt.endswith("/"):
            raise ValueError(f"Assignment map with scope only name {scopes} should map to scope only "
                             f"{tensor_name_in_ckpt}. Should be 'scope/': 'other_scope/'.")
        for var_name in sorted(n for n in store if not scopes or n.startswith(scopes + "/")):
            full_name = var_name[len(scopes):]
            if current != "/":
                full_name = full_name[1:]
            if tensor_name_in_ckpt != "/":
                full_name = tensor_name_in_ckpt + full_name
            full_name = full_name.rstrip("/") if full_name.endswith("/") else full_name
            if full_name not in shapes:
                raise ValueError(f"Tensor {full_name} ({var_name[len(scopes) + 1:]} in {tensor_name_in_ckpt}) is not "
                                 f"found in {ckpt_dir_or_file} checkpoint")
            _set_initializer(store[var_name], reader, full_name, shapes)
