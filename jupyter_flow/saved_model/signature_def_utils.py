"""tf.saved_model.signature_def_utils: SignatureDefs, the named inputs and outputs a SavedModel serves.

    >>> sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"probs": probs})
    >>> sig.method_name
    'tensorflow/serving/predict'
"""
from ..framework import dtypes
from ..summary.proto_dtypes import data_type
from . import signature_constants as sc
from .protos import SignatureDef
from .utils import build_tensor_info


def build_signature_def(inputs=None, outputs=None, method_name=None, defaults=None):
    """A SignatureDef of `inputs` and `outputs` ({key: TensorInfo}) and `method_name`.

    >>> tf.saved_model.build_signature_def({"x": build_tensor_info(x)}, {"y": build_tensor_info(y)}, "my/method")
    """
    signature = SignatureDef()
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    if method_name is not None:
        signature.method_name = method_name
    if defaults:
        from ..summary.tensor_proto import make_tensor_proto
        for key, value in defaults.items():
            signature.defaults[key].CopyFrom(make_tensor_proto(value))
    return signature


def predict_signature_def(inputs, outputs):
    """The Predict SignatureDef of `inputs` and `outputs` ({key: Tensor}).

    >>> tf.saved_model.predict_signature_def(inputs={"x": x}, outputs={"probs": probs})
    """
    if inputs is None or not inputs:
        raise ValueError("Prediction `inputs` cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction `outputs` cannot be None or empty.")
    return build_signature_def({k: build_tensor_info(t) for k, t in inputs.items()},
                               {k: build_tensor_info(t) for k, t in outputs.items()}, sc.PREDICT_METHOD_NAME)


def regression_signature_def(examples, predictions):
    """The Regress SignatureDef: a string tensor of serialized tf.Examples -> a float predictions tensor.

    >>> tf.saved_model.regression_signature_def(serialized_examples, predictions)
    """
    if examples is None:
        raise ValueError("Regression `examples` cannot be None.")
    if not hasattr(examples, "dtype"):
        raise ValueError(f"Expected regression examples to be a Tensor, got {examples!r}.")
    if predictions is None:
        raise ValueError("Regression `predictions` cannot be None.")
    _check_dtype(examples, "string", "Regression input tensors")
    _check_dtype(predictions, "float32", "Regression output tensors")
    return build_signature_def({sc.REGRESS_INPUTS: build_tensor_info(examples)},
                               {sc.REGRESS_OUTPUTS: build_tensor_info(predictions)}, sc.REGRESS_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    """The Classify SignatureDef: serialized tf.Examples -> string `classes` and/or float `scores`.

    >>> tf.saved_model.classification_signature_def(serialized_examples, classes=None, scores=probs)
    """
    if examples is None:
        raise ValueError("Classification `examples` cannot be None.")
    if not hasattr(examples, "dtype"):
        raise ValueError(f"Classification `examples` must be a string Tensor. Found `examples` of type "
                         f"{type(examples)}.")
    if classes is None and scores is None:
        raise ValueError("Classification `classes` and `scores` cannot both be None.")
    _check_dtype(examples, "string", "Classification input tensors")
    outputs = {}
    if classes is not None:
        _check_dtype(classes, "string", "Classification classes")
        outputs[sc.CLASSIFY_OUTPUT_CLASSES] = build_tensor_info(classes)
    if scores is not None:
        _check_dtype(scores, "float32", "Classification scores")
        outputs[sc.CLASSIFY_OUTPUT_SCORES] = build_tensor_info(scores)
    return build_signature_def({sc.CLASSIFY_INPUTS: build_tensor_info(examples)}, outputs, sc.CLASSIFY_METHOD_NAME)


def _check_dtype(tensor, kind, what):
    dtype = dtypes.as_dtype(tensor.dtype)
    if dtype.name != kind:
        wanted = "tf.string" if kind == "string" else "tf.float32"
        raise ValueError(f"{what} must be {wanted}; '{tensor.name}' is {dtype.name}.")


_METHOD_KEYS = {sc.PREDICT_METHOD_NAME: None,
                sc.CLASSIFY_METHOD_NAME: ({sc.CLASSIFY_INPUTS}, {sc.CLASSIFY_OUTPUT_CLASSES, sc.CLASSIFY_OUTPUT_SCORES}),
                sc.REGRESS_METHOD_NAME: ({sc.REGRESS_INPUTS}, {sc.REGRESS_OUTPUTS})}


def is_valid_signature(signature_def):
    """Whether `signature_def` is a valid Predict, Classify or Regress signature (TF Serving's rules).

    >>> tf.saved_model.is_valid_signature(tf.saved_model.predict_signature_def({"x": x}, {"y": y}))
    True
    """
    if signature_def is None or signature_def.method_name not in _METHOD_KEYS:
        return False
    if signature_def.method_name == sc.PREDICT_METHOD_NAME:
        return bool(signature_def.inputs) and bool(signature_def.outputs)
    input_keys, output_keys = _METHOD_KEYS[signature_def.method_name]
    if set(signature_def.inputs) != input_keys or not signature_def.outputs \
            or not set(signature_def.outputs) <= output_keys:
        return False
    if any(signature_def.inputs[k].dtype != data_type("string") for k in input_keys):
        return False
    for key, info in signature_def.outputs.items():
        if key == sc.CLASSIFY_OUTPUT_CLASSES:
            if info.dtype != data_type("string"):
                return False
        elif info.dtype != data_type("float32"):
            return False
    return True
