"""jupyter_flow: the TensorFlow 1.x graph-and-session API with a compiled C++ engine.

>>> import jupyter_flow as tf
>>> x = tf.Variable(3, name="x"); y = tf.Variable(4, name="y"); f = x*x*y + y + 2
"""
import scipy_openblas32 as _openblas  # noqa: F401 - loads libscipy_openblas before the engine

from . import _engine  # noqa: F401
from .framework import errors
from .framework.dtypes import (DType, as_dtype, bfloat16, bool, complex64, complex128, double, float16,  # noqa: A004
                               float32, float64, half, int8, int16, int32, int64, string, uint8, uint16, uint32,
                               uint64)
from .framework.graph import (Graph, GraphKeys, Operation, Tensor, add_to_collection, control_dependencies,
                              get_collection, get_collection_ref, get_default_graph, name_scope,
                              reset_default_graph)
from .framework.scopes import AUTO_REUSE, VariableScope, get_variable, get_variable_scope, variable_scope
from .framework.tensor_shape import Dimension, TensorShape
from .framework.device import device
from .framework import nest
from .client.session import InteractiveSession, Session, get_default_session
from .client.config import ConfigProto, GPUOptions
from .summary.run_metadata_protos import RunMetadata, RunOptions
from .ops.array_ops import (fill, identity, ones, ones_like, placeholder, placeholder_with_default, stop_gradient,
                            where, zeros, zeros_like)
from .ops.constant_op import constant, convert_to_tensor, is_tensor
from .ops.control_flow_ops import group, no_op
from .ops.control_flow_cond import case, cond
from .ops.control_flow_loop import while_loop
from .ops.tensor_array import TensorArray
from .ops.functional_ops import foldl, foldr, map_fn, scan
from .ops.control_flow_ops import tuple_ as tuple  # noqa: A004
from .ops.init_ops import (constant_initializer, glorot_normal_initializer, glorot_uniform_initializer,
                           ones_initializer, random_normal_initializer, random_uniform_initializer,
                           truncated_normal_initializer, variance_scaling_initializer, zeros_initializer)
from .ops.linalg_ops import matmul, matrix_inverse, transpose
from .ops.math_ops import (abs, add, add_n, cast, cos, divide, equal, exp, floor_div, floordiv, floormod,  # noqa: A004
                           greater, greater_equal, less, less_equal, log, log1p, logical_and, logical_not,
                           logical_or, logical_xor, maximum, minimum, mod, multiply, negative, not_equal, pow,
                           reciprocal, rsqrt, sigmoid, sign, sin, sqrt, square, squared_difference, subtract,
                           tanh, to_double, to_float, to_int32, to_int64, truediv)
from .ops.clip_ops import clip_by_value
from .ops.math_ops import div, realdiv, to_bfloat16
from .ops.reduction_ops import arg_max, arg_min, count_nonzero
from .ops.scan_ops import cumprod, cumsum
from .ops.unique_ops import unique, unique_with_counts
from .ops.sequence_ops import sequence_mask
from .ops.einsum_ops import einsum, tensordot
from .ops.pad_ops import pad
from .ops.matrix_construction_ops import (diag, diag_part, eye, lin_space, linspace, matrix_band_part, matrix_diag,
                                          matrix_diag_part, meshgrid, trace)
from .ops.boolean_mask_ops import boolean_mask
from .ops.sort_ops import argsort, sort
from .ops.norm_ops import norm
from .ops.script_ops import numpy_function, py_func
from .ops.check_ops import (Assert, assert_equal, assert_greater, assert_greater_equal, assert_less,
                            assert_less_equal, assert_negative, assert_non_negative, assert_non_positive,
                            assert_none_equal, assert_positive, assert_rank, assert_rank_at_least, assert_scalar,
                            assert_type)
from .ops.logging_ops import Print, print  # noqa: A004 - TF's tf.print
from .ops.numerics_ops import add_check_numerics_ops, check_numerics
from .ops.clip_norm_ops import clip_by_average_norm, clip_by_global_norm, clip_by_norm, global_norm
from .ops.random_sampling_ops import multinomial, random_shuffle
from .ops.reduction_ops import (argmax, argmin, reduce_all, reduce_any, reduce_max, reduce_mean, reduce_min,
                                reduce_prod, reduce_sum)
from .ops.reduction_ops import reduce_logsumexp
from .metrics.confusion import confusion_matrix
from .ops.string_ops import reduce_join, regex_replace, string_join, string_strip, string_to_number, substr
from .ops.math_ops_more import (acos, acosh, asin, asinh, atan, atan2, atanh, ceil, cosh, digamma, div_no_nan, erf,
                                erfc, expm1, floor, is_finite, is_inf, is_nan, lgamma, log_sigmoid, rint, round,
                                sinh, tan, xdivy, xlogy)
from .ops.random_ops import random_normal, random_uniform, set_random_seed, truncated_normal
from .ops.concat_ops import concat, split, stack, unstack
from .ops.indexing_ops import gather, newaxis, slice, strided_slice, unsorted_segment_sum  # noqa: A004
from .ops.segment_ops import (segment_max, segment_mean, segment_min, segment_prod, segment_sum,
                              unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min, unsorted_segment_prod,
                              unsorted_segment_sqrt_n)
from .ops.scatter_ops import (gather_nd, scatter_add, scatter_div, scatter_max, scatter_min, scatter_mul, scatter_nd,
                              scatter_nd_add, scatter_nd_sub, scatter_nd_update, scatter_sub, scatter_update,
                              tensor_scatter_nd_add, tensor_scatter_nd_sub, tensor_scatter_nd_update)
from .ops.sequence_ops import one_hot, range  # noqa: A004
from .ops.shape_ops import expand_dims, rank, reshape, reverse, reverse_v2, shape, size, squeeze, tile
from .ops.state_ops import (assign, assign_add, assign_sub, global_variables, global_variables_initializer, tables_initializer,
                            is_variable_initialized, local_variables, local_variables_initializer,
                            report_uninitialized_variables, trainable_variables, variables_initializer)
from .ops.variables import Variable
from .gradients import gradients
from . import contrib, data, image, initializers, layers, losses, nn, random, summary, train
from . import debugging
from . import estimator, examples, feature_column, keras, metrics  # TF1's estimators, their columns and metrics
from . import saved_model  # tf.saved_model: SavedModel directories in TensorFlow's format
from . import tf_logging as logging  # tf.logging
from . import app  # tf.app.run, tf.app.flags
from .app import flags  # tf.flags
from .ops.image_ops import random_crop
from .ops.space_depth_ops import depth_to_space, space_to_depth
from .ops.parsing_ops import decode_csv, string_split
from .ops.queue_ops import FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue
from .ops.reader_ops import (FixedLengthRecordReader, ReaderBase, TextLineReader, TFRecordReader, WholeFileReader,
                             read_file)
from .ops.count_up_to_op import count_up_to
from .framework.sparse_tensor import SparseTensor, SparseTensorValue, convert_to_tensor_or_sparse_tensor
from .ops.sparse_ops import sparse_placeholder, sparse_tensor_to_dense, sparse_to_dense
from .ops.sparse_reshaping_ops import (sparse_concat, sparse_fill_empty_rows, sparse_reorder, sparse_reshape,
                                       sparse_retain, sparse_slice, sparse_transpose)
from .ops.sparse_math_ops import (sparse_add, sparse_maximum, sparse_minimum, sparse_reduce_sum,
                                  sparse_reduce_sum_sparse, sparse_softmax, sparse_tensor_dense_matmul)
from . import sparse  # tf.sparse.to_dense, tf.sparse.sparse_dense_matmul ...
from . import strings
from . import gfile, io  # tf.gfile (TF1 names), tf.io.gfile (TF2 names)
from . import test_case as test  # tf.test.TestCase, tf.test.main
from . import distributions
from . import math  # tf.math (TF1 1.13+ names)
from . import python_io  # tf.python_io (tf.io above): TFRecord files and tf.train.Example parsing
from .ops.parsing_example_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, decode_raw,
                                      parse_example, parse_single_example)
from .framework import graph_util  # tf.graph_util: freezing and pruning GraphDefs
from .framework.importer import import_graph_def
from .summary.protos import GraphDef, NodeDef
from .notebook.extension import load_ipython_extension, unload_ipython_extension  # %load_ext jupyter_flow
from . import compat  # tf.compat.v1 (jupyter_flow itself), tf.compat.as_bytes ...
from .compat import dimension_at_index, dimension_value
from .framework.behavior import (COMPILER_VERSION, GIT_VERSION, GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_CONSUMER,
                                 GRAPH_DEF_VERSION_MIN_PRODUCER, VERSION, disable_control_flow_v2,
                                 disable_eager_execution, disable_resource_variables, disable_tensor_equality,
                                 disable_v2_behavior, disable_v2_tensorshape, enable_control_flow_v2,
                                 enable_eager_execution, enable_resource_variables, enable_v2_behavior,
                                 executing_eagerly, executing_eagerly_outside_functions, get_logger,
                                 resource_variables_enabled)
from .framework.gradient_override import NoGradient, NotDifferentiable, RegisterGradient, no_gradient
from .framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from .framework.tensor_util import get_static_value
from .ops.custom_gradient import custom_gradient
from .ops.template import make_template
from .ops.script_ops import py_function
from .ops.random_ops import get_seed
from .ops.broadcast_ops import broadcast_dynamic_shape, broadcast_static_shape, broadcast_to
from .ops.identity_n_ops import ensure_shape, identity_n
from .ops.partition_ops import dynamic_partition, dynamic_stitch, invert_permutation
from .ops.variable_collections import (get_local_variable, initialize_all_tables, initialize_local_variables,
                                       initialize_variables, model_variables, moving_average_variables)
from .ops.check_ops import assert_integer, assert_near, assert_rank_in, assert_same_float_dtype

__version__ = "0.1.0"
initialize_all_variables = global_variables_initializer
all_variables = global_variables


def show_graph(graph=None, highlight=None, run_metadata=None):
    """Display the graph inline in a notebook (collapsible name scopes in JupyterLab); with the
    run_metadata of a traced run, coloured by where the run's time went.

    >>> tf.show_graph(highlight=[mse])
    >>> tf.show_graph(run_metadata=md)
    """
    from .notebook.graph_view import show_graph as _show
    return _show(graph, highlight, run_metadata=run_metadata)


def __getattr__(name):
    # tf.notebook pulls in ipywidgets/plotly: import it only when asked for.
    if name == "notebook":
        import importlib
        return importlib.import_module(".notebook", __name__)
    raise AttributeError(f"module 'jupyter_flow' has no attribute '{name}'")
from .tensorflow_alias import install_as_tensorflow, tensorflow_alias_is_on, uninstall_tensorflow_alias  # noqa: E402
from .ops.string_hash_ops import as_string, string_to_hash_bucket_fast  # noqa: E402
from . import linalg  # noqa: E402 - tf.linalg
from .ops.linalg_decomposition_ops import (cholesky, cross, matrix_determinant, matrix_solve,  # noqa: E402
                                           matrix_triangular_solve, qr, self_adjoint_eig, self_adjoint_eigvals, svd)
from .ops.linalg_compositions import (cholesky_solve, matrix_set_diag, matrix_solve_ls,  # noqa: E402
                                      matrix_transpose)
