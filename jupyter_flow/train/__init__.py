"""tf.train: checkpoints (Saver, latest_checkpoint, ...) and meta graphs.

>>> saver = tf.train.Saver()
>>> saver.save(sess, "/tmp/my_model.ckpt")
"""
from .checkpoint_state import (CheckpointState, checkpoint_exists, get_checkpoint_state,  # noqa: F401
                               latest_checkpoint, update_checkpoint_state)
from .meta_graph import MetaGraphDef, export_meta_graph, import_meta_graph  # noqa: F401
from .saver import Saver  # noqa: F401
