"""tf.estimator: TF1's high-level training API on jupyter_flow's graphs and sessions.

>>> feature_cols = [tf.feature_column.numeric_column("X", shape=[64])]
>>> dnn = tf.estimator.DNNClassifier(hidden_units=[300, 100], n_classes=10, feature_columns=feature_cols)
>>> dnn.train(input_fn=tf.estimator.inputs.numpy_input_fn({"X": X}, y, num_epochs=40, batch_size=50, shuffle=True))
"""
from . import inputs
from .canned import (DNNClassifier, DNNLinearCombinedClassifier, DNNLinearCombinedRegressor, DNNRegressor,
                     LinearClassifier, LinearRegressor)
from .estimator import Estimator
from .model_fn import EstimatorSpec, ModeKeys
from .run_config import RunConfig
from .training import NanLossDuringTrainingError
from ..train.checkpoint_saver_listener import CheckpointSaverListener
from ..train.warm_starting_util import WarmStartSettings

__all__ = ["CheckpointSaverListener", "DNNClassifier", "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor",
           "DNNRegressor", "Estimator", "EstimatorSpec", "LinearClassifier", "LinearRegressor", "ModeKeys",
           "NanLossDuringTrainingError", "RunConfig", "WarmStartSettings", "inputs"]
