"""tf.saved_model.builder.SavedModelBuilder: writes a SavedModel directory in TensorFlow's format.

    export_dir/saved_model.pb         a SavedModel protobuf: one MetaGraphDef per tag set, with signatures
    export_dir/variables/variables.*  the variables' values (tensor-bundle checkpoint, written once)
    export_dir/assets/                copies of the files in `assets_collection`

TensorFlow's own compat.v1 loader reads it, and tf.saved_model.loader.load reads what TensorFlow writes.

    >>> builder = tf.saved_model.builder.SavedModelBuilder("/tmp/model/1")
    >>> builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
    ...                                      signature_def_map={"serving_default": signature})
    >>> builder.save()
"""
import filecmp
import logging
import os
import shutil

from google.protobuf import any_pb2, text_format

from ..framework.graph import Operation, Tensor, get_default_graph
from ..train.atomic_file import write_atomically
from . import constants
from .meta_graph_def import meta_graph_def_of
from .protos import ASSET_FILE_DEF_TYPE_URL, AssetFileDef, SavedModel

_log = logging.getLogger("jupyter_flow")


class SavedModelBuilder:
    """Builds a SavedModel: the first meta graph with the variables, then more meta graphs
    (other tag sets) sharing them, then save().

    >>> b = tf.saved_model.builder.SavedModelBuilder(export_dir)
    >>> b.add_meta_graph_and_variables(sess, ["serve"]); b.save()
    """

    def __init__(self, export_dir):
        self._export_dir = os.fspath(export_dir)
        self._saved_model = SavedModel(saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
        self._has_saved_variables = False
        self._saved_asset_files = set()
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(f"Export directory {self._export_dir} already exists, and isn't empty. Please "
                                     f"choose a different export directory, or delete all the contents of the "
                                     f"specified directory.")
        else:
            os.makedirs(self._export_dir)

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None, assets_collection=None,
                                     legacy_init_op=None, clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Save the session's variables under variables/ and add the session graph's MetaGraphDef
        tagged `tags`. Called once, first.

        >>> b.add_meta_graph_and_variables(sess, [tf.saved_model.SERVING], signature_def_map={...})
        """
        __tracebackhide__ = True
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been saved. Please invoke "
                                 "`add_meta_graph()` instead.")
        signature_def_map = _checked_signature_def_map(signature_def_map)
        graph = sess.graph
        with graph.as_default():
            self._add_collections(graph, assets_collection, main_op if main_op is not None else legacy_init_op)
            saver = _saver(saver)
            variables_dir = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY)
            os.makedirs(variables_dir, exist_ok=True)
            if saver._entries:
                saver.save(sess, os.path.join(variables_dir, constants.VARIABLES_FILENAME), write_meta_graph=False,
                           write_state=False)
            meta_graph = meta_graph_def_of(graph, clear_devices=clear_devices,
                                           required=_required(graph, signature_def_map))
        self._tag_and_add_meta_graph(meta_graph, tags, signature_def_map)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None, legacy_init_op=None,
                       clear_devices=False, main_op=None, strip_default_attrs=False, saver=None):
        """Add the default graph's MetaGraphDef tagged `tags`, sharing the variables already saved.

        >>> b.add_meta_graph([tf.saved_model.TRAINING])
        """
        __tracebackhide__ = True
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved yet. Please invoke "
                                 "`add_meta_graph_and_variables()` first.")
        signature_def_map = _checked_signature_def_map(signature_def_map)
        graph = get_default_graph()
        self._add_collections(graph, assets_collection, main_op if main_op is not None else legacy_init_op)
        meta_graph = meta_graph_def_of(graph, clear_devices=clear_devices, required=_required(graph, signature_def_map))
        self._tag_and_add_meta_graph(meta_graph, tags, signature_def_map)

    def save(self, as_text=False):
        """Write saved_model.pb (or saved_model.pbtxt with as_text=True); returns its path (bytes, as TF1).

        >>> builder.save()
        b'/tmp/model/1/saved_model.pb'
        """
        os.makedirs(self._export_dir, exist_ok=True)
        if as_text:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            write_atomically(path, text_format.MessageToString(self._saved_model).encode("utf-8"))
        else:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PB)
            write_atomically(path, self._saved_model.SerializeToString(deterministic=True))
        _log.info("SavedModel written to: %s", path)
        return path.encode("utf-8")

    # ----- helpers ----------------------------------------------------------------------------
    def _tag_and_add_meta_graph(self, meta_graph, tags, signature_def_map):
        if isinstance(tags, (str, bytes)):
            tags = [tags]  # TF1 would take each character as a tag; nobody means that
        meta_graph.meta_info_def.tags.extend(t.decode() if isinstance(t, bytes) else str(t) for t in tags)
        for key, signature in signature_def_map.items():
            meta_graph.signature_def[key].CopyFrom(signature)
        self._saved_model.meta_graphs.add().CopyFrom(meta_graph)

    def _add_collections(self, graph, assets_collection, main_op):
        if assets_collection is not None:
            self._save_assets(graph, assets_collection)
        if main_op is not None:
            if not isinstance(main_op, Operation):
                raise TypeError(f"Expected {main_op} to be an Operation but got type {type(main_op)} instead.")
            for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
                if graph.get_collection(key):
                    raise ValueError(f"Graph already contains one or more main ops under the collection {key}.")
            graph.add_to_collection(constants.MAIN_OP_KEY, main_op)

    def _save_assets(self, graph, assets_collection):
        """TF1's assets: each a scalar string Const naming a file, copied into assets/ under its base name
        (a different file of the same name gets `_1`...), recorded as an AssetFileDef in the graph."""
        filenames = {}
        for tensor in assets_collection:
            source = _asset_path(tensor)
            filename = _unique_asset_filename(source, filenames)
            filenames[filename] = source
            asset = AssetFileDef(filename=filename)
            asset.tensor_info.name = tensor.name
            packed = any_pb2.Any(type_url=ASSET_FILE_DEF_TYPE_URL, value=asset.SerializeToString())
            graph.add_to_collection(constants.ASSETS_KEY, packed)
        if not filenames:
            return
        assets_dir = os.path.join(self._export_dir, constants.ASSETS_DIRECTORY)
        os.makedirs(assets_dir, exist_ok=True)
        for filename, source in filenames.items():
            target = os.path.join(assets_dir, filename)
            if target not in self._saved_asset_files:
                shutil.copyfile(source, target)
                self._saved_asset_files.add(target)


def _required(graph, signature_def_map):
    """What a loaded SavedModel needs: the signatures' tensors, the variables and their initializers,
    the init ops."""
    names = []
    for signature in signature_def_map.values():
        for info in list(signature.inputs.values()) + list(signature.outputs.values()):
            sparse = info.coo_sparse
            names += [info.name] if info.name else [sparse.values_tensor_name, sparse.indices_tensor_name,
                                                    sparse.dense_shape_tensor_name]
    required = []
    for name in names:
        try:
            required.append(graph.get_tensor_by_name(name))
        except (KeyError, ValueError):
            raise ValueError(f"A SignatureDef names tensor '{name}', which the graph being saved does not have; "
                             f"build the signature from tensors of the session's graph.") from None
    for var in graph.get_collection("variables") + graph.get_collection("local_variables"):
        required += [var.op] + ([var.initializer] if var.initializer is not None else [])
    return required + graph.get_collection(constants.MAIN_OP_KEY) + graph.get_collection(constants.LEGACY_INIT_OP_KEY)


def _saver(saver):
    from ..train.saver import Saver
    if saver:
        saver.build()
        return saver
    return Saver(allow_empty=True)


def _checked_signature_def_map(signature_def_map):
    """TF1's checks: every TensorInfo names a tensor and a dtype; the init/train keys are reserved."""
    signature_def_map = signature_def_map or {}
    for key, signature in signature_def_map.items():
        for side in (signature.inputs, signature.outputs):
            for info in side.values():
                if info.WhichOneof("encoding") is None:
                    raise AssertionError(f"Invalid `tensor_info`: {info}. All TensorInfo protos used in the "
                                         f"SignatureDefs must have one of the 'encoding' fields (e.g., name or "
                                         f"coo_sparse) set.")
                if info.dtype == 0:
                    raise AssertionError(f"Invalid `tensor_info`: {info}. All TensorInfo protos used in the "
                                         f"SignatureDefs must have the dtype field set.")
    for reserved, what in ((constants.INIT_OP_SIGNATURE_KEY, "initialization"),
                           (constants.TRAIN_OP_SIGNATURE_KEY, "the train op")):
        if reserved in signature_def_map:
            raise KeyError(f'SignatureDef map key "{reserved}" is reserved for {what}. Please use a different key.')
    return signature_def_map


def _asset_path(tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Asset path tensor {tensor} must be a Tensor.")
    if tensor.op.type != "Const":
        raise TypeError(f"Asset path tensor {tensor} must be of type constant. Has type {tensor.op.type} instead.")
    if tensor.dtype.name != "string":
        raise TypeError(f"Asset path tensor {tensor} must be of dtype string. Has type {tensor.dtype.name} instead.")
    value = tensor.op.get_attr("value")
    if getattr(value, "size", 1) != 1 or getattr(value, "ndim", 0) != 0:
        raise TypeError(f"Asset path tensor {tensor} must be a scalar.")
    value = value.item() if hasattr(value, "item") else value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _unique_asset_filename(source, filenames):
    filename = os.path.basename(source)
    i = 1
    candidate = filename
    while candidate in filenames and filenames[candidate] != source \
            and not filecmp.cmp(filenames[candidate], source, shallow=False):
        candidate = f"{filename}_{i}"
        i += 1
    return candidate
