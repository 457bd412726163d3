"""tf.saved_model (TF1's, as tf.compat.v1.saved_model): SavedModel directories in TensorFlow's own format.

A SavedModel written here loads in TensorFlow's compat.v1 loader, and one TensorFlow's compat.v1
builder wrote loads here (graphs of the ops jupyter_flow defines, with reference variables).
TF2's object-based save/load (tf.saved_model.save, load_v2, Asset) is not provided.

    >>> tf.saved_model.simple_save(sess, "/tmp/model/1", inputs={"x": x}, outputs={"probs": probs})
    >>> meta = tf.saved_model.loader.load(new_sess, [tf.saved_model.SERVING], "/tmp/model/1")
"""
from . import builder, constants, loader, main_op, signature_constants, signature_def_utils, tag_constants, utils
from .builder import SavedModelBuilder
from .constants import (ASSETS_DIRECTORY, ASSETS_KEY, DEBUG_DIRECTORY, DEBUG_INFO_FILENAME_PB, LEGACY_INIT_OP_KEY,
                        MAIN_OP_KEY, SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT, SAVED_MODEL_SCHEMA_VERSION,
                        VARIABLES_DIRECTORY, VARIABLES_FILENAME)
from .loader import contains_saved_model, load, maybe_saved_model_directory
from .main_op import main_op_with_restore
from .signature_constants import (CLASSIFY_INPUTS, CLASSIFY_METHOD_NAME, CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES,
                                  DEFAULT_SERVING_SIGNATURE_DEF_KEY, PREDICT_INPUTS, PREDICT_METHOD_NAME,
                                  PREDICT_OUTPUTS, REGRESS_INPUTS, REGRESS_METHOD_NAME, REGRESS_OUTPUTS)
from .signature_def_utils import (build_signature_def, classification_signature_def, is_valid_signature,
                                  predict_signature_def, regression_signature_def)
from .simple_save import simple_save
from .tag_constants import GPU, SERVING, TPU, TRAINING
from .utils import build_tensor_info, get_tensor_from_tensor_info

Builder = SavedModelBuilder
