"""tf.saved_model.constants: the file, directory and collection names of the SavedModel layout.

    export_dir/saved_model.pb                         a SavedModel protobuf (MetaGraphDefs with tags)
    export_dir/variables/variables.index              the variables, TensorFlow's tensor-bundle checkpoint
    export_dir/variables/variables.data-00000-of-00001
    export_dir/assets/                                files the graph reads (vocabularies ...)

    >>> os.path.join(export_dir, tf.saved_model.constants.SAVED_MODEL_FILENAME_PB)
"""
ASSETS_DIRECTORY = "assets"
ASSETS_KEY = "saved_model_assets"
DEBUG_DIRECTORY = "debug"
DEBUG_INFO_FILENAME_PB = "saved_model_debug_info.pb"
LEGACY_INIT_OP_KEY = "legacy_init_op"
MAIN_OP_KEY = "saved_model_main_op"
TRAIN_OP_KEY = "saved_model_train_op"
SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt"
SAVED_MODEL_SCHEMA_VERSION = 1
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
# Signature keys TF's builder reserves for the init and train ops.
INIT_OP_SIGNATURE_KEY = "__saved_model_init_op"
TRAIN_OP_SIGNATURE_KEY = "__saved_model_train_op"
