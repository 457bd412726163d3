"""tf.saved_model.main_op: the op a SavedModel runs after its variables are restored.

    >>> builder.add_meta_graph_and_variables(sess, ["serve"], main_op=tf.saved_model.main_op.main_op())
"""
from ..framework.graph import get_default_graph
from ..ops.control_flow_ops import group
from ..ops.state_ops import global_variables_initializer, local_variables_initializer, tables_initializer


def main_op():
    """An op that initializes the global and local variables and the lookup tables, as TF1's: run
    after the restore, it sets the variables back to their initial values (pass
    legacy_init_op=tf.local_variables_initializer() to keep the restored ones).

    >>> tf.saved_model.main_op.main_op().type
    'NoOp'
    """
    return group(global_variables_initializer(), local_variables_initializer(), tables_initializer())


def main_op_with_restore(restore_op_name):
    """main_op() followed by the op named `restore_op_name`.

    >>> tf.saved_model.main_op_with_restore("save/restore_all")
    """
    graph = get_default_graph()
    restore = graph.get_operation_by_name(restore_op_name) if isinstance(restore_op_name, str) else restore_op_name
    with graph.control_dependencies([main_op()]):
        return group(restore)
