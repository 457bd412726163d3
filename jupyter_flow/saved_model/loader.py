"""tf.saved_model.loader: load a SavedModel (ours or one TensorFlow wrote) into a session.

load() picks the MetaGraphDef whose tags equal `tags`, rebuilds its graph in the session's graph
(meta_graph_def.py), restores the variables from variables/variables, then runs the main op (or
legacy init op) with each asset tensor fed its file's path, as TF1's loader does.

    >>> with tf.Session(graph=tf.Graph()) as sess:
    ...     meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
    ...     x_name = meta.signature_def["serving_default"].inputs["x"].name    # 'x:0'
"""
import logging
import os

from google.protobuf import message, text_format

from ..framework import errors
from . import constants
from .meta_graph_def import import_meta_graph_def
from .protos import ASSET_FILE_DEF_TYPE_URL, AssetFileDef, SavedModel

_log = logging.getLogger("jupyter_flow")


def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt (it may still fail to load).

    >>> tf.saved_model.loader.maybe_saved_model_directory("/tmp/model/1")
    True
    """
    export_dir = os.fspath(export_dir)
    return any(os.path.isfile(os.path.join(export_dir, name))
               for name in (constants.SAVED_MODEL_FILENAME_PB, constants.SAVED_MODEL_FILENAME_PBTXT))


contains_saved_model = maybe_saved_model_directory


def read_saved_model(export_dir):
    """The SavedModel protobuf of `export_dir` (saved_model.pb, else saved_model.pbtxt).

    >>> [list(mg.meta_info_def.tags) for mg in read_saved_model("/tmp/model/1").meta_graphs]
    [['serve']]
    """
    export_dir = os.fspath(export_dir)
    saved_model = SavedModel()
    pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    if os.path.isfile(pb):
        with open(pb, "rb") as f:
            content = f.read()
        try:
            saved_model.ParseFromString(content)
        except message.DecodeError as e:
            raise OSError(f"Cannot parse file {pb}: {e}.") from None
    elif os.path.isfile(pbtxt):
        with open(pbtxt, "rb") as f:
            content = f.read()
        try:
            text_format.Parse(content.decode("utf-8"), saved_model)
        except text_format.ParseError as e:
            raise OSError(f"Cannot parse file {pbtxt}: {e}.") from None
    else:
        hint = (f" ('{export_dir}' does not exist)" if not os.path.exists(export_dir) else
                f" ('{export_dir}' holds {sorted(os.listdir(export_dir))[:5]}; a SavedModel's export_dir is the "
                f"directory builder.save() wrote into)" if os.path.isdir(export_dir) else "")
        raise OSError(f"SavedModel file does not exist at: {export_dir}{os.sep}"
                      f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|{constants.SAVED_MODEL_FILENAME_PB}}}{hint}")
    return saved_model


def meta_graph_with_tags(saved_model, tags):
    """The MetaGraphDef of `saved_model` tagged exactly `tags` (RuntimeError naming the tag sets there are)."""
    if isinstance(tags, (str, bytes)):
        tags = [tags]
    wanted = {t.decode() if isinstance(t, bytes) else t for t in tags}
    available = []
    for mg in saved_model.meta_graphs:
        available.append(set(mg.meta_info_def.tags))
        if set(mg.meta_info_def.tags) == wanted:
            return mg
    raise RuntimeError(f"MetaGraphDef associated with tags {str(list(tags)).strip('[]')} could not be found in "
                       f"SavedModel, with available tags '{available}'. Pass one of these tag sets to load().")


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Load the MetaGraphDef tagged `tags` of the SavedModel in `export_dir` into `sess` (its graph and
    variables) and return that MetaGraphDef (a protobuf: .signature_def, .collection_def ...).

    >>> meta = tf.saved_model.loader.load(sess, ["serve"], "/tmp/model/1")
    >>> sess.run(meta.signature_def["serving_default"].outputs["probs"].name, {"x:0": batch})
    """
    __tracebackhide__ = True
    export_dir = os.fspath(export_dir)
    mg = meta_graph_with_tags(read_saved_model(export_dir), tags)
    graph = sess.graph
    with graph.as_default():
        variables = import_meta_graph_def(mg, graph, import_scope)
        _restore_variables(sess, graph, variables, export_dir, import_scope)
        init_op = _init_op(graph, mg, import_scope)
        if init_op is not None:
            sess.run(init_op, feed_dict=_asset_feeds(mg, export_dir, import_scope))
    return mg


def _restore_variables(sess, graph, variables, export_dir, import_scope):
    """Restore the imported global variables, each from the checkpoint key of its saved name."""
    from ..train.saver import Saver
    prefix = f"{import_scope}/" if import_scope else ""
    imported = {id(v) for v in variables.values()}
    to_restore = {}
    for var in graph.get_collection("variables"):
        if id(var) in imported:
            name = var.op.name
            to_restore[name[len(prefix):] if prefix and name.startswith(prefix) else name] = var
    if not to_restore:
        _log.info("The specified SavedModel has no variables; no checkpoints were restored.")
        return
    path = os.path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME)
    saver = Saver(var_list=to_restore, allow_empty=True)
    try:
        saver.restore(sess, path)
    except errors.NotFoundError as e:
        raise errors.NotFoundError(None, None, f"{e.message} The SavedModel's graph has variables "
                                               f"{sorted(to_restore)[:5]} but {export_dir} has no "
                                               f"variables/variables.index to restore them from.") from None


def _init_op(graph, mg, import_scope):
    """The op TF1's loader runs after restoring: the main op, else the legacy init op."""
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        if key in mg.collection_def:
            names = mg.collection_def[key].node_list.value
            if len(names) != 1:
                raise RuntimeError(f"Expected exactly one SavedModel init op. Found {len(names)}: {list(names)}.")
            return graph.get_collection(key)[0]
    if constants.INIT_OP_SIGNATURE_KEY in mg.signature_def:  # what TF 2's compat.v1 builder writes for init_op
        name = mg.signature_def[constants.INIT_OP_SIGNATURE_KEY].outputs[constants.INIT_OP_SIGNATURE_KEY].name
        name = f"{import_scope}/{name}" if import_scope else name
        return graph.get_operation_by_name(name.partition(":")[0])
    return None


def _asset_feeds(mg, export_dir, import_scope):
    """{asset tensor name: absolute path of its file under assets/}."""
    assets = list(mg.asset_file_def)
    if not assets and constants.ASSETS_KEY in mg.collection_def:
        for packed in mg.collection_def[constants.ASSETS_KEY].any_list.value:
            if packed.type_url.rpartition("/")[2] == ASSET_FILE_DEF_TYPE_URL.rpartition("/")[2]:
                asset = AssetFileDef()
                asset.ParseFromString(packed.value)
                assets.append(asset)
    assets_dir = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    return {(f"{import_scope}/{a.tensor_info.name}" if import_scope else a.tensor_info.name):
            os.path.join(assets_dir, a.filename) for a in assets}
