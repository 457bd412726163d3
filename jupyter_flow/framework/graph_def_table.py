"""Our op attributes <-> TF1's NodeDef attributes, per op type: the one table both directions read.

Our ops keep only what their kernels need; TF1's NodeDefs also spell out the dtype attributes its op
definitions declare ('T', 'Tidx', 'SrcT'...), and take some values as constant inputs where we hold an
attribute (a reduction's axis, a transpose's perm). Export adds the first and turns the second into a
Const input; import strips the first and folds the Const back into the attribute.

    >>> OPS_WITH_T >= {"MatMul", "Add", "Identity"}
    True
"""

# Op types whose TF1 definition has a 'T' attribute: the dtype of their first input.
OPS_WITH_T = frozenset("""
    Abs Acos Acosh Add AddN AddV2 ApplyAdagrad ApplyAdam ApplyGradientDescent ApplyMomentum ApplyRMSProp ArgMax
    ArgMin Asin Asinh Assign AssignAdd AssignSub Atan Atan2 Atanh AvgPool BiasAdd BiasAddGrad Ceil ConcatV2
    Conv2D Cos Cosh DepthwiseConv2dNative Digamma Div DivNoNan Elu Equal Erf Erfc Exp ExpandDims Expm1 Fill
    Floor FloorDiv FloorMod Greater GreaterEqual Identity IsFinite IsInf IsNan L2Loss LeakyRelu Less LessEqual
    Lgamma Log Log1p LogSoftmax LogicalNot MatMul Max MaxPool Maximum Mean Min Minimum Mod Mul Neg NotEqual
    OnesLike Pack Pow Prod RealDiv Reciprocal Relu Relu6 Reshape Rint Round Rsqrt Selu Shape Sigmoid Sign Sin
    Sinh Size Softmax SoftmaxCrossEntropyWithLogits Softplus Softsign SparseSoftmaxCrossEntropyWithLogits Sqrt
    Square SquaredDifference Squeeze StopGradient Sub Sum Tan Tanh Tile Transpose Unpack Where Xdivy Xlogy
    ZerosLike
""".split())
# Linear algebra (jupyter_flow/ops/linalg_decomposition_ops.py, BatchMatMulV2 in linalg_ops.py).
OPS_WITH_T = OPS_WITH_T | frozenset("""
    BatchMatMulV2 Cholesky Cross LogMatrixDeterminant MatrixDeterminant MatrixInverse MatrixSolve
    MatrixTriangularSolve Qr SelfAdjointEigV2 Svd
""".split())
# Logical ops are over bool only: TF1's definitions have no 'T'.
_NO_T = frozenset(["LogicalNot", "LogicalAnd", "LogicalOr"])

# Attributes TF1 adds with a fixed value (defaults of its op definitions our kernels do not vary).
FIXED_ATTRS = {
    "MatMul": {"grad_a": False, "grad_b": False},
    "Cast": {"Truncate": False},
    "Conv2D": {"use_cudnn_on_gpu": True, "explicit_paddings": []},
    "BiasAdd": {"data_format": "NHWC"},
    "Fill": {"index_type": "int32"},
    "GatherV2": {"Taxis": "int32"},
    "Transpose": {"Tperm": "int32"},
    "Reshape": {"Tshape": "int32"},
    "Tile": {"Tmultiples": "int32"},
    "ExpandDims": {"Tdim": "int32"},
    "ConcatV2": {"Tidx": "int32"},
    "ArgMax": {"Tidx": "int32"},
    "ArgMin": {"Tidx": "int32"},
}
FIXED_ATTRS["BatchMatMulV2"] = {"grad_x": False, "grad_y": False}
_REDUCTIONS = ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any")
for _op in _REDUCTIONS:
    FIXED_ATTRS[_op] = {"Tidx": "int32"}

# Dtype attributes TF1 declares that our ops derive: (attribute, the input whose dtype it is; "out": the
# dtype of output 0).
DTYPE_FROM_INPUT = {
    "PlaceholderWithDefault": (("dtype", 0),),
    "FusedBatchNorm": (("T", 0),),
    "OneHot": (("T", "out"), ("TI", 0)),
    "GatherV2": (("Tparams", 0), ("Tindices", 1)),
    "Pad": (("T", 0),),
    "SparseSoftmaxCrossEntropyWithLogits": (("Tlabels", 1),),
    "StridedSlice": (("T", 0), ("Index", 1)),
    "Select": (("T", 1),),
    "TopKV2": (("T", 0),),
    "Cumsum": (("T", 0),),
    "Cumprod": (("T", 0),),
}

# (our attribute, TF1's input position (-1: last), suffix of the Const node export makes for it)
ATTR_AS_INPUT = {
    "Transpose": ("perm", 1, "perm"),
    "ConcatV2": ("axis", -1, "axis"),
    "ArgMax": ("axis", 1, "dimension"),
    "ArgMin": ("axis", 1, "dimension"),
    "ExpandDims": ("dim", 1, "dim"),
    "Fill": ("shape", 0, "dims"),
    "GatherV2": ("axis", -1, "axis"),
}
for _op in _REDUCTIONS:
    ATTR_AS_INPUT[_op] = ("axis", 1, "reduction_indices")

# Our attributes TF1 does not have, dropped on export when they hold TF1's implied value.
IMPLIED_ATTRS = {"Softmax": {"axis": -1}, "LogSoftmax": {"axis": -1}}

# Our op type -> the one TF 2.x's compat.v1 writes for the same computation (tf.add and `+` give AddV2,
# which differs from Add only in refusing strings); we define AddV2 too, so import needs no mapping.
EXPORTED_OP_TYPE = {"Add": "AddV2", "Select": "SelectV2"}

# TF1's op type -> ours, where ours computes the same under another name (our Select broadcasts its three
# inputs as TF's SelectV2 does; tf.where of TF 2.x's compat.v1 writes SelectV2).
IMPORTED_OP_TYPE = {"SelectV2": "Select"}

# Attributes no op of ours reads: TF's placement and bookkeeping annotations.
IGNORED_ON_IMPORT = frozenset(["_class", "_output_shapes", "_has_manual_control_dependencies", "_XlaCompile"])


def tf_only_attr_names(op_type):
    """The NodeDef attributes export adds to an op of `op_type` (import strips them again).

        >>> sorted(tf_only_attr_names("MatMul"))
        ['T', 'grad_a', 'grad_b']
    """
    names = set(FIXED_ATTRS.get(op_type, ())) | {attr for attr, _ in DTYPE_FROM_INPUT.get(op_type, ())}
    if op_type in OPS_WITH_T and op_type not in _NO_T:
        names.add("T")
    return names | IGNORED_ON_IMPORT

# Our op types TensorFlow has no op for, even after export maps ours to TF's (checked against TF 2.21's
# op registry): mostly the gradient kernels tf.gradients adds (TF writes those as several ops). A
# GraphDef holding one cannot be imported by TensorFlow; tf.saved_model leaves them (and what
# depends on them, e.g. the train op) out of the graphs it writes.
OPS_TENSORFLOW_LACKS = frozenset("""
    CrossEntropyGrad DatasetArg FlattenGrad HashedCross InitializedValue LogSoftmaxGrad LoopArg ReductionGrad
    ReportUninitializedVariables SigmoidCrossEntropyWithLogitsGrad SoftmaxGrad SumToShape TextSummary
""".split())
