"""The op contract: Python's op registry and the C++ kernel registry describe the same ops."""
import importlib
import pkgutil

import jupyter_flow
from jupyter_flow import _engine
from jupyter_flow.framework.op_contract import contract_problems
from jupyter_flow.framework.op_def import OP_DEFS, OpDef


def _import_every_op_module():
    """Ops are defined as their modules load: load every module that may define one."""
    for info in pkgutil.walk_packages(jupyter_flow.__path__, "jupyter_flow."):
        if not info.name.startswith("jupyter_flow.notebook"):
            importlib.import_module(info.name)


def test_every_python_op_has_a_kernel_with_the_same_ref_inputs_and_every_kernel_an_op():
    _import_every_op_module()
    problems = contract_problems(OP_DEFS, _engine.registered_kernels(), _engine.kernel_ref_inputs)
    assert problems == [], "\n".join(problems)


def test_the_registries_hold_the_ops_users_run():
    kernels = set(_engine.registered_kernels())
    assert {"Const", "MatMul", "Assign", "ApplyAdam"} <= kernels
    assert list(_engine.kernel_ref_inputs("Assign")) == [0] == list(OP_DEFS["Assign"].ref_inputs)


def _defs(**specs):
    return {t: OpDef(t, infer=None, ref_inputs=refs, python_only=py_only) for t, (refs, py_only) in specs.items()}


def test_contract_names_an_op_without_a_kernel():
    problems = contract_problems(_defs(Frobnicate=((), False)), [], lambda t: [])
    assert len(problems) == 1 and "'Frobnicate' is defined in Python but no C++ kernel" in problems[0]


def test_contract_names_a_kernel_without_an_op():
    problems = contract_problems({}, ["Orphan"], lambda t: [])
    assert len(problems) == 1 and "kernel is registered for 'Orphan'" in problems[0]


def test_contract_names_ref_inputs_that_disagree():
    problems = contract_problems(_defs(Assign=((0,), False)), ["Assign"], lambda t: [0, 1])
    assert len(problems) == 1 and "ref inputs [0] in Python" in problems[0] and "[0, 1] in its C++" in problems[0]


def test_contract_accepts_a_declared_python_only_op_and_refuses_one_with_a_kernel():
    assert contract_problems(_defs(Marker=((), True)), [], lambda t: []) == []
    problems = contract_problems(_defs(Marker=((), True)), ["Marker"], lambda t: [])
    assert len(problems) == 1 and "declared python_only" in problems[0]
