"""The checkpoint-state file (`<dir>/checkpoint`) naming a directory's recent checkpoints.

Same text format as TensorFlow 1.x (a text-format CheckpointState protocol buffer), e.g.

    model_checkpoint_path: "model.ckpt-5"
    all_model_checkpoint_paths: "model.ckpt-4"
    all_model_checkpoint_paths: "model.ckpt-5"
    all_model_checkpoint_timestamps: 1700000000.5
    all_model_checkpoint_timestamps: 1700000060.25
    last_preserved_timestamp: 1699999000.0

As TF1, Saver.save writes the paths as its save_path was given: absolute for an absolute save_path,
relative to the directory for a relative one (save_relative_paths=True: relative always); both
read back. The file is replaced atomically, and only after the
checkpoint it names is completely on disk, so it never names a partial checkpoint.
"""
import os
import re
import warnings

from ..framework import errors
from .atomic_file import write_atomically
from . import tensor_bundle
from .checkpoint_format import checkpoint_data_path, checkpoint_files_exist, checkpoint_mtime, checkpoint_prefix

DEFAULT_STATE_FILENAME = "checkpoint"


class CheckpointState:
    """What the `checkpoint` file says: the latest checkpoint and all the recent ones (oldest first).

    >>> state = tf.train.get_checkpoint_state("/tmp/ckpts")
    >>> state.model_checkpoint_path, state.all_model_checkpoint_paths
    """

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def to_text(self):
        lines = [f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}"]
        lines += [f"all_model_checkpoint_paths: {_quote(p)}" for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "\n".join(lines) + "\n"

    def __repr__(self):
        return self.to_text()

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and self.to_text() == other.to_text()


def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint was completely written under this prefix. As TF1, which also accepts the
    name of a single-file (V1) checkpoint, a path naming an existing file counts too
    (`checkpoint_exists(prefix + ".index")` is True).

    >>> tf.train.checkpoint_exists("/tmp/my_model.ckpt")
    True
    """
    return checkpoint_files_exist(checkpoint_prefix) or os.path.isfile(os.fspath(checkpoint_prefix))


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times (seconds since the epoch) of the checkpoints `checkpoint_prefixes`, in order;
    as TF1, prefixes without a checkpoint are skipped.

    >>> tf.train.get_checkpoint_mtimes(tf.train.get_checkpoint_state(d).all_model_checkpoint_paths)
    """
    mtimes = []
    for prefix in checkpoint_prefixes:
        try:
            mtimes.append(checkpoint_mtime(prefix))
        except OSError:
            continue
    return mtimes


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of `checkpoint_dir` (None if it has no checkpoint file); relative paths
    in the file are returned joined to `checkpoint_dir`.

    >>> ckpt = tf.train.get_checkpoint_state("/tmp/ckpts")
    >>> if ckpt: saver.restore(sess, ckpt.model_checkpoint_path)
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = os.path.join(checkpoint_dir, latest_filename or DEFAULT_STATE_FILENAME)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    state = _parse(raw, path)
    if not state.model_checkpoint_path:
        raise errors.DataLossError(None, None, f"Invalid checkpoint state loaded from {path}: it has no "
                                               f"model_checkpoint_path. Delete the file, or restore a checkpoint "
                                               f"by its path.")
    state.model_checkpoint_path = _absolute(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [_absolute(checkpoint_dir, p) for p in state.all_model_checkpoint_paths]
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest complete checkpoint in `checkpoint_dir`, or None.

    >>> saver.restore(sess, tf.train.latest_checkpoint("/tmp/ckpts"))
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if not checkpoint_exists(state.model_checkpoint_path):
        warnings.warn(f"Couldn't match files for checkpoint {state.model_checkpoint_path} (named by "
                      f"{os.path.join(checkpoint_dir, latest_filename or DEFAULT_STATE_FILENAME)}): its index file "
                      f"{tensor_bundle.index_path(state.model_checkpoint_path)} is missing.", stacklevel=2)
        return None
    return state.model_checkpoint_path


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    """Atomically rewrite `<save_dir>/checkpoint`; `model_checkpoint_path` is appended to the list
    of all paths if missing. As TF1: with a relative `save_dir`, relative paths are rewritten relative
    to it; absolute paths (and all paths under an absolute `save_dir`) are written as given.

    >>> tf.train.update_checkpoint_state("/tmp/ckpts", "/tmp/ckpts/model.ckpt-5")
    """
    update_checkpoint_state_internal(save_dir, model_checkpoint_path, all_model_checkpoint_paths, latest_filename,
                                     all_model_checkpoint_timestamps, last_preserved_timestamp)


def update_checkpoint_state_internal(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                     latest_filename=None, all_model_checkpoint_timestamps=None,
                                     last_preserved_timestamp=None, save_relative_paths=False):
    """update_checkpoint_state, and Saver(save_relative_paths=True)'s variant: absolute paths are then
    written relative to `save_dir` too (so the directory can be moved)."""
    save_dir = os.fspath(save_dir)
    paths = [checkpoint_prefix(p) for p in (all_model_checkpoint_paths or ())]
    latest = checkpoint_prefix(model_checkpoint_path)
    if save_relative_paths:
        latest = _relative_to(save_dir, latest) if os.path.isabs(latest) else latest
        paths = [_relative_to(save_dir, p) if os.path.isabs(p) else p for p in paths]
    if not paths or paths[-1] != latest:
        paths.append(latest)
    timestamps = list(all_model_checkpoint_timestamps or ())
    if timestamps and len(timestamps) != len(paths):
        raise ValueError(f"Checkpoint timestamps ({len(timestamps)}) do not match checkpoint paths ({len(paths)}).")
    path = os.path.join(save_dir, latest_filename or DEFAULT_STATE_FILENAME)
    if os.path.basename(path) == os.path.basename(checkpoint_data_path(latest)):
        raise ValueError(f"Save path '{latest}' conflicts with the path used for the checkpoint state file "
                         f"'{path}'. Please use a different save path.")
    if not os.path.isabs(save_dir):
        # The reader joins relative paths to the directory it is given, so they are stored relative to it.
        latest = latest if os.path.isabs(latest) else _relative_to(save_dir, latest)
        paths = [p if os.path.isabs(p) else _relative_to(save_dir, p) for p in paths]
    state = CheckpointState(latest, paths, timestamps, last_preserved_timestamp or 0.0)
    write_atomically(path, state.to_text().encode("utf-8"))


def _absolute(directory, path):
    return path if os.path.isabs(path) else os.path.join(directory, path)


def _relative_to(directory, path):
    return os.path.relpath(path, directory or os.curdir)


# ----- the text format ---------------------------------------------------------------------------
_FIELD = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$')
_STRING_FIELDS = {"model_checkpoint_path", "all_model_checkpoint_paths"}
_FLOAT_FIELDS = {"all_model_checkpoint_timestamps", "last_preserved_timestamp"}
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\", "a": "\a", "b": "\b",
                   "f": "\f", "v": "\v", "?": "?"}


def _parse(raw, path):
    def bad(lineno, why):
        return errors.DataLossError(None, None, f"Cannot parse checkpoint state file {path}, line {lineno}: "
                                                f"{why}. Delete or fix the file (checkpoints are restorable by "
                                                f"their path).")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad(1, "not UTF-8 text") from None
    state = CheckpointState()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FIELD.match(line)
        if m is None:
            raise bad(lineno, f"expected 'field: value', got {line!r}")
        key, value = m.groups()
        if key in _STRING_FIELDS:
            try:
                s = _unquote(value)
            except ValueError as e:
                raise bad(lineno, str(e)) from None
            if key == "model_checkpoint_path":
                state.model_checkpoint_path = s
            else:
                state.all_model_checkpoint_paths.append(s)
        elif key in _FLOAT_FIELDS:
            try:
                t = float(value)
            except ValueError:
                raise bad(lineno, f"{key} must be a number, got {value!r}") from None
            if key == "last_preserved_timestamp":
                state.last_preserved_timestamp = t
            else:
                state.all_model_checkpoint_timestamps.append(t)
        # other fields: written by a newer writer; ignored as protobuf readers do
    return state


def _quote(s):
    """A text-format string literal: UTF-8 bytes, C escapes for quotes, backslashes and controls."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif b < 0x20 or b >= 0x7F:
            out.append(f"\\{b:03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _unquote(literal):
    if len(literal) < 2 or literal[0] not in "\"'" or literal[-1] != literal[0]:
        raise ValueError(f"expected a quoted string, got {literal!r}")
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(body):
            raise ValueError("string ends with a lone backslash")
        e = body[i + 1]
        if e in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[e].encode("utf-8")
            i += 2
        elif e in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1:]).group()
            out.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        elif e in "xX":
            digits = re.match(r"[0-9a-fA-F]{1,2}", body[i + 2:])
            if digits is None:
                raise ValueError("\\x escape without hex digits")
            out.append(int(digits.group(), 16))
            i += 2 + len(digits.group())
        else:
            raise ValueError(f"unknown escape \\{e}")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("path is not valid UTF-8") from None
