"""tf.saved_model.simple_save: the one-call SavedModel for serving (TF1's convenience).

    >>> tf.saved_model.simple_save(sess, "/tmp/model/1", inputs={"x": x}, outputs={"probs": probs})
"""
from ..framework.graph import GraphKeys
from . import signature_constants, tag_constants
from .builder import SavedModelBuilder
from .signature_def_utils import predict_signature_def


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Save the session's graph and variables to `export_dir`, tagged "serve", with one Predict
    signature ("serving_default") of `inputs` and `outputs` ({key: Tensor}).

    >>> tf.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    """
    __tracebackhide__ = True
    signature_def_map = {signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(session, tags=[tag_constants.SERVING], signature_def_map=signature_def_map,
                                         assets_collection=session.graph.get_collection(GraphKeys.ASSET_FILEPATHS),
                                         main_op=legacy_init_op, clear_devices=True)
    builder.save()
