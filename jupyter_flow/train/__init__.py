"""tf.train: optimizers, learning-rate schedules, the global step, checkpoints (Saver) and
meta graphs (TF1 names).

>>> training_op = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(mse)
>>> saver = tf.train.Saver(); saver.save(sess, "/tmp/my_model.ckpt")
"""
from .adadelta import AdadeltaOptimizer
from .adagrad import AdagradOptimizer
from .adagrad_da import AdagradDAOptimizer
from .adam import AdamOptimizer
from .ftrl import FtrlOptimizer
from .checkpoint_state import (CheckpointState, checkpoint_exists, get_checkpoint_mtimes, get_checkpoint_state,
                               latest_checkpoint, update_checkpoint_state)
from .gradient_descent import GradientDescentOptimizer
from .coordinator import Coordinator
from .input import (batch, batch_join, input_producer, limit_epochs, range_input_producer, shuffle_batch,
                    shuffle_batch_join, slice_input_producer, string_input_producer)
from .queue_runner import QueueRunner, add_queue_runner, start_queue_runners
from .basic_session_run_hooks import (CheckpointSaverHook, FinalOpsHook, LoggingTensorHook, NanLossDuringTrainingError,
                                      NanTensorHook, StepCounterHook, StopAtStepHook, SummarySaverHook)
from .monitored_session import (ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession, Scaffold,
                                SingularMonitoredSession)
from .session_run_hook import (SecondOrStepTimer, SessionRunArgs, SessionRunContext, SessionRunHook,
                               SessionRunValues)
from .checkpoint_utils import (CheckpointReader, NewCheckpointReader, list_variables, load_checkpoint,
                               load_variable)
from .tensor_bundle import export_checkpoint_for_tensorflow
from .cosine_decay import cosine_decay, cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay
from .learning_rate_decay import (exponential_decay, inverse_time_decay, natural_exp_decay, piecewise_constant,
                                  polynomial_decay)
from .meta_graph import MetaGraphDef, export_meta_graph, import_meta_graph
from .momentum import MomentumOptimizer
from .moving_averages import ExponentialMovingAverage
from .optimizer import Optimizer
from .proximal import ProximalAdagradOptimizer, ProximalGradientDescentOptimizer
from .rmsprop import RMSPropOptimizer
from .saver import Saver
from .summary_iterator import summary_iterator
from .training_util import (assert_global_step, create_global_step, get_global_step, get_or_create_global_step,
                            global_step)

__all__ = ["Coordinator", "QueueRunner", "add_queue_runner", "batch", "batch_join", "input_producer", "limit_epochs",
           "range_input_producer", "shuffle_batch", "shuffle_batch_join", "slice_input_producer",
           "start_queue_runners", "string_input_producer",
           "CheckpointSaverHook", "FinalOpsHook", "LoggingTensorHook", "NanLossDuringTrainingError", "NanTensorHook",
           "StepCounterHook", "StopAtStepHook", "SummarySaverHook", "ChiefSessionCreator", "MonitoredSession",
           "MonitoredTrainingSession", "Scaffold", "SingularMonitoredSession", "SecondOrStepTimer", "SessionRunArgs",
           "SessionRunContext", "SessionRunHook", "SessionRunValues",
           "AdadeltaOptimizer", "AdagradDAOptimizer", "AdagradOptimizer", "AdamOptimizer", "CheckpointReader",
           "CheckpointState", "export_checkpoint_for_tensorflow", "NewCheckpointReader", "list_variables", "load_checkpoint", "load_variable",
           "ExponentialMovingAverage", "FtrlOptimizer", "GradientDescentOptimizer", "MetaGraphDef",
           "MomentumOptimizer", "Optimizer", "ProximalAdagradOptimizer", "ProximalGradientDescentOptimizer",
           "RMSPropOptimizer", "Saver", "assert_global_step", "checkpoint_exists",
           "cosine_decay", "cosine_decay_restarts", "create_global_step", "exponential_decay",
           "inverse_time_decay", "linear_cosine_decay", "natural_exp_decay", "noisy_linear_cosine_decay",
           "piecewise_constant", "polynomial_decay", "summary_iterator", "export_meta_graph", "get_checkpoint_state", "get_global_step",
           "get_or_create_global_step", "global_step", "import_meta_graph", "latest_checkpoint",
           "update_checkpoint_state", "get_checkpoint_mtimes"]

from .checkpoint_saver_listener import CheckpointSaverListener  # noqa: E402
from .init_from_checkpoint import init_from_checkpoint  # noqa: E402
from .warm_starting_util import warm_start  # noqa: E402,F401
__all__.append("warm_start")

__all__ += ["CheckpointSaverListener", "init_from_checkpoint"]

from .write_graph import write_graph  # noqa: E402
__all__ += ["write_graph"]
from .example_protos import (BytesList, Example, Feature, FeatureList, FeatureLists, Features, FloatList,  # noqa: E402
                             Int64List, SequenceExample)

__all__ += ["BytesList", "Example", "Feature", "FeatureList", "FeatureLists", "Features", "FloatList", "Int64List",
            "SequenceExample"]
