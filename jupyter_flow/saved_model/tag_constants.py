"""tf.saved_model.tag_constants: the tags TF1 names a MetaGraphDef of a SavedModel with.

    >>> builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING])
"""
SERVING = "serve"
TRAINING = "train"
EVAL = "eval"
GPU = "gpu"
TPU = "tpu"
