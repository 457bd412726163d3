"""tf.train.Saver: writes variables' values to checkpoint files and reads them back.

A save writes, in this order, each file atomically (jupyter_flow/train/atomic_file.py):
`<prefix>.data-00000-of-00001` and `<prefix>.index` (the values, checksummed, in TensorFlow's own layout, so
TensorFlow reads them and TF1 programs find `<prefix>.index`), `<prefix>.meta` (the graph), then the
directory's `checkpoint` state file naming the new checkpoint, and only then deletes the
checkpoints beyond `max_to_keep`. A crash at any point leaves the state file naming a complete
checkpoint. The Saver adds no ops to the graph: it reads and writes the session's variables
directly.
"""
import logging
import numbers
import os
import time
import warnings

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.variables import Variable
from . import checkpoint_state
from .checkpoint_format import (checkpoint_files, checkpoint_files_exist, checkpoint_mtime, checkpoint_prefix,
                                read_checkpoint_values, write_checkpoint_values)

_log = logging.getLogger("jupyter_flow")


class Saver:
    """Saves and restores variables (by default all global variables, under their own names).

    >>> saver = tf.train.Saver()                      # or tf.train.Saver({"weights": theta})
    >>> path = saver.save(sess, "/tmp/my_model.ckpt"); saver.restore(sess, path)
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False, write_version=None,
                 pad_step_number=False, save_relative_paths=False, filename=None):
        if saver_def is not None:
            if var_list is not None:
                raise ValueError("Pass either var_list or saver_def to Saver, not both.")
            var_list = _variables_named(saver_def["var_names"], get_default_graph())
            max_to_keep = saver_def.get("max_to_keep", max_to_keep)
            keep_checkpoint_every_n_hours = saver_def.get("keep_checkpoint_every_n_hours",
                                                          keep_checkpoint_every_n_hours)
        self._var_list = var_list
        self._max_to_keep = _checked_max_to_keep(max_to_keep)
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._last_checkpoints = []  # [(prefix, time)], oldest first
        self._checkpoints_to_be_deleted = []
        self._entries = None  # [(checkpoint key, Variable)], sorted by key
        self._graph = None
        if not defer_build:
            self.build()

    # ----- which variables ------------------------------------------------------------------
    def build(self):
        """Resolve the variables to save (done at construction unless defer_build=True)."""
        if self._entries is not None:
            return
        graph = get_default_graph()
        var_list = self._var_list
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
            if not var_list:
                if self._allow_empty:
                    self._entries, self._graph = [], graph
                    return
                raise ValueError("No variables to save: create the variables before the Saver (the chapter "
                                 "creates it at the end of the construction phase), or pass allow_empty=True.")
        self._entries = _entries_for(var_list)
        self._graph = self._entries[0][1].graph if self._entries else graph
        for key, var in self._entries:
            if var.graph is not self._graph:
                raise ValueError(f"The Saver's variables must belong to one graph, but '{var.op.name}' (key '{key}') "
                                 f"is in another graph than '{self._entries[0][1].op.name}'.")

    @property
    def last_checkpoints(self):
        """The prefixes of the checkpoints this Saver keeps, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        self._last_checkpoints = [(p, time.time()) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = [(p, float(t)) for p, t in last_checkpoints_with_time]

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopt existing checkpoints (e.g. `get_checkpoint_state(dir).all_model_checkpoint_paths`
        after a restart) so that `max_to_keep` also deletes them in time.

        >>> saver.recover_last_checkpoints(tf.train.get_checkpoint_state(d).all_model_checkpoint_paths)
        """
        found = []
        for p in checkpoint_paths:
            try:
                found.append((checkpoint_prefix(p), checkpoint_mtime(p)))
            except OSError:
                continue
        self.set_last_checkpoints_with_time(sorted(found, key=lambda pt: pt[1]))

    def as_saver_def(self):
        """What import_meta_graph needs to rebuild this Saver (a JSON-able dict)."""
        self.build()
        return {"var_names": {key: var.op.name for key, var in self._entries},
                "max_to_keep": self._max_to_keep,
                "keep_checkpoint_every_n_hours": self._keep_checkpoint_every_n_hours}

    to_proto = as_saver_def

    # ----- save -------------------------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Write the variables' values to `save_path` (plus `-<global_step>`) and return that prefix.

        >>> saver.save(sess, "/tmp/ckpts/model.ckpt", global_step=500)
        '/tmp/ckpts/model.ckpt-500'
        """
        __tracebackhide__ = True
        self.build()
        _check_session(sess)
        save_path = os.fspath(save_path)
        if global_step is not None:
            step = _global_step_value(sess, global_step)
            prefix = f"{save_path}-{step:08d}" if self._pad_step_number else f"{save_path}-{step}"
        else:
            step, prefix = None, save_path
        save_dir = os.path.dirname(os.path.abspath(save_path))
        if not os.path.isdir(save_dir):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save. Create it first "
                             f"(os.makedirs(\"{os.path.dirname(save_path)}\", exist_ok=True)).")
        if os.path.isdir(prefix):
            raise ValueError(f"Cannot save to '{prefix}': it is a directory. Pass a file prefix inside it, "
                             f"e.g. '{os.path.join(prefix, 'model.ckpt')}'.")
        latest_filename = latest_filename or checkpoint_state.DEFAULT_STATE_FILENAME
        if os.path.basename(prefix) == latest_filename:
            raise ValueError(f"'latest_filename' collides with 'save_path': '{latest_filename}' and '{prefix}'; "
                             f"choose another save path.")

        write_checkpoint_values(prefix, self._read_values(sess))
        if write_meta_graph:
            self._write_meta_graph_or_warn(f"{prefix}.{meta_graph_suffix}", sess.graph, prefix)
        if write_state:
            self._record_checkpoint(prefix)
            # TF1 passes save_path's own directory: absolute or relative, as the caller gave it.
            checkpoint_state.update_checkpoint_state_internal(
                os.path.dirname(save_path), prefix, self.last_checkpoints or [prefix], latest_filename,
                [t for _, t in self._last_checkpoints] if self._last_checkpoints else None,
                self._next_checkpoint_time - self._keep_checkpoint_every_n_hours * 3600,
                save_relative_paths=self._save_relative_paths)
            self._delete_old_checkpoints(meta_graph_suffix, keep=prefix)
        return prefix

    def _write_meta_graph_or_warn(self, meta_path, graph, prefix):
        """The values are what a checkpoint must never lose: a graph that cannot be exported
        (an exotic attribute, an op left dangling by a notebook edit) costs the .meta file only."""
        try:
            self.export_meta_graph(meta_path, graph=graph)
        except (TypeError, ValueError) as e:
            try:
                os.remove(meta_path)  # never leave an older graph beside these values
            except FileNotFoundError:
                pass
            warnings.warn(f"Saved the variables to {prefix} but not the graph: {e} (import_meta_graph will not "
                          f"work for this checkpoint; pass write_meta_graph=False to skip it).", stacklevel=3)

    def _read_values(self, sess):
        values = {}
        for key, var in self._entries:
            if var.graph is not sess.graph:
                raise ValueError(f"Cannot save variable '{var.op.name}': it belongs to another graph than the "
                                 f"session's. Create the Saver and the session on the same graph.")
            value = sess._read_variable(var.op.name)
            if value is None:
                raise errors.FailedPreconditionError(
                    None, var.op, f"Attempting to use uninitialized value {var.op.name} while saving a checkpoint; "
                                  f"run its initializer (sess.run(tf.global_variables_initializer())) or restore "
                                  f"it before saving.")
            values[key] = np.asarray(value, dtype=var.dtype.as_numpy_dtype)
        return values

    def _record_checkpoint(self, prefix):
        if not self._max_to_keep:
            return
        self._last_checkpoints = [(p, t) for p, t in self._last_checkpoints if p != prefix]
        self._last_checkpoints.append((prefix, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _delete_old_checkpoints(self, meta_graph_suffix, keep):
        """Delete checkpoints that fell out of `max_to_keep`, except one every
        `keep_checkpoint_every_n_hours` (as TF1), and never `keep`: the checkpoint save() has
        just written and is about to return, whatever the bookkeeping says."""
        keep = os.path.realpath(keep)
        while self._checkpoints_to_be_deleted:
            prefix, saved_at = self._checkpoints_to_be_deleted.pop(0)
            if os.path.realpath(prefix) == keep:
                continue
            if saved_at > self._next_checkpoint_time:
                self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
                continue
            for path in checkpoint_files(prefix) + [f"{prefix}.{meta_graph_suffix}"]:
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass

    # ----- restore ----------------------------------------------------------------------------
    def restore(self, sess, save_path):
        """Set the variables to the values saved under `save_path` (no initializer needed).
        Either every variable is restored or, on any error, none is.

        >>> saver.restore(sess, tf.train.latest_checkpoint("/tmp/ckpts"))
        """
        __tracebackhide__ = True
        self.build()
        _check_session(sess)
        if save_path is None:
            raise ValueError("Can't load save_path when it is None. (tf.train.latest_checkpoint returns None "
                             "when the directory has no checkpoint yet.)")
        save_path = os.fspath(save_path)
        prefix = checkpoint_prefix(save_path)
        if not checkpoint_files_exist(save_path):
            raise errors.NotFoundError(None, None, _not_found_message(save_path, prefix))
        _log.info("Restoring parameters from %s", prefix)
        arrays = read_checkpoint_values(save_path)
        checked = []
        for key, var in self._entries:
            if var.graph is not sess.graph:
                raise ValueError(f"Cannot restore variable '{var.op.name}': it belongs to another graph than the "
                                 f"session's. Create the Saver and the session on the same graph.")
            checked.append((var, _checked_value(arrays, key, var, prefix)))
        for var, value in checked:
            sess._write_variable(var.op.name, value, var.dtype)

    # ----- meta graph -------------------------------------------------------------------------
    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, export_scope=None,
                          clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False, graph=None):
        """Write the graph (and this Saver's settings) to `filename`; see tf.train.export_meta_graph.

        >>> saver.export_meta_graph("/tmp/my_model.ckpt.meta")
        """
        from .meta_graph import export_meta_graph
        self.build()
        return export_meta_graph(filename, saver_def=self.as_saver_def(), collection_list=collection_list,
                                 graph=graph or self._graph, export_scope=export_scope)

    def __repr__(self):
        keys = [k for k, _ in self._entries] if self._entries is not None else "(deferred)"
        return f"<tf.train.Saver variables={keys} max_to_keep={self._max_to_keep}>"


def _checked_max_to_keep(max_to_keep):
    """TF1's rule: None or 0 keeps every checkpoint; a negative count is refused (it would otherwise
    mark every checkpoint, the new one included, for deletion)."""
    if max_to_keep is None:
        return 0
    if isinstance(max_to_keep, bool) or not isinstance(max_to_keep, numbers.Integral):
        raise TypeError(f"Saver(max_to_keep=...) must be an integer or None, got {max_to_keep!r} of type "
                        f"{type(max_to_keep).__name__}.")
    if max_to_keep < 0:
        raise ValueError(f"Saver(max_to_keep={max_to_keep}): the number of checkpoints to keep cannot be negative; "
                         f"pass None or 0 to keep every checkpoint, or a positive count.")
    return int(max_to_keep)


def _entries_for(var_list):
    """[(checkpoint key, Variable)] for a list (keys: variable names) or a dict (keys given)."""
    if isinstance(var_list, dict):
        pairs = []
        for key, var in var_list.items():
            if not isinstance(key, str) or not key:
                raise TypeError(f"Saver var_list dict keys are the names in the checkpoint and must be non-empty "
                                f"strings; got {key!r}.")
            pairs.append((key, _as_variable(var, key)))
    elif isinstance(var_list, (list, tuple, set, frozenset)):
        pairs, seen = [], {}
        for var in var_list:
            v = _as_variable(var, None)
            key = v.op.name
            if key in seen:
                if seen[key] is v:
                    continue
                raise ValueError(f"At least two variables have the same name: {key}")
            seen[key] = v
            pairs.append((key, v))
    else:
        raise TypeError(f"Saver var_list must be None, a list of variables or a dict of name -> variable; "
                        f"got {type(var_list).__name__}.")
    return sorted(pairs, key=lambda kv: kv[0])


def _as_variable(obj, key):
    if isinstance(obj, Variable):
        return obj
    op = obj.op if isinstance(obj, Tensor) else obj if isinstance(obj, Operation) else None
    if op is not None and op.type == "VariableV2":
        return _variables_named({op.name: op.name}, op.graph)[op.name]
    where = f" (checkpoint key '{key}')" if key else ""
    raise TypeError(f"Saver can only save variables, got {obj!r}{where}; pass tf.Variable objects.")


def _variables_named(names, graph):
    """{key: Variable} for {key: variable op name} in `graph` (rebuilding Variable objects from the
    ops when no collection holds them)."""
    known = {}
    for coll in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        for v in graph.get_collection(coll):
            if isinstance(v, Variable):
                known.setdefault(v.op.name, v)
    out = {}
    for key, op_name in names.items():
        var = known.get(op_name)
        if var is None:
            try:
                op = graph.get_operation_by_name(op_name)
            except KeyError:
                raise ValueError(f"The Saver's variable '{op_name}' (checkpoint key '{key}') is not in the "
                                 f"graph.") from None
            if op.type != "VariableV2":
                raise ValueError(f"'{op_name}' (checkpoint key '{key}') is a {op.type} op, not a variable.")
            init = _op_or_none(graph, op_name + "/Assign")
            read = _op_or_none(graph, op_name + "/read")
            var = Variable._from_ops(op, init, read.outputs[0] if read is not None else op.outputs[0])
        out[key] = var
    return out


def _op_or_none(graph, name):
    try:
        return graph.get_operation_by_name(name)
    except KeyError:
        return None


def _checked_value(arrays, key, var, prefix):
    """The checkpoint's value for `key`, checked against variable `var` (dtype and shape)."""
    value = arrays.get(key)
    if value is None:
        held = ", ".join(sorted(arrays)) or "(no tensors)"
        raise errors.NotFoundError(None, var.op, f"Key {key} not found in checkpoint {prefix} (needed to restore "
                                                 f"variable '{var.op.name}'). The checkpoint holds: {held}. Restore "
                                                 f"with a Saver whose names match, e.g. tf.train.Saver({{'<name in "
                                                 f"checkpoint>': variable}}).")
    expected = np.dtype(var.dtype.as_numpy_dtype)
    if value.dtype != expected:
        saved = _dtype_name(value.dtype)
        raise errors.InvalidArgumentError(
            None, var.op, f"tensor_name = {key}; expected dtype {var.dtype.name} does not equal original dtype "
                          f"{saved} in checkpoint {prefix}: variable '{var.op.name}' is {var.dtype.name} in the graph "
                          f"but {saved} in the checkpoint.")
    if not var.shape.is_compatible_with(value.shape):
        graph_shape = var.shape._bracket_str()
        saved_shape = TensorShape(value.shape)._bracket_str()
        raise errors.InvalidArgumentError(
            None, var.op, f"Restoring from checkpoint {prefix} failed: variable '{var.op.name}' (key '{key}') has "
                          f"shape {graph_shape} in the graph but shape {saved_shape} in the checkpoint. Assign "
                          f"requires shapes of both tensors to match. lhs shape= {graph_shape} rhs shape= "
                          f"{saved_shape}. Build the graph as it was when the checkpoint was saved.")
    return value


def _dtype_name(np_dtype):
    try:
        return dtypes.as_dtype(np_dtype).name
    except TypeError:
        return str(np_dtype)  # a dtype we have no name for (a file not written by jupyter_flow)


def _check_session(sess):
    from ..client.session import BaseSession
    if not isinstance(sess, BaseSession):
        raise TypeError(f"'sess' must be a Session; {sess!r}")
    if sess._closed:
        raise RuntimeError("Attempted to use a closed Session.")


def _global_step_value(sess, global_step):
    if isinstance(global_step, numbers.Integral):
        return int(global_step)
    if isinstance(global_step, (Tensor, Variable)):
        return int(sess.run(global_step))
    try:
        return int(global_step)
    except (TypeError, ValueError):
        raise TypeError(f"global_step must be an int, a Tensor or a Variable; got {global_step!r}") from None


def _not_found_message(save_path, prefix):
    msg = f"Unsuccessful TensorSliceReader constructor: Failed to find any matching files for {save_path}"
    if os.path.isdir(save_path):
        return msg + (f". '{save_path}' is a directory: pass a checkpoint prefix, e.g. "
                      f"tf.train.latest_checkpoint('{save_path}').")
    for tf1_suffix in (".index", ".meta", ".data-00000-of-00001"):
        if save_path.endswith(tf1_suffix):
            return msg + (f". Pass the checkpoint prefix ('{save_path[:-len(tf1_suffix)]}'), not one of its "
                          f"files.")
    return msg + f" (no file {prefix}.index; checkpoints are written as <prefix>.index + <prefix>.data-00000-of-00001)."
